"""The legend shared by the dashboard and the snapshots: a row per thing drawn, its symbol in the map's colours."""
import base64
import re

from atlas.map.legend import legend_html, legend_items, symbol_image
from atlas.map.style import legend_rows
from tests.support.sample_data import sample_events


def test_one_row_per_thing_drawn_labels_escaped():
    events = sample_events()
    html = str(legend_html(events))
    rows = legend_rows(events)
    assert html.count('class="atlas-legend-row"') == len(rows) > 3
    for _symbol, colour, label in rows:
        assert f"<bdi>{label}</bdi>" in html
    assert "<svg" in html


def test_as_images_carries_the_same_svg_without_inline_svg():
    """Streamlit's st.html drops inline <svg>: the dashboard's legend carries each symbol as an <img>."""
    events = sample_events()
    html = str(legend_html(events, as_images=True))
    assert "<svg" not in html
    images = re.findall(r'<img alt=""(?: width="\d+" height="\d+")? src="data:image/svg\+xml;base64,([^"]+)">', html)
    assert len(images) == len(legend_items(events))
    for (symbol, _label), data in zip(legend_items(events), images):
        svg = base64.b64decode(data).decode("utf-8")
        assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" ')
        assert svg.replace(' xmlns="http://www.w3.org/2000/svg"', "", 1) == str(symbol)


def test_symbol_image_keeps_the_size():
    symbol, _label = legend_items(sample_events())[0]
    width = re.search(r'width="(\d+)"', str(symbol)).group(1)
    assert f'width="{width}"' in str(symbol_image(symbol))
