"""The files and the frame in Arabic: the snapshot frame mirrored with Arabic words, KML labels, CSV headers on
request, the filter in words, the command line's messages; English stays as it was."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas.cli import main
from atlas.exports import EXPORTERS, Briefing
from atlas.i18n import translator
from atlas.snapshot import frame_html, snapshot_html
from atlas.words import describe_filter
from events.csv_format import COLUMNS
from events.filters import EventFilter
from events.vocabulary import EVENT_TYPES, OUTCOMES
from tests.support.exports_data import sample_events, sample_gazetteer

LATIN = re.compile(r"[A-Za-z]{2,}")


def arabic_briefing(**options) -> Briefing:
    return Briefing(sample_events(), sample_gazetteer(), include_drafts=True, language="ar", title="لقطة",
                    event_filter=EventFilter(date_from=dt.date(2017, 3, 1), date_to=dt.date(2017, 5, 31)), **options)


def _frame_words(frame: str) -> str:
    """The frame's own words: its boxes' text, without the outlets (data) and the inline chart."""
    text = re.sub(r"<svg.*?</svg>|<style>.*?</style>|<script>.*?</script>|<bdi>.*?</bdi>", " ", frame, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


def test_the_arabic_frame_is_right_to_left_with_arabic_words():
    frame = frame_html(arabic_briefing())
    assert 'class="atlas-box atlas-title atlas-rtl" dir="rtl" lang="ar"' in frame
    assert 'class="atlas-box atlas-footer atlas-rtl" dir="rtl"' in frame
    words = _frame_words(frame)
    for arabic in ("مفتاح الخريطة", "المصادر:", "المواقع تقريبية", "التواريخ من 1 آذار 2017 إلى 31 أيار 2017",
                   "يتضمن مسودات غير مراجَعة", "أُنشئت في"):
        assert arabic in words, arabic
    leftover = set(LATIN.findall(words)) - {"UTC", "Natural", "Earth", "GSHHG", "World", "Data", "Bank", "II",
                                            "GeoNames", "CC", "BY", "OpenStreetMap", "ODbL"}
    assert leftover == set(), leftover


def test_the_english_frame_keeps_its_words():
    frame = frame_html(Briefing(sample_events(), sample_gazetteer(), include_drafts=True))
    assert "<h2>Legend</h2>" in frame and "Sources:" in frame and 'class="atlas-box atlas-title"' in frame
    assert 'dir="ltr" lang="en"' in frame


def test_arabic_digits_in_the_frame_when_asked():
    frame = frame_html(arabic_briefing(digits="arabic-indic"))
    assert "١ آذار ٢٠١٧" in frame and "1 آذار 2017" not in frame


def test_kml_labels_in_arabic():
    kml = EXPORTERS["kml"].render(arabic_briefing()).decode("utf-8")
    assert "<Folder><name>المسارات</name>" in kml and "<name>الأماكن</name>" in kml
    assert "دقة التاريخ: يوم" in kml and "مسودة غير مراجَعة" in kml
    english = EXPORTERS["kml"].render(Briefing(sample_events(), sample_gazetteer(), include_drafts=True)).decode()
    assert "<Folder><name>Routes</name>" in english and "date precision: day" in english


@pytest.mark.parametrize("translated, first", [(False, "id"), (True, "معرّف الحدث")])
def test_csv_headers_in_arabic_only_on_request(translated, first):
    text = EXPORTERS["csv"].render(arabic_briefing(translated_headers=translated)).decode("utf-8-sig")
    header = next(row for row in csv.reader(io.StringIO(text)) if not row[0].startswith("#"))
    assert header[0] == first and len(header) == len(COLUMNS)
    if translated:
        assert not any(LATIN.search(name) for name in header), header


@given(types=st.lists(st.sampled_from(EVENT_TYPES), max_size=3, unique=True),
       outcomes=st.lists(st.sampled_from(OUTCOMES), max_size=2, unique=True),
       person=st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
       disputed=st.sampled_from([None, True, False]))
def test_the_filter_in_words_english_as_before_arabic_without_english(types, outcomes, person, disputed):
    event_filter = EventFilter(event_types=types, outcomes=outcomes, person=person, disputed=disputed,
                               date_from=dt.date(2017, 1, 1), date_to=dt.date(2017, 12, 31))
    assert describe_filter(event_filter, translator("en")) == event_filter.describe()
    arabic = describe_filter(event_filter, translator("ar"))
    assert "كانون الثاني" in arabic and "كانون الأول" in arabic
    words = arabic.replace(person.strip(), "") if person.strip() else arabic   # the name is data, as typed
    assert not LATIN.search(words), arabic


@pytest.mark.slow
def test_the_command_line_speaks_arabic_with_lang(tmp_path, capsys):
    out = tmp_path / "events.kml"
    assert main(["--lang", "ar", "export", "--format", "kml", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert said.startswith("كُتب") and str(out) in said and "كل الأحداث" in said
    assert "<Folder><name>المسارات</name>" in out.read_text(encoding="utf-8")
    assert main(["export", "--lang", "ar", "--format", "kml", "--out", str(tmp_path / "missing" / "x.kml")]) == 1
    assert capsys.readouterr().err.startswith("فشل الأمر export:")


def test_a_latin_outlet_inside_arabic_words_is_isolated():
    event_filter = EventFilter(outlets=["Enab Baladi"], person="أبو 3")
    arabic = describe_filter(event_filter, translator("ar"))
    assert "الوسائل: “\u2068Enab Baladi\u2069”" in arabic and "“\u2068أبو 3\u2069”" in arabic
    frame = frame_html(arabic_briefing())
    assert "<bdi>Test Outlet</bdi>" in frame and "\u2068" in frame        # outlets and the stamp isolated


@pytest.mark.parametrize("name_en, name_ar", [('Say "hi" <b>', "قرية <i>"), ("Yalda", "")])
def test_a_place_shows_its_interface_name_and_the_other_on_hover_escaped(name_en, name_ar):
    from atlas.map.details import place_name_html
    from geodata.place import Place

    place = Place(id="local:x", name_en=name_en, name_ar=name_ar, kind="town", lat=33.4, lon=36.3,
                  precision="settlement", uncertainty_m=1000.0, coord_source="test")
    arabic, english = str(place_name_html(place, translator("ar"))), str(place_name_html(place, translator("en")))
    if name_ar:
        assert arabic == '<bdi dir="rtl" lang="ar" title="Say &#34;hi&#34; &lt;b&gt;">قرية &lt;i&gt;</bdi>'
        assert english == '<bdi title="قرية &lt;i&gt;">Say &#34;hi&#34; &lt;b&gt;</bdi>'
    else:                                   # no Arabic name: the Latin one in both, nothing to hover
        assert arabic == english == "<bdi>Yalda</bdi>"


@pytest.mark.parametrize("language, expected", [("ar", "أطلس الحواجز: التنقّل عبر الحواجز"),
                                                ("en", "Checkpoint Atlas: movements through checkpoints")])
def test_the_default_title_is_in_the_briefings_language_and_a_typed_one_stays(language, expected):
    default = Briefing(sample_events(), sample_gazetteer(), language=language)
    assert default.shown_title == expected
    assert f"<title>{expected}</title>" in snapshot_html(default)
    typed = Briefing(sample_events(), sample_gazetteer(), language=language, title="Barada <exits>")
    assert typed.shown_title == "Barada <exits>"


_ARABIC_LETTER = re.compile("[\u0621-\u064a]")


@pytest.mark.parametrize("data, name, english, arabic", [
    (b"", "empty.csv", "the file is empty", "الملف فارغ"),
    (b"id,colour\nx,red\n", "cols.csv", "unknown column(s): 'colour'", "أعمدة غير معروفة: 'colour'"),
    (b"id,id\n", "twice.csv", "repeated column(s): id", "أعمدة مكرّرة: id"),
    (b"\xff\xfeid\n", "bad.csv", "not UTF-8 text", "ليس نصًا بترميز UTF-8"),
    (b'{"type": "Feature"', "cut.geojson", "not valid JSON", "ليس JSON صالحًا"),
    (b"[1, 2]", "list.geojson", "not a GeoJSON FeatureCollection", "ليس مجموعة معالم GeoJSON"),
])
def test_an_import_files_fault_reads_in_arabic_with_the_file_named_as_typed(data, name, english, arabic):
    from events.import_files import ImportFormatError, read_records

    with pytest.raises(ImportFormatError) as caught:
        read_records(data, name)
    assert english in str(caught.value)                          # the English text, for logs and the CLI
    shown = translator("ar").error(caught.value)
    assert shown.startswith(f"{name}: ") and arabic in shown, shown
    assert english not in shown


def test_several_column_problems_are_each_in_arabic():
    from events.import_files import ImportFormatError, read_records

    with pytest.raises(ImportFormatError) as caught:
        read_records(b"id,id,colour\n", "mixed.csv")
    shown = translator("ar").error(caught.value)
    assert "أعمدة مكرّرة: id" in shown and "أعمدة غير معروفة: 'colour'" in shown and "أعمدة ناقصة" in shown
    assert not re.search(r"\b(column|repeated|unknown|missing)\b", shown), shown


def test_an_import_rejection_reads_in_arabic():
    from events.importing import check_places
    from events.exc import EventValidationError

    event = sample_events()[0].replace(origin="local:nowhere-at-all")
    with pytest.raises(EventValidationError) as caught:
        check_places(event, sample_gazetteer())
    shown = translator("ar").message(caught.value.message)
    assert "'local:nowhere-at-all'" in shown and _ARABIC_LETTER.search(shown) and "gazetteer" not in shown
