"""The reader panel in Streamlit's script runner: read, inspect, send a draft (nothing saved)."""
import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

pytestmark = pytest.mark.slow   # runs panels of the dashboard under Streamlit's AppTest

REPORT = ("خرج صباح الخميس الثامن والعشرين من شهر كانون الأول الحالي، أربعة أشخاص من مخيم اليرموك "
          "إلى محافظة إدلب مقابل 4 آلاف دولار.\nوكان قد خرج أربعة مدنيين من حي الحجر الأسود <b>عبر</b> معمل بردى.")


def _panel_script():
    from atlas.ui.reader_panel import render_reader_panel
    from geodata.gazetteer import load_gazetteer
    render_reader_panel(load_gazetteer(), user="tester")


def _read(text, *, published=None):
    app = AppTest.from_function(_panel_script, default_timeout=60)
    app.run()
    app.text_area(key="reader-text").input(text)
    app.text_input(key="reader-outlet").input("Test outlet")
    if published:
        app.date_input(key="reader-published").set_value(published)
    next(b for b in app.button if b.label == "Read").click()
    app.run()
    assert not app.exception, app.exception
    return app


def test_reading_shows_findings_and_sends_a_draft_only_on_request():
    app = _read(REPORT, published=dt.date(2017, 12, 31))
    markup = "".join(m.value for m in [*app.markdown, *app.html])
    assert '<mark class="reader-place"' in markup and 'dir="rtl"' in markup
    assert "&lt;b&gt;عبر&lt;/b&gt;" in markup and "<b>عبر</b>" not in markup
    assert "reader_draft" not in app.session_state
    send = [b for b in app.button if b.label == "Send to the entry form"]
    assert len(send) == 2
    send[1].click()
    app.run()
    draft = app.session_state["reader_draft"]
    assert draft["quote_ar"].startswith("وكان قد خرج أربعة مدنيين")
    assert (draft["status"], draft["outlet"], draft["added_by"]) == ("draft", "Test outlet", "tester")
    assert (draft["origin"], draft["via"]) == ("geonames:8419677", "local:barada-factory")
    assert any("nothing has been saved" in s.value for s in app.success)


def _panel_with_a_form_that_takes_the_draft():
    import streamlit as st

    from atlas.ui.reader_panel import DRAFT_STATE_KEY, render_reader_panel
    from geodata.gazetteer import load_gazetteer
    taken = st.session_state.pop(DRAFT_STATE_KEY, None)     # what the sidebar entry form does first
    if taken:
        st.session_state["taken"] = taken["quote_ar"]
    render_reader_panel(load_gazetteer(), user="tester")


def test_the_sent_notice_survives_the_form_taking_the_draft():
    app = AppTest.from_function(_panel_with_a_form_that_takes_the_draft, default_timeout=60)
    app.run()
    app.text_area(key="reader-text").input(REPORT)
    next(b for b in app.button if b.label == "Read").click()
    app.run()
    next(b for b in app.button if b.label == "Send to the entry form").click()
    app.run()
    assert app.session_state["taken"].startswith("خرج صباح الخميس")
    assert any("nothing has been saved" in s.value for s in app.success)


@pytest.mark.parametrize("published, expected_window", [(None, ""), (dt.date(2017, 12, 31), "2017-12-28")])
def test_relative_dates_follow_the_publication_date(published, expected_window):
    app = _read("خرجوا فجر الخميس من مخيم اليرموك.", published=published)
    dates = app.dataframe[1].value
    assert list(dates["as written"]) == ["فجر الخميس"]
    assert list(dates["window"]) == [expected_window]
    assert bool(app.info) is (published is None)


def test_blank_text_asks_for_a_report():
    app = _read("   \n ")
    assert any("Paste the text" in w.value for w in app.warning)
    assert not app.dataframe and "reader_draft" not in app.session_state


def test_a_journey_in_two_sentences_is_one_draft_with_both_sentences_highlighted():
    app = _read("بدأ <b>عناصر</b> التنظيم في الحجر الأسود بالخروج عبر معمل بردى. ومعظم الذين خرجوا كانت "
                "وجهتهم إدلب.")
    notes = [m.value for m in app.html if 'class="reader-notes"' in m.value]
    assert len(notes) == len([b for b in app.button if b.label == "Send to the entry form"]) == 1
    assert "One journey told in 2 sentence(s)" in notes[0]
    (source,) = [m.value for m in app.html if 'class="reader-source"' in m.value]
    assert "&lt;b&gt;عناصر&lt;/b&gt;" in source and "<b>" not in source
    assert source.count('<mark class="reader-place"') == 3 and "<br>… " in source


def test_a_rejected_draft_is_hidden_until_restored():
    app = _read(REPORT, published=dt.date(2017, 12, 31))
    assert len([b for b in app.button if b.label == "Reject"]) == 2
    next(b for b in app.button if b.label == "Reject").click()
    app.run()
    assert len([b for b in app.button if b.label == "Reject"]) == 1
    assert any("1 draft rejected" in c.value for c in app.caption)
    assert "reader_draft" not in app.session_state
    next(b for b in app.button if b.label == "Show the rejected drafts again").click()
    app.run()
    assert len([b for b in app.button if b.label == "Reject"]) == 2
