"""Event drafts: one per sentence that says someone moved (خرج، فرّ، وصل، توجه، غادر …).

Places after من become the origin, after إلى the destination, after عبر / من خلال the via
point; a place joined by و takes the role of the one before it. Two destinations for one origin
("وجهتهم درعا وإدلب") give two drafts, as the curated table counts them; so do two origins for
one destination. A sentence that names no origin may take one from its context
(``reader.context``), which its notes and joined quote then show. Each draft quotes its sentence
verbatim and is a flat ``events.schema`` record (status ``draft``, confidence ``low``) with
every field it cannot read left empty. Nothing here saves anything: the analyst edits the
draft in the entry form and decides.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from events.schema import FIELDS
from geodata.gazetteer import Gazetteer
from reader.context import QUOTE_SEPARATOR, Borrowed, joined_quote, paragraph_of, paragraph_start, points_back_at
from reader.counts import CountMention
from reader.dates import DateMention
from reader.money import MoneyMention
from reader.places import PlaceMention
from reader.quantities import figure
from reader.text import Folded, Span, fold, tokens


def _forms(*words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


MOVEMENT_WORDS = _forms(
    "خرج", "خرجوا", "خرجت", "يخرج", "يخرجون", "يخرجوا", "تخرج", "خروج", "الخروج", "خروجهم", "إخراج", "إخراجهم",
    "فر", "فروا", "يفر", "يفرون", "فرار", "الفرار", "فرارهم", "الفارين", "هرب", "هربوا", "يهرب", "هروب", "هروبهم",
    "وصل", "وصلوا", "وصلت", "يصل", "يصلون", "وصول", "وصولهم", "توجه", "توجهوا", "يتوجه", "توجههم", "اتجه",
    "اتجهوا", "يتجه", "غادر", "غادروا", "يغادر", "يغادرون", "مغادرة", "انتقل", "انتقلوا", "انتقال", "الانتقال",
    "نزح", "نزحوا", "لجأ", "لجؤوا", "لجأوا", "اللجوء", "عبروا", "عبورهم", "انشق", "انشقوا", "انشقت",
    "left", "leave", "leaving", "fled", "flee", "fleeing", "escaped", "arrived", "reached", "crossed",
    "departed", "moved", "defected", "evacuated", "exit", "exited",
    "إرسال", "ارسالهم", "إرسالهم", "نقل", "نقلهم", "ترحيل", "ترحيلهم", "sent", "transferred",
)
# Words that say the movers left (not arrived): "عناصر في حي الحجر الأسود بالخروج" leave from there.
LEAVING_WORDS = _forms("خرج", "خرجوا", "خرجت", "يخرج", "يخرجون", "خروج", "الخروج", "فر", "فروا", "فرار",
                       "الفرار", "هرب", "هربوا", "هروب", "غادر", "غادروا", "مغادرة", "left", "fled")
ORIGIN_WORDS = _forms("من", "from")
DESTINATION_WORDS = _forms("إلى", "الى", "نحو", "باتجاه", "وجهتهم", "وجهته", "وجهة", "وجهتها", "to", "towards",
                           "into")
# "القسم الشرقي من حي القدم" is a part of al-Qadam, not a departure from it.
PARTITIVE_WORDS = _forms("القسم", "قسم", "الجزء", "جزء", "الجهة", "جهة", "أطراف", "محيط", "الشرقي", "الغربي",
                         "الشمالي", "الجنوبي", "الشرقية", "الغربية", "الشمالية", "الجنوبية", "بعض", "كثير")
DESTINATION_NOUNS = _forms("وجهتهم", "وجهته", "وجهة", "وجهتها", "destination")
VIA_WORDS = _forms("عبر", "via", "through")
THROUGH_SECOND = _forms("خلال")
# "من جهة بلدة سبينة" = "on the side of Sbeineh": a position, not a departure.
SIDE_SECOND = _forms("جهة", "طرف", "ناحية")
LOCATION_WORDS = _forms("في", "على", "عند", "قرب", "بالقرب", "داخل", "in", "at", "near")
AGENT_SECOND = _forms("قبل")     # "من قبل" = "by", not "from"
NEUTRAL_WORDS = _forms("بين", "between")
LOOK_BACK = 6

# (words, event_type, outcome): the first rule whose words occur in the sentence wins.
TYPE_RULES = (
    (_forms("منع", "يمنع", "منعت", "منعوا", "prevented", "blocked", "stopped"), "movement_blocked", "blocked"),
    (_forms("القبض", "قبض", "captured", "caught"), "capture", "captured"),
    (_forms("اعتقال", "اعتقل", "اعتقلت", "اعتقلوا", "احتجاز", "arrested", "detained"), "arrest", "captured"),
    (_forms("انشق", "انشقوا", "انشقت", "انشقاق", "بالانشقاق", "defected"), "defection", "unknown"),
    (_forms("محاولة", "محاولتهم", "حاولوا", "يحاولون", "tried", "attempted", "trying"), "exit_attempt", "unknown"),
    (_forms("وصل", "وصلوا", "وصلت", "وصول", "وصولهم", "arrived", "reached"), "exit", "arrived"),
)
_QUOTED_NAME = re.compile(r"[\"“”«»]\s*((?:أبو|ابو)\s[^\"“”«»]{2,40}?)\s*[\"“”«»]")


def has_movement(sentence: str) -> bool:
    """True when a word of the sentence (clitics allowed) is a movement verb or noun."""
    return any(t.is_one_of(MOVEMENT_WORDS) for t in tokens(Folded.of(sentence)))


def roles(sentence: Span, places: list[PlaceMention], source: str) -> list[tuple[PlaceMention, str]]:
    """Each place of the sentence with its role: origin, destination, via, location or mentioned."""
    return [(place, role) for place, role, _joined in _roles_joined(sentence, places, source)]


def _roles_joined(sentence: Span, places: list[PlaceMention], source: str) -> list[tuple[PlaceMention, str, bool]]:
    """``roles`` plus, for each place, whether و joins it to the place before ("درعا وإدلب")."""
    result = []
    previous_end = sentence.start
    for place in places:
        before = source[previous_end:place.start]
        joined = result and re.fullmatch(r"\s*و\s*|\s*and\s*", before)
        role = result[-1][1] if joined else _role_from(before)
        joined = bool(joined)
        if role in ("location", "mentioned") and _leaving_follows(source[place.end:sentence.end]):
            role = "origin"
        result.append((place, role, joined))
        previous_end = place.end
    return result


def _leaving_follows(after: str) -> bool:
    """True when the very next word after a place (no comma between) says its people left:
    "عناصر التنظيم في حي الحجر الأسود بالخروج"."""
    following = tokens(Folded.of(after[:40]))
    return bool(following) and not after[:following[0].start].strip() and following[0].is_one_of(LEAVING_WORDS)


def _role_from(before: str) -> str:
    """The role given by the nearest preposition in the words before a place."""
    words = [t.text for t in tokens(Folded.of(before))][-LOOK_BACK:]
    glued = before[-1:] if before and not before[-1].isspace() else ""
    if glued == "ب":
        return "location"
    if glued == "ل":
        return "destination"
    for index in range(len(words) - 1, -1, -1):
        role = _preposition_role(words, index)
        if role == "location":
            # "إلى مناطق سيطرة … في حلب", "عبر نقاط قوات الأسد في معمل بردى": a movement
            # preposition further back wins
            further = (_preposition_role(words, k) for k in range(index - 1, -1, -1))
            return next((r for r in further if r in ("destination", "origin", "via")), "location")
        if role is not None:
            return role
    return "mentioned"


def _preposition_role(words: list[str], index: int) -> str | None:
    """The role the word at ``index`` gives a place after it; None when it is no preposition."""
    word = words[index]
    forms = {word, word[1:]} if word[:1] in "وف" and len(word) > 2 else {word}
    if forms & THROUGH_SECOND and index > 0 and words[index - 1] in ORIGIN_WORDS:
        return "via"
    if forms & VIA_WORDS:
        return "via"
    if forms & DESTINATION_WORDS:
        return "destination"
    if forms & ORIGIN_WORDS and _is_departure(words, index):
        return "origin"
    if forms & NEUTRAL_WORDS:
        return "mentioned"
    if forms & LOCATION_WORDS:
        return "location"
    return None


def _is_departure(words: list[str], index: int) -> bool:
    """من at ``index`` means "from": not "part of" (القسم الشرقي من) nor "by" (من قبل)."""
    if index > 0 and words[index - 1] in PARTITIVE_WORDS:
        return False
    if index + 1 < len(words) and words[index + 1] in SIDE_SECOND:
        return False
    return not (index + 1 < len(words) and words[index + 1] in AGENT_SECOND)


def _inside(sentence: Span, items):
    return [m for m in items if sentence.start <= m.start and m.end <= sentence.end]


def _type_and_outcome(sentence: str) -> tuple[str, str]:
    words = tokens(Folded.of(sentence))
    for rule_words, event_type, outcome in TYPE_RULES:
        if any(t.is_one_of(rule_words) for t in words):
            return event_type, outcome
    return "exit", "unknown"


def build_drafts(source: str, sentences: list[Span], places: list[PlaceMention], dates: list[DateMention],
                 counts: list[CountMention], amounts: list[MoneyMention], gazetteer: Gazetteer, *,
                 outlet: str = "", seed: str = "", url: str = "", user: str = "") -> list[dict]:
    """Draft records for the sentences with a movement word and at least one place."""
    drafts, seen = [], set()
    headline = _headline_origin(source, sentences, places)
    latest: _Drafted | None = None       # the latest movement sentence drafted, for its paragraph
    for sentence in sentences:
        sentence_places = _inside(sentence, places)
        key = sentence.text.rstrip(".!?؟؛ ")
        if not sentence_places:
            continue
        roled = _roles_joined(sentence, sentence_places, source)
        by_role = _by_role([(place, role) for place, role, _joined in roled])
        paragraph = paragraph_of(source, sentence)
        if not has_movement(sentence.text):
            if latest and latest.follows(source, sentence) and _names_destination_noun(sentence.text) and \
                    by_role.get("destination"):
                _lend_destination(drafts, latest, sentence, by_role["destination"], source, gazetteer)
            continue
        if key in seen:
            continue
        seen.add(key)    # a headline repeated in the page gives one draft
        borrowed = None
        if not by_role.get("origin"):
            borrowed = _borrowed_origin(source, sentence, by_role, places, latest, headline)
            if borrowed is not None:
                by_role["origin"] = [borrowed.place_id]
        records = _drafts_for(source, sentence, by_role, roled, borrowed, sentence_places, _inside(sentence, dates),
                              _inside(sentence, counts), _inside(sentence, amounts), gazetteer,
                              outlet=outlet, seed=seed, url=url, user=user)
        first = len(drafts)
        drafts.extend(records)
        latest = _Drafted(sentence, paragraph, (by_role.get("origin") or [""])[0],
                          borrowed.sentence if borrowed else sentence, range(first, len(drafts)))
    return drafts


@dataclass(frozen=True)
class _Drafted:
    """A movement sentence already drafted: its paragraph, its origin with the sentence that names
    it (itself, or the one it borrowed from), and the indices of the drafts it gave."""

    sentence: Span
    paragraph: int
    origin: str
    origin_sentence: Span
    indices: range

    def follows(self, source: str, sentence: Span) -> bool:
        """True when ``sentence`` comes right after this one in the same paragraph."""
        between = source[self.sentence.end:sentence.start]
        return "\n" not in between and not between.strip(" \t.!?؟؛")


def _by_role(roled: list[tuple[PlaceMention, str]]) -> dict[str, list[str]]:
    by_role: dict[str, list[str]] = {}
    for place, role in roled:
        if place.place_id not in by_role.setdefault(role, []):
            by_role[role].append(place.place_id)
    return by_role


def _coordinated(roled: list[tuple[PlaceMention, str, bool]], role: str) -> list[str]:
    """The first place of a role and the places و joins to it: "وجهتهم درعا وإدلب" -> both."""
    run: list[str] = []
    for place, place_role, joined in roled:
        if run and not joined:
            break
        if place_role == role and (joined or not run) and place.place_id not in run:
            run.append(place.place_id)
        elif run:
            break
    return run


def _headline_origin(source: str, sentences: list[Span], places: list[PlaceMention]) -> Borrowed | None:
    """The origin a movement headline (the first line) names, if any."""
    for sentence in sentences:
        if paragraph_of(source, sentence) > 0:
            break
        if has_movement(sentence.text):
            origins = _by_role(roles(sentence, _inside(sentence, places), source)).get("origin")
            if origins:
                return Borrowed(origins[0], sentence, "the headline")
    return None


def _borrowed_origin(source, sentence, by_role, places, latest, headline) -> Borrowed | None:
    """An origin from the context (see ``reader.context``), or None when none is safe."""
    paragraph = paragraph_of(source, sentence)
    if latest and latest.paragraph == paragraph and latest.origin and not by_role.get("location"):
        return Borrowed(latest.origin, latest.origin_sentence, "an earlier sentence of the same paragraph")
    back = points_back_at(sentence.text)
    if headline is None or back is None or headline.sentence.start >= sentence.start or \
            paragraph_of(source, headline.sentence) == paragraph:
        return None
    named_before = [m for m in places if paragraph_start(source, sentence) <= m.start < sentence.start + back]
    return None if named_before else headline


def _names_destination_noun(sentence: str) -> bool:
    """"وجهته هي مصر": a sentence that only names where the movers were heading."""
    return any(t.is_one_of(DESTINATION_NOUNS) for t in tokens(Folded.of(sentence)))


def _lend_destination(drafts, latest, sentence, destinations, source, gazetteer) -> None:
    """Complete the previous sentence's drafts that lack a destination with this sentence's."""
    for index in latest.indices:
        draft = drafts[index]
        if draft["destination"]:
            continue
        draft.update(destination=destinations[0], location="",
                     quote_ar=joined_quote(source, latest.sentence, sentence) if draft["quote_ar"] ==
                     latest.sentence.text else draft["quote_ar"] + QUOTE_SEPARATOR + sentence.text)
        draft["notes"] += f" Destination read from the next sentence: «{sentence.text}»."
        draft["summary_en"] = _summary(draft, gazetteer, "The amount is per person." in draft["notes"])


def _drafts_for(source, sentence, by_role, roled, borrowed, places, dates, counts, amounts, gazetteer,
                **who) -> list[dict]:
    """One draft, or several: one per origin when the sentence names several for at most one
    destination ("فروا إلى إعزاز ... من مدينة العشارة ... من مدينة القورية"); one per destination
    when و joins them ("وجهتهم درعا وإدلب"). Destinations not joined ("إلى حي القدم ... إلى
    شمال البلاد") are legs of one journey: the first is drafted, the rest go to the notes."""
    destinations = _coordinated(roled, "destination")
    origins = by_role.get("origin", []) if len(destinations) <= 1 else by_role.get("origin", [])[:1]
    if len(origins) > 1 >= len(destinations):
        split, pairs = "origins", [(o, destinations[0] if destinations else "") for o in origins]
    elif len(destinations) > 1 >= len(origins):
        split, pairs = "destinations", [(origins[0] if origins else "", d) for d in destinations]
    else:
        split, pairs = "", [(origins[0] if origins else "", destinations[0] if destinations else "")]
    drafted = {pid for pair in pairs for pid in pair}
    return [_draft(source, sentence, by_role, origin, destination, borrowed, split, drafted, places, dates, counts,
                   amounts, gazetteer, **who) for origin, destination in pairs]


def _draft(source, sentence, by_role, origin, destination, borrowed, split, drafted, places, dates, counts, amounts,
           gazetteer, *, outlet, seed, url, user) -> dict:
    record = {name: "" for name in FIELDS}
    first = {role: ids[0] for role, ids in by_role.items()}
    event_type, outcome = _type_and_outcome(sentence.text)
    quote = joined_quote(source, borrowed.sentence, sentence) if borrowed else sentence.text
    record.update(
        id="draft-" + hashlib.sha1(f"{outlet}\n{seed}\n{url}\n{quote}\n{origin}\n{destination}".encode()
                                   ).hexdigest()[:12],
        event_type=event_type, outcome=outcome, seed=seed, outlet=outlet, url=url, quote_ar=quote,
        origin=origin, via=first.get("via", ""), destination=destination,
        status="draft", confidence="low", disputed=False, added_by=user, date_precision="unknown",
    )
    if not (record["origin"] or record["destination"]):
        record["location"] = first.get("location") or first.get("mentioned") or places[0].place_id
    dated = next((d for d in dates if d.is_resolved), dates[0] if dates else None)
    if dated is not None:
        record.update(date_precision=dated.precision, date_relative=dated.relative, date_basis=dated.basis,
                      date_start=_iso(dated.date_start), date_end=_iso(dated.date_end))
    count = next((c for c in counts if c.unit), None)
    if count is not None:
        record.update(count_min=count.minimum, count_max=_blank(count.maximum), count_unit=count.unit)
    if amounts:
        record.update(paid_usd_min=amounts[0].minimum, paid_usd_max=_blank(amounts[0].maximum))
    names = [m.group(1).strip() for m in _QUOTED_NAME.finditer(sentence.text)]
    record["names"] = "|".join(dict.fromkeys(names))
    record["summary_en"] = _summary(record, gazetteer, bool(amounts and amounts[0].per_person))
    others = {role: [pid for pid in ids[1:] if role not in ("origin", "destination") or pid not in drafted]
              for role, ids in by_role.items()}
    extra = [f"{role}: {', '.join(_label(pid, gazetteer) for pid in ids)}" for role, ids in others.items() if ids]
    notes = ["Suggested by the report reader from the quoted text; check every field."]
    if borrowed:
        notes.append(f"The origin ({_label(borrowed.place_id, gazetteer)}) is not in the movement sentence: it is "
                     f"carried from {borrowed.reason}: «{borrowed.sentence.text}».")
    if split:
        notes.append(f"The sentence names several {split}; one draft each.")
    if extra:
        notes.append("Also named in the sentence (" + "; ".join(extra) + ").")
    if amounts and amounts[0].per_person:
        notes.append("The amount is per person.")
    record["notes"] = " ".join(notes)
    return record


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
