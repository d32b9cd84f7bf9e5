"""The sources table of the details panel (atlas.map.source_details): a row a source, its address under its outlet."""
import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas.i18n import translator
from atlas.map.source_details import _short_where, sources_table_html
from events.curated import load_curated
from events.sources import all_sources

CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)


def cells_by_row(table: str) -> list[list[str]]:
    return [CELL.findall(row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_each_source_is_a_row_of_the_headers_cells_with_its_address_under_its_outlet(language):
    """In a column of its own the address was squeezed to a character a line beside the quote (a narrow panel)."""
    event = max(load_curated(), key=lambda e: len(e.sources))
    sources = all_sources(event)
    assert len(sources) > 1
    header, *rows = cells_by_row(str(sources_table_html(event, translator(language))))
    assert len(rows) == len(sources)
    for cells, source in zip(rows, sources):
        assert len(cells) == len(header)
        outlet_cell = html.unescape(cells[0])
        assert source.outlet in outlet_cell
        where = source.url or source.seed
        assert 'class="atlas-src-where"' in cells[0]
        assert where.removeprefix("https://").removeprefix("http://")[:20] in outlet_cell


@pytest.mark.parametrize("where, shown", [
    ("seed_001.txt", "seed_001.txt"),
    ("https://example.org/a/very/long/path/to/an/article-2017", "example.org/a/very/long/path…"),
])
def test_a_long_address_is_cut_with_the_whole_of_it_on_hover(where, shown):
    markup = str(_short_where(where))
    assert html.unescape(re.sub(r"<[^>]+>", "", markup)) == shown
    assert (f'title="{where}"' in markup) == (shown != where)


@given(st.text(max_size=80))
def test_any_address_is_escaped(where):
    markup = str(_short_where(where))
    text = re.sub(r'<bdi( dir="ltr" title="[^"<>]*")?>|</bdi>', "", markup)
    assert "<" not in text and ">" not in text and '"' not in text
