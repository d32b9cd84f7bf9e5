"""The words and HTML of tooltips and details: dates, counts, names, each value escaped and isolated."""
from __future__ import annotations

import re
from typing import MutableMapping

from markupsafe import Markup

from atlas.i18n import DEFAULT_LANGUAGE
from atlas.words import word
from events.schema import Event
from geodata.place import Place

_PLACE_ID = re.compile(r"\b(?:geonames:\d+|local:[a-z0-9][a-z0-9-]*)")


# -- text -----------------------------------------------------------------------------------
def with_place_names(text: str, places) -> str:
    """``text`` with every place id in it (``geonames:170654``, ``local:yalda``) replaced by the place's name,
    so captions read "Damascus", not an id; ids no place has stay as they are."""
    def name(match) -> str:
        place = places.get(match.group(0)) if places is not None else None
        return place.name_en if place is not None else match.group(0)
    return _PLACE_ID.sub(name, text)


def date_text(event: Event, t=None) -> str:
    """'2019-03-03 (day)'; with ``t`` (an atlas.i18n.Translator) in its language: '3 آذار 2019 (يوم)'."""
    if t is not None and t.language != DEFAULT_LANGUAGE:
        if not event.is_dated:
            return t.gettext("date unknown")
        precision = word(event.date_precision, t)
        if event.date_start == event.date_end:
            return f"{t.date(event.date_start)} ({precision})"
        return f"{t.date(event.date_start)} – {t.date(event.date_end)} ({precision})"
    if not event.is_dated:
        return "date unknown"
    if event.date_start == event.date_end:
        return f"{event.date_start} ({event.date_precision})"
    return f"{event.date_start} – {event.date_end} ({event.date_precision})"


def count_text(event: Event, t=None) -> str:
    """'at least 40 people'; with ``t`` in its language."""
    if t is not None and t.language != DEFAULT_LANGUAGE:
        unit = word(event.count_unit, t) if event.count_unit else ""
        if event.count_min is None:
            return t.gettext("no figure")
        if event.count_max is None:
            return t.gettext("at least {count} {unit}").format(count=t.digits(event.count_min), unit=unit).strip()
        if event.count_min == event.count_max:
            return f"{t.digits(event.count_min)} {unit}".strip()
        return f"{t.digits(event.count_min)}–{t.digits(event.count_max)} {unit}".strip()
    if event.count_min is None:
        return "no figure"
    if event.count_max is None:
        return f"at least {event.count_min} {event.count_unit}"
    if event.count_min == event.count_max:
        return f"{event.count_min} {event.count_unit}"
    return f"{event.count_min}–{event.count_max} {event.count_unit}"


def people_text(people: tuple[int, int | None] | None, t=None) -> str:
    """'at least 40', '40–60', 'no figure'; with ``t`` in its language."""
    local = t is not None and t.language != DEFAULT_LANGUAGE
    if people is None:
        return t.gettext("no figure") if local else "no figure"
    low, high = people
    if high is None:
        return t.gettext("at least {count}").format(count=t.digits(low)) if local else f"at least {low}"
    text = str(low) if low == high else f"{low}–{high}"
    return t.digits(text) if local else text


def bdi(text) -> Markup:
    """``text`` escaped and isolated (``<bdi>``): direction controls or Arabic in it cannot reorder
    what is around it. Markup (already safe HTML) is isolated as it is."""
    return Markup("<bdi>{}</bdi>").format(text)


_ARABIC_LETTERS = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN_LETTERS = re.compile(r"[A-Za-z\u00C0-\u024F]")


def bdi_by_majority(text: str) -> Markup:
    """``text`` isolated in the direction most of its letters read. ``<bdi>`` alone takes the direction of the
    first strong letter, so an English sentence opening with a quoted Arabic word ("'فجر الخميس' (Thursday
    dawn): the report was published ...") was laid out right to left and read scrambled."""
    rtl = len(_ARABIC_LETTERS.findall(text)) > len(_LATIN_LETTERS.findall(text))
    return Markup('<bdi dir="{}">{}</bdi>').format("rtl" if rtl else "ltr", text)


def place_label_html(place: Place) -> Markup:
    """'English / عربي', each name escaped and isolated."""
    english = bdi(place.name_en)
    if not place.name_ar:
        return english
    return english + Markup(' / <bdi dir="rtl" lang="ar">{}</bdi>').format(place.name_ar)


def cached(cache: MutableMapping | None, key, make):
    if cache is None:
        return make()
    found = cache.get(key)
    if found is None:
        found = cache[key] = make()
    return found
