"""Interface language: one translation function for every interface string, backed by gettext catalogs.

Interface strings are written in English and wrapped where they are shown::

    _ = translator(language).gettext
    st.button(_("Save event"), key="save")

Strings defined before a language is known (module constants, vocabulary labels) are marked with ``N_`` so the
extractor finds them, and translated where they are shown: ``_(LABEL)``. Catalogs are the ``.po`` files under
``atlas/locale/<language>/LC_MESSAGES/atlas.po`` (Babel extracts and updates them); a language with no catalog,
or a string not yet in one, shows the English text. User text (names, quotes, notes) is data and never goes
through here.
"""
from __future__ import annotations

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


def N_(message: str) -> str:
    """Mark a string for extraction without translating it here (it is translated where it is shown)."""
    return message


@dataclass(frozen=True)
class Translator:
    """The interface strings of one language, and its direction."""

    language: str
    messages: tuple[tuple[str, str], ...] = ()

    @property
    def direction(self) -> str:
        return "rtl" if self.language in RTL_LANGUAGES else "ltr"

    def gettext(self, message: str) -> str:
        return _lookup(self)(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


@lru_cache(maxsize=None)
def _lookup(t: Translator) -> Callable[[str], str]:
    table = dict(t.messages)
    return lambda message: table.get(message) or message


@lru_cache(maxsize=None)
def translator(language: str) -> Translator:
    """The translator for ``language`` (an unknown code falls back to English text, never an error)."""
    return Translator(language if language in LANGUAGES else DEFAULT_LANGUAGE)
