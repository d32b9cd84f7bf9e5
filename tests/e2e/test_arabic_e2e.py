"""The dashboard in Arabic, as an Arabic-speaking team member uses it: right to left as a whole, the form's errors in
Arabic beside their fields, and no English interface text left (only names, codes and the events' own text)."""
from __future__ import annotations

import re

import pytest

from atlas.i18n import translator
from events.curated import load_curated
from geodata.gazetteer import load_gazetteer
from tests.support.browser import fill_entry, open_entry_form, screenshot, wait_idle, wait_until_ready

pytestmark = pytest.mark.browser
TIMEOUT_MS = 90_000
UNKNOWN_PLACE = "قرية لا وجود لها"
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]")
CODES = {
    "English", "Language",                                  # the language switch names both languages
    "CSV", "GeoJSON", "KML", "KMZ", "GeoPackage", "HTML", "PNG", "Excel", "QGIS", "UTC", "USD", "URL",
    "YYYY-MM-DD", "YYYY", "MM", "DD", "ATLAS_EDITORS", "ATLAS_ALLOW_SELF_REVIEW", "true", "seeds", "Hajar",
    "km", "x", "GEOJSON", "MB", "yyyy", "mm", "dd", "JSON", "PPTX", "PDF",
    "OpenStreetMap", "ODbL", "M5", "M4",                  # the road credit: a proper name, a licence, road numbers
    "analyst", "typed", "no", "sign-in",     # the name changes are recorded under, shown as recorded (data)
}
"""Latin the Arabic interface keeps on purpose: file formats, units, settings, date-field masks, the example name
in a placeholder, and the recorded name."""
SHOWN_TEXT_JS = """() => {
  // The page's text as a reader sees it: icons (their ligature names) and text drawn at size 0 (words Streamlit
  // writes itself, replaced through CSS) left out, the replacements (::after) counted.
  const parts = [], walker = document.createTreeWalker(document.querySelector('[data-testid="stApp"]'),
                                                        NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.currentNode; node; node = walker.nextNode()) {
    if (node.nodeType === Node.ELEMENT_NODE) {
      const after = getComputedStyle(node, '::after').content;
      if (after && after.startsWith('"')) parts.push(after.slice(1, -1));
      continue;
    }
    const parent = node.parentElement;
    if (parent.closest('[data-testid="stIconMaterial"], style, script')) continue;
    if (getComputedStyle(parent).fontSize === '0px') continue;
    parts.push(node.textContent);
  }
  return parts.join(' ');
}"""


def sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def error_after(page, name: str) -> str:
    """The text of the error drawn right after the form field ``entry_<name>`` ('' when there is none there)."""
    return page.evaluate("""name => {
      const field = document.querySelector('[data-testid="stSidebar"] .st-key-entry_' + name);
      let next = field && field.nextElementSibling;
      while (next && next.innerText.trim() === '') next = next.nextElementSibling;   // (empty placeholders)
      const alert = next
        && next.querySelector('[data-testid="stAlertContentError"] [data-testid="stMarkdownContainer"]');
      return alert ? alert.innerText.trim() : '';   // (the message, not the icon's ligature name)
    }""", name)


def test_arabic_form_errors_are_arabic_and_beside_their_fields(dashboard_app, offline_page):
    page = offline_page
    page.goto(dashboard_app.url + "/?lang=ar", wait_until="domcontentloaded")
    wait_until_ready(page, TIMEOUT_MS)
    bar = sidebar(page)
    assert bar.evaluate("s => getComputedStyle(s).direction") == "rtl"
    assert page.locator('[data-testid="stMain"]').evaluate("m => getComputedStyle(m).direction") == "rtl"
    bar.get_by_text("إضافة حدث").first.wait_for(timeout=TIMEOUT_MS)
    open_entry_form(page, TIMEOUT_MS)
    fill_entry(page, "user", "سلمى", TIMEOUT_MS)
    fill_entry(page, "date_start", "2017-03-10", TIMEOUT_MS)
    fill_entry(page, "date_end", "2017-03-01", TIMEOUT_MS)  # before the earliest date: a wrong date
    fill_entry(page, "origin_query", UNKNOWN_PLACE, TIMEOUT_MS)  # no place of the gazetteer: nothing to choose
    fill_entry(page, "outlet", "Enab Baladi", TIMEOUT_MS)  # a Latin outlet name inside the Arabic form
    fill_entry(page, "url", "https://example.org/arabic-e2e", TIMEOUT_MS)
    fill_entry(page, "quote_ar", "خرج أربعة عناصر من الحجر الأسود", TIMEOUT_MS)
    fill_entry(page, "summary_en", "Four members left al-Hajar al-Aswad.", TIMEOUT_MS)
    bar.get_by_role("button", name="حفظ كمسودة").click()
    bar.get_by_text("لم يُحفظ").first.wait_for(timeout=TIMEOUT_MS)
    wait_idle(page, TIMEOUT_MS)
    screenshot(page, "dashboard-ar-form-errors")

    date_error = error_after(page, "date_end")
    assert date_error.startswith("آخر تاريخ:") and "يسبق أبكر تاريخ" in date_error, date_error
    assert not LATIN_WORD.search(date_error), date_error     # Arabic words, the dates in digits
    place_error = error_after(page, "origin")
    assert place_error.startswith("نقطة الانطلاق:") and "لم يُختر" in place_error, place_error
    assert UNKNOWN_PLACE in place_error and not LATIN_WORD.search(place_error), place_error
    assert error_after(page, "outlet") == ""                 # nothing wrong there, nothing drawn
    summary = bar.locator('[data-testid="stAlertContentError"] [data-testid="stMarkdownContainer"]').last.inner_text()
    assert "لم يُحفظ" in summary and not LATIN_WORD.search(summary), summary
    assert page.blocked == []


def _data_words() -> set[str]:
    """Latin words of the events' own text and of place names: data, shown as typed in any language."""
    text = []
    for event in load_curated():
        record = event.to_record()
        text += [str(value) for value in record.values() if value]
        text += [str(value) for source in event.sources for value in source.to_record().values() if value]
    text += [place.name_en for place in load_gazetteer()]
    return set(LATIN_WORD.findall(" ".join(text)))


def test_the_arabic_dashboard_shows_no_english_interface_text(dashboard_app, offline_page):
    page = offline_page
    page.goto(dashboard_app.url + "/?lang=ar&event=s001-01", wait_until="domcontentloaded")
    wait_until_ready(page, TIMEOUT_MS)
    page.locator('.atlas-quote[dir="rtl"]').first.wait_for(timeout=TIMEOUT_MS)
    wait_idle(page, TIMEOUT_MS)
    shown = page.evaluate(SHOWN_TEXT_JS)     # the page's own text (the map is its own frame)
    left = sorted(set(LATIN_WORD.findall(shown)) - _data_words() - CODES)
    assert left == [], f"English interface text in Arabic mode: {left}"
    assert "الخريطة" in shown and "التصفية" in shown and "التفاصيل" in shown


CUT_SHORT_JS = """() => [...document.querySelectorAll('[data-testid="stApp"] *')]
  .filter(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1
               && getComputedStyle(e).textOverflow === 'ellipsis')
  .map(e => e.innerText)"""
"""The labels Streamlit cuts short with an ellipsis because they do not fit (buttons, options)."""


@pytest.mark.parametrize("language", ["ar", "en"])
def test_no_interface_label_is_cut_short(dashboard_app, offline_page, language):
    """Arabic words are wider than English ones: the playback buttons, three in a row in the sidebar, once read
    "تش…" and "خطو…". No label is cut in either language, the longest one (pause, while playing) included."""
    page = offline_page
    page.goto(dashboard_app.url + f"/?lang={language}", wait_until="domcontentloaded")
    wait_until_ready(page, TIMEOUT_MS)
    wait_idle(page, TIMEOUT_MS)
    assert page.evaluate(CUT_SHORT_JS) == []
    play = page.locator(".st-key-filters-play button").first
    play.click()
    pause = translator(language).gettext("⏸ pause")
    page.locator(".st-key-filters-play button", has_text=pause).first.wait_for(timeout=TIMEOUT_MS)
    assert page.evaluate(CUT_SHORT_JS) == [], pause
    rows = {round(page.locator(f".st-key-filters-{name}").first.bounding_box()["y"])
            for name in ("back", "play", "forward")}
    assert len(rows) == 1, rows                                                    # side by side in one row
    play.click()                                                                   # (playback stopped)
