"""The entry form's logic, without Streamlit: raw widget values -> a Draft, or field -> message.

Every check names the field it concerns so the UI can show the message beside it, and every
problem is reported at once (not just the first). Nothing here touches the database; the UI
hands a valid Draft to ``EventStore.add_event``.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from atlas.duplicates import find_duplicates
from atlas.exc import AtlasError
from atlas.form_places import CLICK_KINDS, CLICK_PRECISIONS, PlaceBook, place_from_click
from atlas.i18n import N_
from events import limits
from events.exc import EventsError, EventValidationError
from events.schema import FIELDS, SOURCES_FIELD, Event, parse_date, parse_number
from events.sources import EventSource, parse_sources
from events.vocabulary import CONFIDENCES, COUNT_UNITS, DATE_PRECISIONS, EVENT_TYPES, OUTCOMES, PLACE_ROLES
from geodata.message import Message
from geodata.place import Place
from geodata.plaintext import bidi_warning, uncarriable

NEW_PLACE = "new:map-click"     # place choice meaning "the point I clicked on the map"
PREVIEW_ID = "team-preview"


LABELS = {
    "event_type": N_("Event type"), "outcome": N_("Outcome"),
    "date_start": N_("Earliest date"), "date_end": N_("Latest date"), "date_precision": N_("Date precision"),
    "date_relative": N_("Relative date in the text"), "date_basis": N_("How the dates were worked out"),
    "origin": N_("Origin"), "via": N_("Via (checkpoint)"), "destination": N_("Destination"),
    "location": N_("Location"),
    "count_min": N_("Count, at least"), "count_max": N_("Count, at most"), "count_unit": N_("Counted as"),
    "paid_usd_min": N_("Paid (USD), at least"), "paid_usd_max": N_("Paid (USD), at most"),
    "names": N_("Names (one per line)"), "actors": N_("Actors (one per line)"),
    "outlet": N_("Outlet"), "cited_outlet": N_("Outlet the report cites"), "url": N_("Source URL"),
    "seed": N_("Seed file"),
    "quote_ar": N_("Arabic quote (verbatim)"), "summary_en": N_("English summary"), "confidence": N_("Confidence"),
    "disputed": N_("Disputed"), "dispute_note": N_("Why disputed"), "related": N_("Related event ids (one per line)"),
    "notes": N_("Notes"), "sources": N_("Further sources"),
    "new_place_name_en": N_("New place: English name"), "new_place_name_ar": N_("New place: Arabic name"),
    "new_place_kind": N_("New place: kind"), "new_place_precision": N_("New place: precision"),
    "new_place_uncertainty_m": N_("New place: uncertainty (m)"), "new_place_lat": N_("New place: latitude"),
    "new_place_lon": N_("New place: longitude"),
}

DEFAULTS: dict[str, Any] = {
    "event_type": "exit", "outcome": "unknown",
    "date_start": None, "date_end": None, "date_precision": "day", "date_relative": "", "date_basis": "",
    **{role: "" for role in PLACE_ROLES}, **{f"{role}_query": "" for role in PLACE_ROLES},
    "count_min": "", "count_max": "", "count_unit": "",
    "paid_usd_min": "", "paid_usd_max": "",
    "names": "", "actors": "", "outlet": "", "cited_outlet": "", "url": "", "seed": "",
    "quote_ar": "", "summary_en": "", "confidence": "medium",
    "disputed": False, "dispute_note": "", "related": "", "notes": "", "sources": (),
    "new_place_name_en": "", "new_place_name_ar": "", "new_place_kind": "checkpoint",
    "new_place_precision": "neighbourhood", "new_place_uncertainty_m": "1000",
    "new_place_lat": None, "new_place_lon": None,
}
OPTIONS = {
    "event_type": EVENT_TYPES, "outcome": OUTCOMES, "date_precision": DATE_PRECISIONS,
    "confidence": CONFIDENCES, "count_unit": COUNT_UNITS,
    "new_place_kind": CLICK_KINDS, "new_place_precision": CLICK_PRECISIONS,
}
_TEXT_FIELDS = ("date_relative", "date_basis", "outlet", "cited_outlet", "url", "seed", "summary_en",
                "dispute_note", "notes")
_RANGES = (("count_min", "count_max", True), ("paid_usd_min", "paid_usd_max", False))
_LIST_FIELDS = ("names", "actors", "related")


@dataclass(frozen=True, slots=True)
class Draft:
    """A valid new event and the hand-placed local places it introduces (saved together)."""

    event: Event
    new_places: tuple[Place, ...] = ()


def split_lines(text: Any) -> tuple[str, ...]:
    """Text area value -> items: one per line (or separated by '|'); blanks dropped."""
    if text is None:
        return ()
    if isinstance(text, (list, tuple)):
        items = text
    else:
        items = re.split(r"[\n|]", str(text))
    return tuple(item.strip() for item in items if str(item).strip())


def build_draft(values: Mapping[str, Any], places: PlaceBook, *, user: str, event_id: str,
                status: str = "draft", today: dt.date | None = None) -> Draft | dict[str, str]:
    """Raw widget values -> a valid Draft, or every problem found as field -> message."""
    values = {**DEFAULTS, **values}
    errors: dict[str, str] = {}
    kwargs: dict[str, Any] = {"id": event_id, "status": status, "added_by": user}

    for name in ("event_type", "outcome", "date_precision", "confidence", "count_unit"):
        value = values[name] if values[name] is not None else ""
        if value not in OPTIONS[name]:
            errors[name] = Message("choose one of {options}", options=", ".join(o for o in OPTIONS[name] if o))
        kwargs[name] = value
    for name in _TEXT_FIELDS:
        kwargs[name] = str(values[name] or "").strip()
    kwargs["quote_ar"] = str(values["quote_ar"] or "")  # verbatim
    for name in ("outlet", "summary_en"):
        if not kwargs[name]:
            errors[name] = Message("is required")
    if not kwargs["quote_ar"].strip():
        errors["quote_ar"] = Message("is required: paste the sentence(s) the event rests on")
    if not (kwargs["url"] or kwargs["seed"]):
        errors["url"] = Message("is required: give the report's URL (or its seed file)")
    for name in _LIST_FIELDS:
        kwargs[name] = split_lines(values[name])
    kwargs["disputed"] = bool(values["disputed"])
    _limits(kwargs, errors)

    _dates(values, kwargs, errors)
    for low, high, integer in _RANGES:
        kwargs[low] = _number(values[low], low, errors, integer=integer)
        kwargs[high] = _number(values[high], high, errors, integer=integer)
        if kwargs[low] is not None and kwargs[high] is not None and kwargs[low] > kwargs[high]:
            errors.setdefault(low, Message("at least {low} is more than at most {high}", low=_figure(kwargs[low]),
                                                   high=_figure(kwargs[high])))
    kwargs["sources"] = _sources(values["sources"], errors, user=user)
    new_places = _places(values, places, kwargs, errors, user=user, today=today)
    for name, text in _typed_text(values):
        problem = uncarriable(text)
        if problem:
            errors.setdefault(name, problem)

    if errors:
        return errors
    try:
        return Draft(Event(**kwargs), new_places)
    except EventValidationError as exc:
        return {exc.field: exc.message}


# Free-text fields of the form, where a user can type (or paste) any character.
TYPED_FIELDS = (*_TEXT_FIELDS, "quote_ar", "names", "actors", "related", "new_place_name_en", "new_place_name_ar")


def _typed_text(values: Mapping[str, Any]):
    for name in TYPED_FIELDS:
        text = values.get(name)
        if isinstance(text, str) and text:
            yield name, text


def warnings(values: Mapping[str, Any]) -> dict[str, str]:
    """Field -> warning for typed text that is allowed but deserves a second look: direction controls
    (U+202E and friends), which are shown isolated but could make a name read in a misleading order."""
    found = {}
    for name, text in _typed_text(values):
        warning = bidi_warning(text)
        if warning:
            found[name] = warning
    return found


def _limits(kwargs, errors) -> None:
    """Every text and list against events.limits (the checks Event makes), so all show at once."""
    for name in (*_TEXT_FIELDS, "quote_ar"):
        problem = limits.text_problem(name, kwargs[name])
        if problem:
            errors.setdefault(name, problem)
    for name in _LIST_FIELDS:
        problem = limits.list_problem(name, kwargs[name])
        if problem:
            errors.setdefault(name, problem)


def widget_limits(name: str) -> dict[str, Any]:
    """``max_chars`` and a ``help`` line for the widget of ``name``, from events.limits (empty if none)."""
    if name in ("new_place_name_en", "new_place_name_ar"):
        return {"max_chars": limits.PLACE_NAME_CHARS,
                "help": Message("At most {count} characters.", count=f"{limits.PLACE_NAME_CHARS:,}")}
    found: dict[str, Any] = {}
    if limits.max_chars(name) is not None:
        found["max_chars"] = limits.max_chars(name)
    if limits.describe(name):
        found["help"] = limits.describe(name)
    return found


def _dates(values, kwargs, errors) -> None:
    for name in ("date_start", "date_end"):
        try:
            kwargs[name] = parse_date(values[name], name)
        except EventValidationError as exc:
            errors[name] = exc.message
            kwargs[name] = None
    start, end, precision = kwargs["date_start"], kwargs["date_end"], kwargs["date_precision"]
    if precision not in ("unknown", "") and "date_start" not in errors and "date_end" not in errors:
        if start is None:
            errors["date_start"] = Message("give the earliest date (or choose precision 'unknown')")
        if end is None:
            errors["date_end"] = Message("give the latest date (equal to the earliest for a single day)")
    if start and end and end < start:
        errors["date_end"] = Message("{end} is before the earliest date {start}", end=str(end), start=str(start))


SOURCE_EDITOR_COLUMNS = ("outlet", "stance", "published", "quote", "url", "cited_outlet", "count_min", "count_max",
                         "count_unit", "note")
"""The columns of a further source the entry form edits (the rest of events.sources.EventSource stay empty)."""


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or str(value).strip() == ""


def _sources(rows, errors, *, user: str) -> tuple[EventSource, ...]:
    """Rows of the sources editor (records) -> EventSource values; blank rows are dropped, a bad one is
    reported as field 'sources' with its row number."""
    found = []
    for number, row in enumerate(rows or (), start=1):
        row = dict(row) if isinstance(row, Mapping) else {}
        if all(_blank(row.get(name)) for name in SOURCE_EDITOR_COLUMNS):
            continue
        record = {name: ("" if _blank(value) else value) for name, value in row.items() if name != "event_id"}
        record["added_by"] = record.get("added_by") or user
        try:
            found.append(EventSource.from_record(record))
        except EventValidationError as exc:
            errors.setdefault(SOURCES_FIELD, Message("source {number}, {field}: {problem}", number=number,
                                                     field=exc.field, problem=exc.message))
    if len(found) > limits.MAX_SOURCES:
        errors.setdefault(SOURCES_FIELD, Message("{count} sources; at most {most} are accepted",
                                                     count=f"{len(found):,}", most=f"{limits.MAX_SOURCES:,}"))
    return tuple(found)


def apply_editor_changes(rows, changes) -> list[dict]:
    """Rows of a Streamlit data editor after the edits it reports (its session state: ``edited_rows``,
    ``added_rows``, ``deleted_rows``), without Streamlit. Positions refer to ``rows`` as given."""
    changes = changes if isinstance(changes, Mapping) else {}
    edited = {int(position): values for position, values in (changes.get("edited_rows") or {}).items()}
    deleted = {int(position) for position in changes.get("deleted_rows") or ()}
    result = [{**row, **edited.get(position, {})} for position, row in enumerate(rows or ()) if position not in deleted]
    return result + [dict(row) for row in changes.get("added_rows") or ()]


def source_records(sources) -> list[dict]:
    """EventSource values (or a JSON list / records) -> the sources editor's rows."""
    try:
        sources = parse_sources(sources) if not all(isinstance(s, EventSource) for s in sources or ()) else sources
    except (EventValidationError, TypeError):
        return []
    return [source.to_record() for source in sources or ()]


def _figure(number) -> str:
    """1234567.0 -> '1,234,567'; 2.5 -> '2.5' (never scientific notation)."""
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:,}"


def _number(value, name, errors, *, integer: bool = False):
    try:
        return parse_number(value, name, integer=integer)
    except EventValidationError as exc:
        errors[name] = exc.message
        return None


def _places(values, places: PlaceBook, kwargs, errors, *, user, today) -> tuple[Place, ...]:
    new_place: Place | None = None
    for role in PLACE_ROLES:
        choice = str(values[role] or "").strip()
        query = str(values.get(f"{role}_query") or "").strip()
        kwargs[role] = ""
        if choice == NEW_PLACE:
            if new_place is None:
                made = place_from_click(values, places, user=user, today=today)
                if isinstance(made, dict):
                    errors.update(made)
                    errors.setdefault(role, Message("the new place is not complete (see below)"))
                    continue
                new_place = made
            kwargs[role] = new_place.id
        elif choice:
            if places.get(choice) is None:
                errors[role] = Message("unknown place {choice!r}: pick a suggestion, or place it on the map",
                                       choice=choice)
            kwargs[role] = choice
        elif query:
            errors[role] = Message("{query!r} is not chosen: pick one of the suggestions, or place it on the map",
                                   query=query)
    if not errors.keys() & set(PLACE_ROLES) and not (kwargs["origin"] or kwargs["destination"] or kwargs["location"]):
        errors["location"] = Message("give a location, or an origin / destination")
    return (new_place,) if new_place is not None else ()


def preview(values: Mapping[str, Any], places: PlaceBook, *, user: str = "preview") -> Draft | None:
    """The event as it would be saved, for drawing on the map before saving; None while invalid."""
    draft = build_draft(values, places, user=user, event_id=PREVIEW_ID)
    return draft if isinstance(draft, Draft) else None


def values_from_event(event: Event) -> dict[str, Any]:
    """Form values that show an existing event (for editing); inverse of build_draft."""
    return values_from_record({**event.to_record(), SOURCES_FIELD: event.sources})


def values_from_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """Form values from an event record (``Event.to_record()`` shape, e.g. a report reader draft).

    The record may be incomplete or wrong: values that cannot be shown in their widget (a date
    that does not parse, an unknown event type) are left at the default so the form asks for them.
    Place ids are kept as they are; an unknown one is reported beside its field on save.
    """
    values = dict(DEFAULTS)
    values[SOURCES_FIELD] = source_records(record.get(SOURCES_FIELD) or ())
    for name in FIELDS:
        raw = record.get(name)
        if name not in values or raw is None or (isinstance(raw, float) and raw != raw):
            continue
        if name in ("date_start", "date_end"):
            try:
                values[name] = parse_date(raw, name)
            except EventValidationError:
                pass
        elif name in ("names", "actors", "related"):
            values[name] = "\n".join(split_lines(raw))
        elif name == "disputed":
            values[name] = raw is True or str(raw).strip().lower() in ("true", "yes", "1")
        elif name in OPTIONS:
            if raw in OPTIONS[name]:
                values[name] = raw
        elif isinstance(raw, float):
            values[name] = str(int(raw)) if raw.is_integer() else repr(raw)
        else:
            values[name] = str(raw)
    return values


def changes_between(old: Event, new: Event) -> dict[str, Any]:
    """Field -> new record value, for the fields an edit changed (what update_event takes)."""
    before, after = old.to_record(), new.to_record()
    changes = {name: after[name] for name in FIELDS
               if name not in ("id", "status", "added_by") and before[name] != after[name]}
    if old.sources != new.sources:
        changes[SOURCES_FIELD] = new.sources
    return changes


FORM_ERROR = "_form"   # errors key for problems that concern the whole form (busy store, id taken)


@dataclass(frozen=True, slots=True)
class Submission:
    """What a submit did: the saved event, or the errors / possible duplicates that stopped it."""

    saved: Event | None = None
    errors: Mapping[str, str] = dataclasses.field(default_factory=dict)
    duplicates: tuple[Event, ...] = ()
    draft: Draft | None = None


def submit(values: Mapping[str, Any], places: PlaceBook, store, *, user: str, event_id: str,
           existing: Iterable[Event] = (), allow_duplicates: bool = False) -> Submission:
    """Validate, flag duplicates, then save through ``store`` (its only write). Never raises for
    bad input or a busy store: the problem comes back in ``errors`` and the typed values stay."""
    draft = build_draft(values, places, user=user, event_id=event_id)
    if not isinstance(draft, Draft):
        return Submission(errors=draft)
    duplicates = tuple(find_duplicates(draft.event, existing))
    if duplicates and not allow_duplicates:
        return Submission(duplicates=duplicates, draft=draft)
    try:
        saved = store.add_event(draft.event, user, new_places=draft.new_places)
    except (AtlasError, EventsError) as exc:
        return Submission(errors=error_beside_field(exc), duplicates=duplicates, draft=draft)
    return Submission(saved=saved, duplicates=duplicates, draft=draft)


def error_beside_field(exc: Exception) -> dict[str, str]:
    """A store/validation error as field -> message: beside its field, or for the whole form."""
    field = getattr(exc, "field", None)
    first = exc.args[0] if exc.args else ""
    said = first if hasattr(first, "template") else str(exc)     # a Message stays one: the form translates it
    return {field if field in LABELS else FORM_ERROR: getattr(exc, "message", None) or said}


__all__ = ["Draft", "Submission", "submit", "error_beside_field", "build_draft", "widget_limits", "preview", "warnings",
           "values_from_event", "values_from_record", "changes_between", "split_lines", "NEW_PLACE", "DEFAULTS", "LABELS",
           "OPTIONS", "FORM_ERROR", "SOURCE_EDITOR_COLUMNS", "source_records", "apply_editor_changes"]
