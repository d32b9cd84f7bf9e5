"""What an export is made from: the events on screen, the gazetteer, the filter and the view.

Every exporter takes one :class:`Briefing`, so the dashboard and the CLI hand over the
same thing and a file always matches what the analyst was looking at.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from atlas.i18n import DIGIT_STYLES, N_, Translator, translator
from atlas.settings import DEFAULTS
from events.exc import EventsError
from events.schema import Event
from geodata.coords import LatLon
from geodata.plaintext import uncarriable

MIN_SIDE, MAX_SIDE = 320, 4000
DRAFT_STAMP = N_("includes unreviewed drafts")
"""Printed on every output that holds draft (unreviewed) team events: snapshot frame, CSV, GeoJSON, KML, GPKG."""
SCALES = (1, 2, 3)
DEFAULT_TITLE = N_("Checkpoint Atlas: movements through checkpoints")


class ExportError(EventsError, ValueError):
    """An export cannot be made as asked (bad size, unknown format, nothing to draw with)."""


def _check_bounds(bounds) -> tuple[LatLon, LatLon]:
    try:
        (south, west), (north, east) = bounds
        corners = LatLon.of(south, west), LatLon.of(north, east)
    except (TypeError, ValueError) as error:
        raise ExportError(f"bounds: {bounds!r} is not ((south, west), (north, east)) in degrees ({error})") from None
    if corners[0].lat > corners[1].lat:
        raise ExportError(f"bounds: south {corners[0].lat} is north of north {corners[1].lat}")
    return corners


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


@dataclass(frozen=True)
class Briefing:
    """The filtered events plus everything a file needs to describe them honestly.

    Unreviewed drafts are left out unless ``include_drafts``; an output that holds any says so
    (:attr:`draft_stamp`), and ``drafts_left_out`` counts those left out, for the export panel to say.
    """

    events: tuple[Event, ...]
    gazetteer: Any
    event_filter: Any = None              # events.filters.EventFilter, for the words on a snapshot
    title: str = DEFAULT_TITLE
    view: str = "overview"
    language: str = "en"                  # of the frame, the labels and the place names ("en" or "ar")
    digits: str = "latin"                 # digits of the Arabic frame: "latin" or "arabic-indic" (ATLAS_DIGITS)
    translated_headers: bool = False      # CSV headers in ``language`` (for reading; import needs the codes)
    layers: tuple[str, ...] | None = None  # map layers shown; None = the map builder's defaults
    bounds: tuple | None = None           # ((south, west), (north, east)) the analyst panned to; None = the view's
    width: int = 1600
    height: int = 900
    scale: int = 1                        # device scale factor: 2 gives 3200x1800 from 1600x900
    generated_at: dt.datetime = field(default_factory=_utc_now)
    # How to draw it, from the app's settings (resolved at the top and handed down):
    chromium: str = DEFAULTS["ATLAS_CHROMIUM"]       # the browser that draws PNG snapshots
    static_url: str = DEFAULTS["ATLAS_STATIC_URL"]   # where the map finds its offline assets
    include_drafts: bool = False          # draft team events are left out of briefings and exports by default
    drafts_left_out: int = field(default=0, init=False)
    chart_unit: str = "week"              # the periods of the snapshot's totals chart (atlas.timeline.PERIOD_UNITS)

    def __post_init__(self):
        events = tuple(self.events)
        if not self.include_drafts:
            kept = tuple(e for e in events if getattr(e, "status", "") != "draft")
            object.__setattr__(self, "drafts_left_out", len(events) - len(kept))
            events = kept
        object.__setattr__(self, "events", events)
        if self.layers is not None:
            object.__setattr__(self, "layers", tuple(self.layers))
        if self.bounds is not None:
            object.__setattr__(self, "bounds", _check_bounds(self.bounds))
        for event in self.events:
            if not isinstance(event, Event):
                raise ExportError(f"events: expected Event values, got {type(event).__name__}")
        for name in ("width", "height"):
            value = getattr(self, name)
            if not isinstance(value, int) or not MIN_SIDE <= value <= MAX_SIDE:
                raise ExportError(f"{name}: {value!r} is not a whole number of pixels in {MIN_SIDE}..{MAX_SIDE}")
        from atlas.i18n import LANGUAGES
        if self.language not in LANGUAGES:
            raise ExportError(f"language: {self.language!r} is not one of {', '.join(LANGUAGES)}")
        if self.digits not in DIGIT_STYLES:
            raise ExportError(f"digits: {self.digits!r} is not one of {', '.join(DIGIT_STYLES)}")
        if self.scale not in SCALES:
            raise ExportError(f"scale: {self.scale!r} is not one of {', '.join(map(str, SCALES))}")
        if not isinstance(self.title, str):
            raise ExportError(f"title: expected text, got {type(self.title).__name__}")
        problem = uncarriable(self.title)
        if problem:
            raise ExportError(f"title: {problem}")
        if self.generated_at.tzinfo is None:
            raise ExportError("generated_at: give a timezone-aware time (UTC) so the stamp is unambiguous")

    @property
    def pixel_size(self) -> tuple[int, int]:
        """Size of the PNG actually written (CSS size times device scale)."""
        return self.width * self.scale, self.height * self.scale

    def places(self) -> list:
        """Gazetteer places the events refer to, by id; ids the gazetteer lacks are left out."""
        ids = sorted({pid for event in self.events for pid in event.place_ids})
        found = (self.gazetteer.get(pid) for pid in ids)
        return [place for place in found if place is not None]

    def outlets(self) -> list[str]:
        """Outlets the events rest on (and the outlets they cite), for the source line."""
        names = {e.outlet for e in self.events} | {e.cited_outlet for e in self.events if e.cited_outlet}
        return sorted(names)

    @property
    def translator(self) -> Translator:
        """The words of the files' labels and frame: the briefing's language and digits."""
        return translator(self.language, self.digits)

    @property
    def shown_title(self) -> str:
        """The title as files show it: the default title in the briefing's language, a typed one as typed."""
        return self.translator.gettext(DEFAULT_TITLE) if self.title == DEFAULT_TITLE else self.title

    def place_name(self, place_id: str) -> str:
        """A place's name in the briefing's language (its id when the gazetteer lacks it)."""
        place = self.gazetteer.get(place_id) if self.gazetteer is not None else None
        if place is None:
            return place_id
        return (place.name_ar or place.name_en) if self.language == "ar" else (place.name_en or place.name_ar)

    def filter_words(self) -> str:
        """The active filters and date window in plain words (the briefing's language), places by their names."""
        from atlas.words import describe_filter

        if self.event_filter is None:
            return self.translator.gettext("No filter: every event in the catalogue")
        return describe_filter(self.event_filter, self.translator, self.place_name)

    @property
    def drafts(self) -> int:
        """How many of the events are unreviewed drafts."""
        return sum(1 for e in self.events if e.status == "draft")

    @property
    def draft_stamp(self) -> str:
        """'' for reviewed events only; else the stamp an output carries, with how many drafts it holds."""
        t = self.translator
        return t.gettext("{stamp} ({drafts} of {count} events)").format(
            stamp=t.gettext(DRAFT_STAMP), drafts=t.digits(self.drafts), count=t.digits(len(self.events))) \
            if self.drafts else ""

    def stamp(self) -> str:
        return self.generated_at.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
