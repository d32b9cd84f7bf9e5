"""The period chart under the map as Streamlit draws it (AppTest): its height leaves the bars room in each language."""
import json

import pytest
from streamlit.testing.v1 import AppTest


def _chart_app(language: str) -> None:
    import streamlit as st

    from atlas.ui.language import LANGUAGE_KEY
    from atlas.ui.period_panel import render_period_chart
    from tests.support.sample_data import FakeGazetteer, sample_events, sample_places

    st.session_state[LANGUAGE_KEY] = language
    render_period_chart(sample_events(), FakeGazetteer(sample_places()), None, key="periods")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_chart_is_taller_where_its_rotated_period_words_are_longer(language):
    from atlas.ui.period_panel import CHART_HEIGHT

    at = AppTest.from_function(_chart_app, args=(language,), default_timeout=60).run()
    assert not at.exception
    (chart,) = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["height"] == CHART_HEIGHT["rtl" if language == "ar" else "ltr"]
    assert CHART_HEIGHT["rtl"] - CHART_HEIGHT["ltr"] >= 60         # Arabic month names, rotated
    assert [dataset.name for dataset in chart.proto.datasets] == ["atlas-periods"]   # the rows: data, not spec
