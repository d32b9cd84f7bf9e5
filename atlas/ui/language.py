"""The interface language of this session: the sidebar's switch, the translator panels use, and right to left.

The switch (widget key :data:`LANGUAGE_KEY`) starts at the ATLAS_LANGUAGE setting; the address keeps the choice
(``lang=``, :mod:`atlas.ui.view_state`). The same language names places on the map and in its snapshots. Panels
call :func:`_` (translate now, in this session's language) or :func:`t` (the translator: dates, digits, messages).
In Arabic the whole app turns right to left through fixed CSS (:func:`render_direction`), never user text.
"""
from __future__ import annotations

from typing import Callable, Mapping

import streamlit as st

from atlas import settings
from atlas.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator, translator
from atlas.ui.view_state import DEFAULT_LANGUAGE_STATE
from atlas.words import word

LANGUAGE_KEY = "map-lang"             # the address's `lang` (view_state); also the map's place-name language
DIGITS_STATE = "atlas__digits"        # the ATLAS_DIGITS setting, kept for this session's translator


def language() -> str:
    value = st.session_state.get(LANGUAGE_KEY)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def t() -> Translator:
    """This session's translator (its language and the digits setting)."""
    return translator(language(), st.session_state.get(DIGITS_STATE, "latin"))


def _(message: str) -> str:
    """``message`` in this session's language."""
    return t().gettext(message)


def w(code: str) -> str:
    """A vocabulary code (event type, outcome, status…) as a word of this session's language."""
    return word(code, t())


# Widgets call their format_func later, and not always inside this session's run (AppTest does it outside), so
# a format_func is bound to the translator of the run that drew the widget:
def words() -> Callable[[str], str]:
    """format_func: a vocabulary code as a word of this run's language."""
    found = t()
    return lambda code: word(code, found)


def labels(mapping: Mapping[str, str]) -> Callable[[str], str]:
    """format_func: ``mapping[code]`` (an N_-marked English label) in this run's language."""
    found = t()
    return lambda code: found.gettext(mapping[code])


def place_names(places) -> Callable[[str], str]:
    """format_func: a place id as the place's name in this run's language (the id when unknown)."""
    arabic = language() == "ar"

    def name(place_id: str) -> str:
        place = places.get(place_id) if places is not None else None
        if place is None:
            return place_id
        return (place.name_ar or place.name_en) if arabic else (place.name_en or place.name_ar)
    return name


def place_name(place, fallback: str = "") -> str:
    """A place's name in this session's language (the other language's name when it has none)."""
    if place is None:
        return fallback
    if language() == "ar":
        return place.name_ar or place.name_en
    return place.name_en or place.name_ar


def other_name(place) -> str:
    """The place's name in the other language (for a hover title), '' when it has none."""
    if place is None:
        return ""
    shown = place_name(place)
    return next((n for n in (place.name_en, place.name_ar) if n and n != shown), "")


def use_settings(config: settings.Settings | None = None) -> str:
    """Keep this run's ATLAS_LANGUAGE and ATLAS_DIGITS for the translator and the address (call it before the
    address is read); returns the default language."""
    config = config or settings.DEFAULTS
    st.session_state[DIGITS_STATE] = config["ATLAS_DIGITS"]
    default = config["ATLAS_LANGUAGE"] if config["ATLAS_LANGUAGE"] in LANGUAGES else DEFAULT_LANGUAGE
    st.session_state[DEFAULT_LANGUAGE_STATE] = default     # the address leaves it out (atlas.ui.view_state)
    return default


def render_switch(config: settings.Settings | None = None) -> str:
    """The language switch (put it in the sidebar); starts at the ATLAS_LANGUAGE setting."""
    default = use_settings(config)
    if st.session_state.get(LANGUAGE_KEY) not in LANGUAGES:
        st.session_state[LANGUAGE_KEY] = default
    chosen = st.radio("Language · اللغة", list(LANGUAGES), format_func=LANGUAGES.get, horizontal=True,
                      key=LANGUAGE_KEY, help=_("The interface and the place names on the map and in exports."))
    render_direction()
    return chosen


RTL_CSS = """
<style>
.stApp, [data-testid="stSidebar"], [data-testid="stMain"] { direction: rtl; }
.stApp [data-testid="stMarkdownContainer"], .stApp label, .stApp [data-testid="stCaptionContainer"],
.stApp h1, .stApp h2, .stApp h3, .stApp [data-testid="stAlertContentInfo"] { text-align: right; }
[data-testid="stSidebar"] input, [data-testid="stSidebar"] textarea { unicode-bidi: plaintext; text-align: right; }
.stApp [data-testid="stDateInput"] input, .stApp input[type="number"] { direction: ltr; text-align: right; }
.stApp iframe, .stApp [data-testid="stVegaLiteChart"] { direction: ltr; }
</style>
"""
"""Fixed markup (no user text): the app right to left; maps and charts keep their own direction."""


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal: quotes, backslashes and '<' escaped, so it cannot end the rule or the
    <style> element."""
    escaped = text.replace("\\", "\\5c ").replace('"', "\\22 ").replace("<", "\\3c ").replace("\n", " ")
    return f'"{escaped}"'


def _streamlit_words_css() -> str:
    """Words Streamlit writes itself (the file uploader's button and limit, the skip link), replaced by this
    language's through CSS: the original text is hidden, the translation drawn in its place."""
    limit = st.get_option("server.maxUploadSize")
    replaced = {
        '[data-testid="stSkipToContent"]': _("Skip to main content"),
        '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p': _("Upload"),
        '[data-testid="stFileUploaderDropzoneInstructions"] span': _("{size} MB per file • CSV, GeoJSON").format(
            size=t().digits(limit)),
    }
    return "".join(f"{selector} {{ font-size: 0; }} {selector}::after {{ content: {_css_string(text)}; "
                   "font-size: 0.875rem; }\n" for selector, text in replaced.items())


def render_direction() -> None:
    """In a right-to-left language, turn the whole app right to left (fixed CSS: our rules, our catalog's words,
    never user text)."""
    if t().direction == "rtl":
        st.markdown(RTL_CSS.replace("</style>", _streamlit_words_css() + "</style>"), unsafe_allow_html=True)
