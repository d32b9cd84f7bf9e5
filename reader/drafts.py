"""Event drafts: one per journey the report tells (``reader.journeys``), and one per road it says was
closed or opened.

A journey gives one draft per origin, and one per destination joined by و ("وجهتهم درعا وإدلب"), as the
curated table counts them; its first transit point (a checkpoint first) is the draft's via, and every
other leg, alternative and figure stays in the notes. Each draft quotes the sentences it rests on
verbatim, joined in text order, and is a flat ``events.schema`` record (status ``draft``, confidence
``low``) with every field it cannot read left empty; what the record has no field for (a price per
person, alternatives, the legs) is in ``details``. Nothing here saves anything: the analyst edits the
draft in the entry form and decides.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from events.schema import FIELDS
from geodata.gazetteer import Gazetteer
from reader.context import QUOTE_SEPARATOR, joined_quote
from reader.counts import CountMention
from reader.dates import DateMention
from reader.journeys import MOVEMENT_WORDS, Movement, has_movement, movements
from reader.money import MoneyMention
from reader.places import PlaceMention
from reader.quantities import figure
from reader.text import Folded, Span, fold, tokens

__all__ = ["MOVEMENT_WORDS", "Draft", "build_drafts", "has_movement"]


def _forms(*words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


# (words, event_type, outcome): the first rule whose words occur in the journey's sentences wins.
TYPE_RULES = (
    (_forms("منع", "يمنع", "منعت", "منعوا", "prevented", "blocked", "stopped"), "movement_blocked", "blocked"),
    (_forms("القبض", "قبض", "captured", "caught"), "capture", "captured"),
    (_forms("اعتقال", "اعتقل", "اعتقلت", "اعتقلوا", "احتجاز", "arrested", "detained"), "arrest", "captured"),
    (_forms("انشق", "انشقوا", "انشقت", "انشقاق", "بالانشقاق", "defected"), "defection", "unknown"),
    (_forms("محاولة", "محاولتهم", "حاولوا", "يحاولون", "tried", "attempted", "trying"), "exit_attempt", "unknown"),
    (_forms("وصل", "وصلوا", "وصلت", "وصول", "وصولهم", "arrived", "reached"), "exit", "arrived"),
)
ROAD_WORDS = _forms("الطريق", "طريق", "road", "highway")
CLOSING_WORDS = _forms("أغلق", "اغلق", "أغلقت", "إغلاق", "قطع", "قطعت", "closed", "blocked", "cut")
OPENING_WORDS = _forms("فتح", "افتتاح", "أعاد", "افتتح", "opened", "reopened")
_BETWEEN = re.compile(r"(?:^|\s)(?:بين|between)\s", re.IGNORECASE)
_QUOTED_NAME = re.compile(r"[\"“”«»]\s*((?:أبو|ابو)\s[^\"“”«»]{2,40}?)\s*[\"“”«»]")
CHECKPOINT_KINDS = ("checkpoint",)


@dataclass(frozen=True)
class Draft:
    """What the reader found for one draft beyond the record: the sentences, legs, alternatives,
    the count and amount as written, and whether the amount is per person."""

    record: dict
    sentences: tuple[Span, ...]
    legs: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    count: CountMention | None = None
    amount: MoneyMention | None = None
    date: DateMention | None = None
    per_person: bool = False


def build_drafts(source: str, sentences: list[Span], places: list[PlaceMention], dates: list[DateMention],
                 counts: list[CountMention], amounts: list[MoneyMention], gazetteer: Gazetteer, *,
                 outlet: str = "", seed: str = "", url: str = "", user: str = "") -> list[Draft]:
    """Drafts for every journey, and every closed or opened road, the text tells."""
    who = dict(outlet=outlet, seed=seed, url=url, user=user)
    drafts: list[Draft] = []
    for movement in movements(source, sentences, places, counts, gazetteer):
        for origin, destination in _pairs(movement, gazetteer):
            drafts.append(_draft(source, movement, origin, destination, places, dates, counts, amounts, gazetteer,
                                 **who))
    drafts.extend(_road_drafts(source, sentences, places, dates, gazetteer, **who))
    order = {id(d): n for n, d in enumerate(drafts)}
    return sorted(drafts, key=lambda d: (d.sentences[-1].start if d.sentences else 0, order[id(d)]))


def _pairs(movement: Movement, gazetteer: Gazetteer) -> list[tuple[str, str]]:
    """One pair per origin (several origins, one destination) or per destination joined by و. A country
    alone is no origin ("out of the country"), and a place is not its own destination."""
    origins = _finest([o for o in movement.origins if not _is_country(o, gazetteer)], gazetteer)
    destinations = [d for d in movement.destinations if d not in origins] or \
        ([] if movement.destinations else movement.destinations)
    if not (origins or destinations or movement.stops) and movement.origins:
        return []
    if len(destinations) > 1:
        return [(o, d) for o in (origins if _told_as_a_whole(movement) else origins[:1]) or [""]
                for d in destinations]
    return [(o, destinations[0] if destinations else "") for o in origins] or \
        [("", destinations[0] if destinations else "")]


def _told_as_a_whole(movement: Movement) -> bool:
    """One clause lists several origins and several destinations ("فرّوا من ريف دير الزور والرقة ووصلوا إلى
    حلب وإدلب"): it pairs them only as a whole, so each origin goes with each destination."""
    return any(len(f.origins) > 1 and len(f.destinations) > 1 and f.origins == movement.origins and
               f.destinations == movement.destinations for f in movement.fragments)


def _finest(place_ids: list[str], gazetteer: Gazetteer) -> list[str]:
    """Without a place that holds another of the list: "من تلبيسة ... ريف حمص الشمالي" is Talbiseh."""
    def holds(outer: str, inner: str) -> bool:
        a, b = gazetteer.get(outer), gazetteer.get(inner)
        if a is None or b is None or a.id == b.id or a.kind not in ("governorate", "region", "country"):
            return False
        return b.parent_id == a.id or (a.kind == "governorate" and b.governorate_id == a.id) or \
            (a.kind == "region" and b.kind not in ("region", "governorate", "country") and bool(a.governorate_id)
             and a.governorate_id == b.governorate_id)
    return [p for p in place_ids if not any(holds(p, other) for other in place_ids)]


def _kind(place_id: str, gazetteer: Gazetteer) -> str:
    place = gazetteer.get(place_id)
    return place.kind if place else ""


def _is_country(place_id: str, gazetteer: Gazetteer) -> bool:
    place = gazetteer.get(place_id)
    return place is not None and place.kind == "country"


def _inside(spans: list[Span], items):
    return [m for m in items if any(s.start <= m.start and m.end <= s.end for s in spans)]


def _type_and_outcome(texts: list[str]) -> tuple[str, str]:
    words = [t for text in texts for t in tokens(Folded.of(text))]
    for rule_words, event_type, outcome in TYPE_RULES:
        if any(t.is_one_of(rule_words) for t in words):
            return event_type, outcome
    return "exit", "unknown"


def _via(movement: Movement, gazetteer: Gazetteer, ends: tuple[str, str] = ("", "")) -> str:
    """The first checkpoint the journey passes, else its first transit point (never one of its ends; a
    governorate only when nothing finer is named)."""
    stops = [s for s in movement.stops if s not in ends and _kind(s, gazetteer) != "country"]
    stops = [s for s in stops if _kind(s, gazetteer) != "governorate"] or stops
    for stop in stops:
        place = gazetteer.get(stop)
        if place is not None and place.kind in CHECKPOINT_KINDS:
            return stop
    return stops[0] if stops else ""


def _draft(source, movement: Movement, origin, destination, places, dates, counts, amounts, gazetteer, *,
           outlet, seed, url, user) -> Draft:
    spans = movement.sentences
    own = [f.clause for f in movement.fragments]
    record = {name: "" for name in FIELDS}
    event_type, outcome = _type_and_outcome([s.text for s in spans if s in [f.sentence for f in movement.fragments]])
    quote = joined_quote(source, *spans)
    record.update(
        id="draft-" + hashlib.sha1(f"{outlet}\n{seed}\n{url}\n{quote}\n{origin}\n{destination}\n"
                                   f"{movement.count.start if movement.count else ''}".encode()).hexdigest()[:12],
        event_type=event_type, outcome=outcome, seed=seed, outlet=outlet, url=url, quote_ar=quote,
        origin=origin, via=_via(movement, gazetteer, (origin, destination)), destination=destination,
        status="draft", confidence="low", disputed=False, added_by=user, date_precision="unknown",
    )
    if not (origin or destination):
        located = [pid for f in movement.fragments for pid in f.locations] + \
            [r.place_id for f in movement.fragments for r in f.roled if r.role == "mentioned"]
        record["location"] = located[0] if located else (record["via"] or "")
        if record["location"] == record["via"]:
            record["via"] = ""
    own_dates = _inside(own, dates) or _inside(spans, dates)
    dated = next((d for d in own_dates if d.is_resolved), own_dates[0] if own_dates else None)
    if dated is not None:
        record.update(date_precision=dated.precision, date_relative=dated.relative, date_basis=dated.basis,
                      date_start=_iso(dated.date_start), date_end=_iso(dated.date_end))
    count = movement.count or next((c for c in _inside(own, counts) if c.unit), None) or \
        next((c for c in _inside(spans, counts) if c.unit), None)
    if count is not None:
        record.update(count_min=count.minimum, count_max=_blank(count.maximum), count_unit=count.unit or "people")
    money = _inside(own, amounts) or _inside(spans, amounts)
    amount = money[0] if money else None
    if amount is not None:
        record.update(paid_usd_min=amount.minimum, paid_usd_max=_blank(amount.maximum))
    names = [m.group(1).strip() for span in spans for m in _QUOTED_NAME.finditer(span.text)]
    record["names"] = "|".join(dict.fromkeys(names))
    per_person = bool(amount and amount.per_person)
    record["summary_en"] = _summary(record, gazetteer, per_person)
    record["notes"] = _notes(movement, origin, destination, record, gazetteer, per_person, amount, count, dated)
    legs = tuple(movement.legs) if len(movement.legs) > 2 else ()
    return Draft(record, tuple(spans), legs, tuple(movement.alternatives), count, amount, dated, per_person)


def _notes(movement: Movement, origin, destination, record, gazetteer, per_person, amount, count, dated) -> str:
    notes = ["Suggested by the report reader from the quoted text; check every field."]
    if movement.borrowed_from is not None and origin in movement.origins:
        notes.append(f"The origin ({_label(origin, gazetteer)}) is not in the movement's sentence: it is carried "
                     f"from an earlier sentence: «{movement.borrowed_from.sentence.text}».")
    if len(movement.fragments) > 1:
        notes.append(f"One journey told in {len({f.sentence.start for f in movement.fragments})} sentence(s); "
                     "they are quoted together.")
    if len(movement.legs) > 2:
        notes.append("Journey as told: " + " → ".join(_label(p, gazetteer) for p in movement.legs) + ".")
    if len(movement.origins) > 1 and len(movement.destinations) <= 1:
        notes.append("The text names several origins; one draft each.")
    if len(movement.destinations) > 1:
        notes.append("The text names several destinations; one draft each.")
    if movement.alternatives:
        notes.append("Alternatives the text gives: " + ", ".join(_label(p, gazetteer) for p in movement.alternatives)
                     + ".")
    later = [p for f in movement.fragments for p in f.legs]
    if later:
        notes.append("Also named as a further destination: " + ", ".join(_label(p, gazetteer) for p in later) + ".")
    if movement.count is not None:
        notes.append(f"A part of a larger group, counted on its own: «{movement.count.text}».")
    if count is not None and count.maximum != count.minimum:
        notes.append(f"The count is {'open-ended' if count.maximum is None else 'a range'}: «{count.text}».")
    if count is not None and count.approximate:
        notes.append(f"The count is approximate: «{count.text}».")
    if per_person:
        notes.append("The amount is per person.")
    if amount is not None:
        notes.append(f"Amount as written: «{amount.text}».")
    if dated is not None and dated.is_resolved and dated.precision != "day":
        notes.append(f"Date window ({dated.precision}): {dated.basis}.")
    return " ".join(notes)


def _road_drafts(source, sentences, places, dates, gazetteer, *, outlet, seed, url, user) -> list[Draft]:
    """"أغلق التنظيم الطريق بين الحجر الأسود والقدم": a road closure (or opening) between two places."""
    drafts = []
    for sentence in sentences:
        words = tokens(Folded.of(sentence.text))
        if not any(t.is_one_of(ROAD_WORDS) for t in words):
            continue
        inside = [m for m in places if sentence.start <= m.start and m.end <= sentence.end]
        for match in _BETWEEN.finditer(sentence.text):
            at = sentence.start + match.end()
            after = [m for m in inside if m.start >= at]
            if len(after) < 2 or not re.fullmatch(r"[\s\w]{0,12}", source[at:after[0].start]) or \
                    not re.fullmatch(r"\s*(?:و|and)\s*(?:\w+\s+)?", source[after[0].end:after[1].start]):
                continue
            before = tokens(Folded.of(sentence.text[:match.start()]))
            verb = next((t for t in reversed(before) if t.is_one_of(CLOSING_WORDS | OPENING_WORDS)), None)
            if verb is None:
                continue
            event_type = "road_opening" if verb.is_one_of(OPENING_WORDS) else "road_closure"
            record = {name: "" for name in FIELDS}
            record.update(
                id="draft-" + hashlib.sha1(f"{outlet}\n{seed}\n{url}\n{sentence.text}\n{at}".encode()).hexdigest()[:12],
                event_type=event_type, outcome="not_applicable", seed=seed, outlet=outlet, url=url,
                quote_ar=sentence.text, origin=after[0].place_id, destination=after[1].place_id, status="draft",
                confidence="low", disputed=False, added_by=user, date_precision="unknown")
            dated = next((d for d in dates if sentence.start <= d.start < sentence.end and d.is_resolved), None)
            if dated is not None:
                record.update(date_precision=dated.precision, date_relative=dated.relative, date_basis=dated.basis,
                              date_start=_iso(dated.date_start), date_end=_iso(dated.date_end))
            record["summary_en"] = (f"[reader draft] Road {'opened' if event_type == 'road_opening' else 'closed'} "
                                    f"between {_label(after[0].place_id, gazetteer)} and "
                                    f"{_label(after[1].place_id, gazetteer)}.")
            record["notes"] = "Suggested by the report reader from the quoted text; check every field. " \
                              "The road's two ends are drafted as origin and destination."
            drafts.append(Draft(record, (sentence,), date=dated))
    return drafts


def _blank(value):
    return "" if value is None else value


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _label(place_id: str, gazetteer: Gazetteer) -> str:
    place = gazetteer.get(place_id)
    return place.name_en if place else place_id


def _summary(record: dict, gazetteer: Gazetteer, per_person: bool = False) -> str:
    """One plain English line built from the record's own fields."""
    count = record["count_min"]
    who = f"{figure(count, _none(record['count_max']))} {record['count_unit']}" if count != "" else "People"
    parts = [f"[reader draft] {who} ({record['event_type'].replace('_', ' ')})"]
    for role, word in (("origin", "from"), ("via", "via"), ("destination", "to"), ("location", "at")):
        if record[role]:
            parts.append(f"{word} {_label(record[role], gazetteer)}")
    if record["date_start"]:
        parts.append(f"on {record['date_start']}" if record["date_start"] == record["date_end"]
                     else f"between {record['date_start']} and {record['date_end']}")
    if record["paid_usd_min"] != "":
        parts.append(f"for {figure(record['paid_usd_min'], _none(record['paid_usd_max']), thousands=True)} USD"
                     + (" per person" if per_person else ""))
    return " ".join(parts) + "."


def _none(value):
    return None if value == "" else value


QUOTE_SEPARATOR = QUOTE_SEPARATOR
