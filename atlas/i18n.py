"""Interface language: one translation function for every interface string, backed by gettext catalogs.

Interface strings are written in English and wrapped where they are shown::

    _ = translator(language).gettext
    st.button(_("Save event"), key="save")

Strings defined before a language is known (module constants, vocabulary labels) are marked with ``N_`` so the
extractor finds them, and translated where they are shown: ``_(LABEL)``. Catalogs are the ``.po`` files under
``atlas/locale/<language>/LC_MESSAGES/atlas.po`` (Babel extracts and updates them: ``scripts/i18n.sh``), read
with Babel at first use (no compiled ``.mo`` files, no build step); a language with no catalog, or a string not
yet in one, shows the English text. User text (names, quotes, notes) is data and never goes through here.

Dates and numbers follow the language too: Arabic dates use the Syriac month names Syrian readers use
(كانون الثاني، شباط، آذار …), and digits are Latin or Arabic-Indic (the ATLAS_DIGITS setting).
"""
from __future__ import annotations

import datetime as dt
import gettext as _gettext
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

LANGUAGES = {"en": "English", "ar": "العربية"}
"""Interface languages (code → the language's own name). Adding one is adding a catalog and a line here."""
DEFAULT_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ar"})
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "atlas"
DIGIT_STYLES = ("latin", "arabic-indic")
"""How numbers are written: 0-9, or ٠-٩ (Arabic-Indic, used in Arabic mode only)."""
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
SYRIAC_MONTHS = ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
                 "تشرين الأول", "تشرين الثاني", "كانون الأول")
"""The month names of the Levant (Syria, Lebanon, Iraq, Jordan), January to December."""
ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def N_(message: str) -> str:
    """Mark a string for extraction without translating it here (it is translated where it is shown)."""
    return message


@dataclass(frozen=True)
class Translator:
    """The interface strings of one language, its direction, and how it writes dates and numbers."""

    language: str
    digit_style: str = "latin"

    @property
    def direction(self) -> str:
        return "rtl" if self.language in RTL_LANGUAGES else "ltr"

    def gettext(self, message: str) -> str:
        return _catalog(self.language).get(message, (message,))[0] or message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of ``singular``/``plural`` for ``n`` (Arabic has six, chosen by the catalog's plural rule)."""
        forms = _catalog(self.language).get(singular)
        if forms is None or len(forms) < 2:
            return singular if n == 1 else plural
        index = _plural_rule(self.language)(n)
        chosen = forms[index] if index < len(forms) else ""
        return chosen or (singular if n == 1 else plural)

    def message(self, message: str) -> str:
        """A message from below (a :class:`geodata.message.Message`: its template translated, then filled) or an
        interface string; text no catalog has stays as it is."""
        template = getattr(message, "template", None)
        if template is None:
            return self.gettext(message)
        values = {name: self.message(value) if hasattr(value, "template") else value
                  for name, value in message.values.items()}   # a message inside a message: translated too
        try:
            return self.gettext(template).format(**values)
        except (KeyError, IndexError, ValueError):   # a translation with a broken placeholder: the English stays
            return str(message)

    def error(self, error: BaseException) -> str:
        """What an error says, in this language as far as its words are messages (geodata.message.Message: a store
        fault's problem and advice, a validation message); else its English text."""
        first = error.args[0] if error.args else ""
        return self.message(first) if hasattr(first, "template") else str(error)

    def digits(self, text: object) -> str:
        """``text`` with its digits in this translator's style (Arabic-Indic only in a right-to-left language)."""
        text = str(text)
        if self.digit_style == "arabic-indic" and self.direction == "rtl":
            return text.translate(_ARABIC_INDIC)
        return text

    def day(self, day: dt.date | None) -> str:
        """A date in tables and filter words: ISO (2019-03-03) in English, as the English interface has always
        written them; '3 آذار 2019' in Arabic."""
        if day is None:
            return ""
        return day.isoformat() if self.language == DEFAULT_LANGUAGE else self.date(day)

    def date(self, day: dt.date | None, *, month_only: bool = False) -> str:
        """'3 Mar 2019' / '3 آذار 2019' (digits in this translator's style); '' for None."""
        if day is None:
            return ""
        months = SYRIAC_MONTHS if self.language == "ar" else ENGLISH_MONTHS
        text = f"{months[day.month - 1]} {day.year}" if month_only else f"{day.day} {months[day.month - 1]} {day.year}"
        return self.digits(text)


@lru_cache(maxsize=None)
def _catalog(language: str) -> dict[str, tuple[str, ...]]:
    """msgid → translated forms, read from the language's ``.po`` (empty for English or no catalog). Fuzzy
    entries are left out: a translator has not confirmed them."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == DEFAULT_LANGUAGE or not path.is_file():
        return {}
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    table: dict[str, tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        key = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        forms = tuple(message.string) if isinstance(message.string, (list, tuple)) else (message.string,)
        if any(forms):
            table[key] = forms
    return table


@lru_cache(maxsize=None)
def _plural_rule(language: str) -> Callable[[int], int]:
    """The catalog's plural expression (its Plural-Forms header) as a function of n."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return _gettext.c2py(read_po(handle, locale=language).plural_expr)


@lru_cache(maxsize=None)
def translator(language: str, digits: str = "latin") -> Translator:
    """The translator for ``language`` (an unknown code falls back to English text, never an error); ``digits``:
    one of DIGIT_STYLES (an unknown style writes Latin digits)."""
    return Translator(language if language in LANGUAGES else DEFAULT_LANGUAGE,
                      digits if digits in DIGIT_STYLES else "latin")
