"""atlas.i18n: the catalog is read from the .po, Arabic plural forms, messages from below, dates and digits."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas.i18n import SYRIAC_MONTHS, translator
from atlas.words import WORDS, word
from events import vocabulary
from geodata.message import Message
from geodata.place import KINDS, PRECISIONS


def test_arabic_is_read_from_its_catalog_and_right_to_left():
    ar, en = translator("ar"), translator("en")
    assert ar.gettext("Add an event") == "إضافة حدث"
    assert en.gettext("Add an event") == "Add an event"
    assert (ar.direction, en.direction) == ("rtl", "ltr")


def test_unknown_language_and_unknown_string_fall_back_to_english():
    assert translator("xx").language == "en"
    assert translator("ar").gettext("a string in no catalog") == "a string in no catalog"


@pytest.mark.parametrize("same", [(3, 10), (11, 99), (100, 102), (111, 199)])
def test_arabic_plural_forms_follow_the_catalogs_rule(same):
    ar = translator("ar")
    forms = [ar.ngettext("{count} event", "{count} events", n) for n in (0, 1, 2, 3, 11, 100)]
    assert len(set(forms)) == 6                      # zero, one, two, few (3-10), many (11-99), other (100-102)
    assert len({ar.ngettext("{count} event", "{count} events", n) for n in same}) == 1
    assert forms[1] == "حدث واحد" and forms[2] == "حدثان" and forms[3] == "{count} أحداث"


def test_english_plural():
    en = translator("en")
    assert [en.ngettext("{count} event", "{count} events", n) for n in (1, 2)] == ["{count} event", "{count} events"]


def test_a_message_from_below_is_translated_then_filled():
    message = Message("{value!r} is not a date in YYYY-MM-DD form", value="2019-02-30")
    assert message == "'2019-02-30' is not a date in YYYY-MM-DD form"
    shown = translator("ar").message(message)
    assert "'2019-02-30'" in shown and "ليس تاريخًا" in shown
    assert translator("en").message(message) == message


@given(st.text(max_size=30))
def test_a_message_keeps_any_value_as_given(value):
    message = Message("unknown place {choice!r}: pick a suggestion, or place it on the map", choice=value)
    assert repr(value) in translator("ar").message(message)


@pytest.mark.parametrize("language, digits, expected", [
    ("ar", "latin", "3 آذار 2019"), ("ar", "arabic-indic", "٣ آذار ٢٠١٩"), ("en", "arabic-indic", "3 Mar 2019"),
    ("en", "latin", "3 Mar 2019")])
def test_dates_use_syriac_months_and_the_digit_setting(language, digits, expected):
    assert translator(language, digits).date(dt.date(2019, 3, 3)) == expected


def test_every_month_has_its_syriac_name():
    ar = translator("ar")
    assert [ar.date(dt.date(2020, m, 1), month_only=True) for m in (1, 12)] == ["كانون الثاني 2020",
                                                                            "كانون الأول 2020"]
    assert len(set(SYRIAC_MONTHS)) == 12


@pytest.mark.parametrize("codes", [vocabulary.EVENT_TYPES, vocabulary.OUTCOMES, vocabulary.DATE_PRECISIONS,
                                   vocabulary.CONFIDENCES, vocabulary.PLACE_ROLES, vocabulary.STATUSES,
                                   vocabulary.SOURCE_STANCES, KINDS, PRECISIONS,
                                   [u for u in vocabulary.COUNT_UNITS if u]])
def test_every_vocabulary_code_has_a_translated_label(codes):
    ar = translator("ar")
    for code in codes:
        assert code in WORDS
        assert word(code, ar) != WORDS[code], code


def test_a_store_fault_is_translated_whole_and_stays_english_as_text(tmp_path):
    from atlas.store_faults import Location, folder_read_only

    fault = folder_read_only(Location(str(tmp_path / "atlas.sqlite3"), tmp_path / "atlas.sqlite3"))
    english = str(fault)
    assert english.startswith(f"the team store {tmp_path / 'atlas.sqlite3'} cannot be written: its folder")
    assert "ATLAS_DATA_DIR" in english and translator("en").error(fault) == english
    arabic = translator("ar").error(fault)
    assert arabic.startswith("لا يمكن الكتابة في قاعدة بيانات الفريق") and "مجلدها" in arabic   # nested messages
    assert "؛ اجعل المجلد قابلًا للكتابة" in arabic and str(tmp_path) in arabic


def test_an_error_without_a_message_keeps_its_text():
    assert translator("ar").error(ValueError("plain words")) == "plain words"
