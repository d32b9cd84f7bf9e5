"""Score a reading against a hand-made key (the development set in ``tests/data/reader/``).

A key names places by name (canonical English, Arabic as written, and ``also``: other names that are
right too, such as the governorate of a countryside the gazetteer does not hold); names are resolved
to gazetteer ids here, when scoring, so the key does not depend on one version of the gazetteer.
A key place the gazetteer cannot resolve counts as not found (and is reported "[not in gazetteer]").

What counts as right:

- a place: the reader names one of the ids the key's names resolve to;
- a date: a window of the reader overlaps the key's window and is not much wider (at most three times
  as long, plus two days): "mid-March" read as all of March is not found, nor is a weekday read as a week;
- a route drafted: a draft whose origin and destination are both among the key's (one draft per key route);
- a via right: a drafted route whose via is one of the key's transit points;
- a draft right (precision): its origin and destination are two points of one key journey, in travel
  order (origin, transit points, destination): a leg of a journey told leg by leg is right.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from geodata.gazetteer import Gazetteer

WIDER_FACTOR, WIDER_SLACK_DAYS = 3, 2


@dataclass(frozen=True)
class Passage:
    """One passage of the development set with its key (see tests/data/reader/README.md)."""

    id: str
    text: str
    language: str
    published: str | None
    key: dict
    path: Path | None = None


def load_passages(folder: str | Path) -> list[Passage]:
    """Every ``*.json`` passage of a folder, in file-name order."""
    passages = []
    for path in sorted(Path(folder).glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        passages.append(Passage(record["id"], record["text"], record.get("language", ""), record.get("published"),
                                record, path))
    return passages


class KeyNames:
    """Key names -> gazetteer ids, for one passage (its place list gives each name its other spellings)."""

    def __init__(self, key: dict, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.places = {p["en"]: p for p in key.get("places", ())}

    def lookup(self, name: str) -> frozenset[str]:
        hits = self.gazetteer.search(name, fuzzy=False, limit=50) if name else []
        return frozenset(m.place.id for m in hits)

    def own_ids(self, place: dict) -> frozenset[str]:
        """The ids of a key place itself (its English name, else its Arabic one)."""
        for name in place.get("resolve") or (place["en"], place.get("ar", "")):
            ids = self.lookup(name)
            if ids:
                return ids
        return frozenset()

    def ids(self, name: str) -> frozenset[str]:
        """Every id a key name may be read as: the place itself and the names it accepts as well."""
        place = self.places.get(name)
        if place is None:
            return self.lookup(name)
        found = set(self.own_ids(place))
        for other in place.get("also", ()):
            found |= self.ids(other) if other != name else set()
        return frozenset(found)

    def any_ids(self, names) -> frozenset[str]:
        return frozenset().union(*(self.ids(n) for n in names)) if names else frozenset()


@dataclass
class Score:
    """Counts for one passage (or a sum of passages: ``+``)."""

    places: int = 0
    places_found: int = 0
    places_known: int = 0            # key places the gazetteer can resolve today
    places_known_found: int = 0
    dates: int = 0
    dates_found: int = 0
    routes: int = 0
    routes_drafted: int = 0
    routes_known: int = 0            # key routes whose origin and destination the gazetteer resolves
    routes_known_drafted: int = 0
    vias: int = 0
    vias_right: int = 0
    vias_known: int = 0
    vias_known_right: int = 0
    drafts: int = 0                  # drafts with an origin and a destination
    drafts_right: int = 0
    partial_drafts: int = 0          # drafts with one end of a journey only
    false_friends: int = 0
    false_friends_read: int = 0
    counts: int = 0
    counts_found: int = 0
    money: int = 0
    money_found: int = 0
    money_as_heads: int = 0
    misses: list = field(default_factory=list)

    def __add__(self, other: "Score") -> "Score":
        total = Score()
        for name in self.__dataclass_fields__:
            setattr(total, name, getattr(self, name) + getattr(other, name))
        return total


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def date_found(key: dict, windows) -> bool:
    """True when one reader window overlaps the key's and is at most a little wider."""
    start, end = _date(key.get("start")), _date(key.get("end") or key.get("start"))
    if start is None:
        return False
    length = (end - start).days + 1
    for first, last in windows:
        if first <= end and start <= last and (last - first).days + 1 <= WIDER_FACTOR * length + WIDER_SLACK_DAYS:
            return True
    return False


def _journeys(key: dict, names: KeyNames) -> list[list[frozenset[str]]]:
    """Each key route as its stops in travel order: origin ids, each transit point's ids, destination ids."""
    return [[names.any_ids(r["origin"]), *(names.ids(v) for v in r.get("via", ())),
             names.any_ids(r["destination"]) | names.any_ids(r.get("alternatives", ()))]
            for r in key.get("routes", ())]


def draft_is_right(draft: dict, journeys) -> bool:
    """Origin and destination are two stops of one journey, the origin first."""
    for stops in journeys:
        firsts = [i for i, ids in enumerate(stops) if draft["origin"] in ids]
        lasts = [i for i, ids in enumerate(stops) if draft["destination"] in ids]
        if firsts and lasts and min(firsts) < max(lasts):
            return True
    return False


def _inside(span_start: int, span_end: int, text: str, needle: str) -> bool:
    """True when a span of ``text`` lies inside one occurrence of ``needle``."""
    at = text.find(needle)
    while at >= 0:
        if at <= span_start and span_end <= at + len(needle):
            return True
        at = text.find(needle, at + 1)
    return False


def score_reading(passage: Passage, reading, gazetteer: Gazetteer) -> Score:
    """Compare one reading with its passage's key."""
    key, text, score = passage.key, passage.text, Score()
    names = KeyNames(key, gazetteer)
    found_ids = set(reading.place_ids())
    for place in key.get("places", ()):
        own = names.ids(place["en"])
        hit = bool(own & found_ids)
        known = bool(names.own_ids(place))
        score.places += 1
        score.places_found += hit
        score.places_known += known
        score.places_known_found += hit and known
        if not hit:
            score.misses.append(f"place {place['en']} ({place.get('ar', '')})" + ("" if known else " [not in gazetteer]"))
    windows = [(d.date_start, d.date_end) for d in reading.dates if d.is_resolved]
    for date in key.get("dates", ()):
        if not date.get("start"):
            continue
        score.dates += 1
        if date_found(date, windows):
            score.dates_found += 1
        else:
            score.misses.append(f"date «{date['text']}» {date['start']}..{date.get('end') or date['start']}")
    _score_routes(key, reading, names, score)
    for friend in key.get("not_places", ()):
        score.false_friends += 1
        if any(_inside(m.start, m.end, text, friend) for m in reading.places):
            score.false_friends_read += 1
            score.misses.append(f"false friend «{friend}» read as a place")
    for count in key.get("counts", ()):
        score.counts += 1
        if any(c.minimum == count["min"] and c.maximum == count["max"] for c in reading.counts):
            score.counts_found += 1
        else:
            score.misses.append(f"count «{count['text']}»")
    for money in key.get("money", ()):
        score.money += 1
        if any(a.minimum <= money["min"] and (a.maximum is None or money["max"] <= a.maximum)
               and a.per_person == money.get("per_person", False) for a in reading.amounts):
            score.money_found += 1
        else:
            score.misses.append(f"money «{money['text']}»")
        score.money_as_heads += sum(1 for c in reading.counts if _inside(c.start, c.end, text, money["text"]))
    return score


def _score_routes(key: dict, reading, names: KeyNames, score: Score) -> None:
    journeys = _journeys(key, names)
    drafts = [d for d in reading.drafts if d["origin"] and d["destination"]]
    used: set[int] = set()
    for route, stops in zip(key.get("routes", ()), journeys):
        origins, destinations = stops[0], stops[-1]
        vias = frozenset().union(*stops[1:-1]) if len(stops) > 2 else frozenset()
        known = bool(origins and destinations)
        score.routes += 1
        score.routes_known += known
        has_via = bool(route.get("via"))
        score.vias += has_via
        score.vias_known += has_via and known and bool(vias)
        matching = [i for i, d in enumerate(drafts) if i not in used
                    and d["origin"] in origins and d["destination"] in destinations]
        if not matching:
            score.misses.append(f"route {route['origin'][0]} -> {route['destination'][0]}"
                                + ("" if known else " [not in gazetteer]"))
            continue
        best = next((i for i in matching if drafts[i]["via"] in vias), matching[0])
        used.add(best)
        score.routes_drafted += 1
        score.routes_known_drafted += known
        if has_via:
            right = drafts[best]["via"] in vias
            score.vias_right += right
            score.vias_known_right += right and bool(vias)
            if not right:
                score.misses.append(f"via of {route['origin'][0]} -> {route['destination'][0]}: "
                                    f"{drafts[best]['via'] or 'none'}, key {', '.join(route['via'])}")
    score.drafts = len(drafts)
    for draft in drafts:
        if draft_is_right(draft, journeys):
            score.drafts_right += 1
        else:
            score.misses.append(f"draft {draft['origin']} -> {draft['destination']} is on no key journey")
    score.partial_drafts = sum(1 for d in reading.drafts if bool(d["origin"]) != bool(d["destination"]))

