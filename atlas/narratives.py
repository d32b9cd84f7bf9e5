"""Briefing narratives: an ordered list of steps, each a view of the map with a title, a caption and the events
it cites, played in the dashboard and exported as a slide deck (atlas.deck).

A step's view is the dashboard's address (atlas.view_address: ``view``, ``lang``, ``from``/``to``, ``type``, ``event``,
``lat``/``lon``/``zoom`` ..., as atlas.ui.view_state writes it), so "add this view as a step" stores the address, and
playing a step puts it back in the address bar. Values validate on construction (:class:`NarrativeError` names
the step and field); a narrative file is versioned (:data:`FORMAT_VERSION`): a newer version or an unknown field
is refused with a clear message, never half-read.

Each cited event is pinned by a fingerprint of its content when the step is written; :func:`stale_citations`
says which cited events were retracted, removed or changed since, for the editor and the export to flag.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Mapping

from atlas.exc import AtlasError
from atlas.view_address import VIEW_KEYS, VIEWS, ViewError, check_view, view_bounds, view_filter  # noqa: F401
from events.filters import EventFilter
from geodata.plaintext import text_problem

FORMAT = "checkpoint-atlas-narrative"
FORMAT_VERSION = 1
LANGUAGES = ("en", "ar")
MAX_STEPS = 200
MAX_TITLE = 200
MAX_CAPTION = 2_000
MAX_CITED = 200
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
NARRATIVE_KEYS = ("format", "version", "id", "title", "language", "author", "steps")
STEP_KEYS = ("title", "caption", "view", "cite")
CITE_KEYS = ("id", "fingerprint")


class NarrativeError(AtlasError, ValueError):
    """A narrative (or its file) is not acceptable; the message names the step and field."""


def _fail(where: str, message: str):
    raise NarrativeError(f"{where}: {message}" if where else message)


def _text(where: str, value, limit: int, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        _fail(where, f"expected text, got {type(value).__name__}")
    value = value.strip()
    if required and not value:
        _fail(where, "is required")
    problem = text_problem(value, limit)
    if problem:
        _fail(where, problem)
    return value


def _texts(where: str, value, limit: int, *, required: bool = False) -> tuple[tuple[str, str], ...]:
    """A text in English and/or Arabic: {"en": ..., "ar": ...} (a plain string is English)."""
    if isinstance(value, str):
        value = {"en": value}
    if value is None:
        value = {}
    if not isinstance(value, Mapping):
        _fail(where, f"expected {{\"en\": ..., \"ar\": ...}}, got {type(value).__name__}")
    unknown = sorted(set(value) - set(LANGUAGES))
    if unknown:
        _fail(where, f"unknown language(s) {', '.join(map(repr, unknown))}; use {', '.join(LANGUAGES)}")
    texts = tuple((lang, _text(f"{where}.{lang}", value[lang], limit)) for lang in LANGUAGES if lang in value)
    texts = tuple((lang, text) for lang, text in texts if text)
    if required and not texts:
        _fail(where, "give it in English or Arabic (en / ar)")
    return texts


def pick(texts: tuple[tuple[str, str], ...], language: str) -> tuple[str, str]:
    """(language, text) in ``language`` if there, else in the other one; ('', '') when there is none."""
    found = dict(texts)
    for lang in (language, *LANGUAGES):
        if found.get(lang):
            return lang, found[lang]
    return "", ""


def event_fingerprint(event) -> str:
    """A short hash of everything an event says (fields and further sources): it changes with any edit."""
    record = {"event": event.to_record(), "sources": [source.to_record() for source in event.sources]}
    digest = hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))
    return "sha256:" + digest.hexdigest()[:16]


@dataclass(frozen=True)
class Citation:
    """An event a step cites, with its fingerprint when the step was written ('' = not pinned)."""

    id: str
    fingerprint: str = ""


@dataclass(frozen=True)
class Step:
    """One view of the map with its title, caption (English and/or Arabic) and the events it cites."""

    title: tuple[tuple[str, str], ...]
    caption: tuple[tuple[str, str], ...] = ()
    view: tuple[tuple[str, str], ...] = ()
    cite: tuple[Citation, ...] = ()

    def __post_init__(self):
        where = "step"
        object.__setattr__(self, "title", _texts(f"{where}.title", _as_mapping(self.title), MAX_TITLE, required=True))
        object.__setattr__(self, "caption", _texts(f"{where}.caption", _as_mapping(self.caption), MAX_CAPTION))
        try:
            object.__setattr__(self, "view", check_view(_as_mapping(self.view)))
        except ViewError as error:
            _fail(f"{where}.view", str(error))
        cite = []
        for number, item in enumerate(self.cite or (), start=1):
            if isinstance(item, str):
                item = Citation(item)
            if not isinstance(item, Citation):
                _fail(f"{where}.cite[{number}]", f"expected an event id, got {type(item).__name__}")
            _text(f"{where}.cite[{number}].id", item.id, 64, required=True)
            _text(f"{where}.cite[{number}].fingerprint", item.fingerprint, 80)
            cite.append(item)
        if len(cite) > MAX_CITED:
            _fail(f"{where}.cite", f"{len(cite)} events; at most {MAX_CITED} are accepted")
        if len({c.id for c in cite}) != len(cite):
            _fail(f"{where}.cite", "an event is cited twice")
        object.__setattr__(self, "cite", tuple(cite))

    @property
    def params(self) -> dict[str, str]:
        """The view as address parameters."""
        return dict(self.view)

    @property
    def cited_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.cite)

    def title_in(self, language: str) -> tuple[str, str]:
        return pick(self.title, language)

    def caption_in(self, language: str) -> tuple[str, str]:
        return pick(self.caption, language)

    def event_filter(self) -> EventFilter:
        return view_filter(self.params)

    def window(self) -> tuple[dt.date | None, dt.date | None]:
        params = self.params
        return (dt.date.fromisoformat(params["from"]) if "from" in params else None,
                dt.date.fromisoformat(params["to"]) if "to" in params else None)

    def to_json(self) -> dict:
        out: dict = {"title": dict(self.title)}
        if self.caption:
            out["caption"] = dict(self.caption)
        out["view"] = dict(self.view)
        out["cite"] = [{"id": c.id, **({"fingerprint": c.fingerprint} if c.fingerprint else {})} for c in self.cite]
        return out


def _as_mapping(value):
    """Pairs (as a constructed value holds them) back to a mapping; anything else is checked as given."""
    if isinstance(value, tuple):
        try:
            return dict(value)
        except (TypeError, ValueError):
            return value
    return value


@dataclass(frozen=True)
class Narrative:
    """An ordered list of steps with a title; ``id`` names it in the store and in the address."""

    id: str
    title: tuple[tuple[str, str], ...]
    steps: tuple[Step, ...] = ()
    language: str = "en"          # the deck's language: its captions and slide direction
    author: str = ""

    def __post_init__(self):
        if not isinstance(self.id, str) or not ID_PATTERN.match(self.id):
            _fail("id", f"{str(self.id)[:70]!r} is not lower-case letters, digits and '-' (at most 64)")
        object.__setattr__(self, "title", _texts("title", _as_mapping(self.title), MAX_TITLE, required=True))
        if self.language not in LANGUAGES:
            _fail("language", f"{self.language!r} is not one of {', '.join(LANGUAGES)}")
        object.__setattr__(self, "author", _text("author", self.author, 200))
        steps = tuple(self.steps or ())
        if len(steps) > MAX_STEPS:
            _fail("steps", f"{len(steps)} steps; at most {MAX_STEPS} are accepted")
        for number, step in enumerate(steps, start=1):
            if not isinstance(step, Step):
                _fail(f"steps[{number}]", f"expected a Step, got {type(step).__name__}")
        object.__setattr__(self, "steps", steps)

    def title_in(self, language: str | None = None) -> tuple[str, str]:
        return pick(self.title, language or self.language)

    # -- editing: each returns a new narrative ---------------------------------------------------------
    def with_step(self, step: Step, at: int | None = None) -> "Narrative":
        steps = list(self.steps)
        steps.insert(len(steps) if at is None else at, step)
        return replace(self, steps=tuple(steps))

    def without_step(self, index: int) -> "Narrative":
        self._check_index(index)
        return replace(self, steps=self.steps[:index] + self.steps[index + 1:])

    def moved(self, index: int, by: int) -> "Narrative":
        """The step at ``index`` moved ``by`` places (-1 up, +1 down), kept inside the list."""
        self._check_index(index)
        target = min(max(index + by, 0), len(self.steps) - 1)
        steps = list(self.steps)
        steps.insert(target, steps.pop(index))
        return replace(self, steps=tuple(steps))

    def with_changed_step(self, index: int, step: Step) -> "Narrative":
        self._check_index(index)
        return replace(self, steps=self.steps[:index] + (step,) + self.steps[index + 1:])

    def _check_index(self, index: int) -> None:
        if not 0 <= index < len(self.steps):
            _fail("step", f"{index + 1} is not a step of this narrative (1..{len(self.steps)})")

    # -- JSON ---------------------------------------------------------------------------------------------
    def to_json(self) -> dict:
        out = {"format": FORMAT, "version": FORMAT_VERSION, "id": self.id, "title": dict(self.title),
               "language": self.language}
        if self.author:
            out["author"] = self.author
        out["steps"] = [step.to_json() for step in self.steps]
        return out

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, data) -> "Narrative":
        """A narrative from its parsed JSON; a newer format version or an unknown field is a NarrativeError."""
        if not isinstance(data, Mapping):
            _fail("", f"a narrative file holds one JSON object, not {type(data).__name__}")
        if data.get("format") != FORMAT:
            _fail("format", f"{str(data.get('format'))[:60]!r} is not {FORMAT!r}: this is not a narrative file")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            _fail("version", f"{str(version)[:20]!r} is not a format version (a whole number from 1)")
        if version > FORMAT_VERSION:
            _fail("version", f"the file is format version {version}, written by a newer Checkpoint Atlas; this one "
                             f"reads up to version {FORMAT_VERSION}. Update the app to open it.")
        _no_unknown("", data, NARRATIVE_KEYS)
        steps_data = data.get("steps", [])
        if not isinstance(steps_data, list):
            _fail("steps", f"expected a list, got {type(steps_data).__name__}")
        steps = []
        for number, item in enumerate(steps_data, start=1):
            where = f"steps[{number}]"
            if not isinstance(item, Mapping):
                _fail(where, f"expected an object, got {type(item).__name__}")
            _no_unknown(where, item, STEP_KEYS)
            cite = item.get("cite", [])
            if not isinstance(cite, list):
                _fail(f"{where}.cite", f"expected a list, got {type(cite).__name__}")
            citations = []
            for position, entry in enumerate(cite, start=1):
                if isinstance(entry, Mapping):
                    _no_unknown(f"{where}.cite[{position}]", entry, CITE_KEYS)
                    entry = Citation(entry.get("id"), entry.get("fingerprint") or "")
                citations.append(entry)
            try:
                steps.append(Step(title=item.get("title"), caption=item.get("caption"), view=item.get("view") or {},
                                  cite=tuple(citations)))
            except NarrativeError as error:
                raise NarrativeError(str(error).replace("step", where, 1)) from None
        return cls(id=data.get("id"), title=data.get("title"), steps=tuple(steps),
                   language=data.get("language", "en"), author=data.get("author") or "")

    @classmethod
    def loads(cls, text: str) -> "Narrative":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise NarrativeError(f"not JSON: {error.msg} at line {error.lineno}, column {error.colno}") from None
        return cls.from_json(data)


def _no_unknown(where: str, data: Mapping, known: tuple[str, ...]) -> None:
    unknown = sorted(str(k) for k in data if k not in known)
    if unknown:
        prefix = f"{where}: " if where else ""
        raise NarrativeError(f"{prefix}unknown field(s) {', '.join(repr(u[:40]) for u in unknown)} (known: "
                             f"{', '.join(known)}); a newer Checkpoint Atlas may have written it")


def load(path) -> Narrative:
    """Read a narrative file; every problem (missing, unreadable, not UTF-8, bad content) is a NarrativeError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NarrativeError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise NarrativeError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise NarrativeError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        return Narrative.loads(text)
    except NarrativeError as error:
        raise NarrativeError(f"{path.name}: {error}") from None


def save(narrative: Narrative, path) -> Path:
    path = Path(path)
    path.write_text(narrative.dumps(), encoding="utf-8")
    return path


# -- staleness -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Stale:
    """A cited event that is not what the step was written about: ``why`` is retracted / missing / changed."""

    step: int           # 1-based
    event_id: str
    why: str

    def __str__(self) -> str:
        words = {"retracted": "was retracted", "missing": "is no longer in the catalogue",
                 "changed": "has changed since the narrative was written"}
        return f"step {self.step}: event {self.event_id} {words.get(self.why, self.why)}"


def stale_citations(narrative: Narrative, events: Iterable) -> list[Stale]:
    """Cited events retracted, missing or changed (fingerprint differs) since the steps were written.
    ``events``: every event known, retracted ones included (a retracted event is then named as such)."""
    by_id = {event.id: event for event in events}
    found = []
    for number, step in enumerate(narrative.steps, start=1):
        for citation in step.cite:
            event = by_id.get(citation.id)
            if event is None:
                found.append(Stale(number, citation.id, "missing"))
            elif event.status == "retracted":
                found.append(Stale(number, citation.id, "retracted"))
            elif citation.fingerprint and citation.fingerprint != event_fingerprint(event):
                found.append(Stale(number, citation.id, "changed"))
    return found


def pinned(narrative: Narrative, events: Iterable) -> Narrative:
    """The narrative with every cited event's fingerprint set to the event as it is now (on saving)."""
    by_id = {event.id: event for event in events}
    steps = tuple(replace(step, cite=tuple(
        Citation(c.id, event_fingerprint(by_id[c.id]) if c.id in by_id else c.fingerprint) for c in step.cite))
        for step in narrative.steps)
    return replace(narrative, steps=steps)


__all__ = ["Narrative", "Step", "Citation", "Stale", "NarrativeError", "FORMAT", "FORMAT_VERSION", "load", "save",
           "event_fingerprint", "stale_citations", "pinned", "view_filter", "view_bounds", "check_view", "pick"]
