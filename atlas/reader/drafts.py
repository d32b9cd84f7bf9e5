"""Event drafts: one per sentence that says someone moved (خرج، فرّ، وصل، توجه، غادر …).

Places after من become the origin, after إلى the destination, after عبر / من خلال the via
point; a place joined by و takes the role of the one before it. Each draft quotes its sentence
verbatim and is a flat ``events.schema`` record (status ``draft``, confidence ``low``) with
every field it cannot read left empty. Nothing here saves anything: the analyst edits the
draft in the entry form and decides.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re

from atlas.reader.counts import CountMention
from atlas.reader.dates import DateMention
from atlas.reader.money import MoneyMention
from atlas.reader.places import PlaceMention
from atlas.reader.quantities import figure
from atlas.reader.text import Folded, Span, fold, tokens
from events.schema import FIELDS
from geodata.gazetteer import Gazetteer


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
)
ORIGIN_WORDS = _forms("من", "from")
DESTINATION_WORDS = _forms("إلى", "الى", "نحو", "باتجاه", "وجهتهم", "وجهته", "وجهة", "وجهتها", "to", "towards",
                           "into")
# "القسم الشرقي من حي القدم" is a part of al-Qadam, not a departure from it.
PARTITIVE_WORDS = _forms("القسم", "قسم", "الجزء", "جزء", "الجهة", "جهة", "أطراف", "محيط", "الشرقي", "الغربي",
                         "الشمالي", "الجنوبي", "الشرقية", "الغربية", "الشمالية", "الجنوبية", "بعض", "كثير")
VIA_WORDS = _forms("عبر", "via", "through")
THROUGH_SECOND = _forms("خلال")
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
    result = []
    previous_end = sentence.start
    for place in places:
        before = source[previous_end:place.start]
        joined = result and re.fullmatch(r"\s*و\s*|\s*and\s*", before)
        role = result[-1][1] if joined else _role_from(before)
        result.append((place, role))
        previous_end = place.end
    return result


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
            # "إلى مناطق سيطرة … في حلب": a movement preposition further back wins
            further = (_preposition_role(words, k) for k in range(index - 1, -1, -1))
            return next((r for r in further if r in ("destination", "origin")), "location")
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
    """One draft record per sentence with a movement word and at least one place."""
    drafts, seen = [], set()
    for sentence in sentences:
        sentence_places = _inside(sentence, places)
        key = sentence.text.rstrip(".!?؟؛ ")
        if not sentence_places or not has_movement(sentence.text) or key in seen:
            continue
        seen.add(key)    # a headline repeated in the page gives one draft
        drafts.append(_draft(source, sentence, sentence_places, _inside(sentence, dates),
                             _inside(sentence, counts), _inside(sentence, amounts), gazetteer,
                             outlet=outlet, seed=seed, url=url, user=user))
    return drafts


def _draft(source, sentence, places, dates, counts, amounts, gazetteer, *, outlet, seed, url, user) -> dict:
    record = {name: "" for name in FIELDS}
    by_role: dict[str, list[str]] = {}
    for place, role in roles(sentence, places, source):
        if place.place_id not in by_role.setdefault(role, []):
            by_role[role].append(place.place_id)
    first = {role: ids[0] for role, ids in by_role.items()}
    event_type, outcome = _type_and_outcome(sentence.text)
    record.update(
        id="draft-" + hashlib.sha1(f"{outlet}\n{seed}\n{url}\n{sentence.text}".encode()).hexdigest()[:12],
        event_type=event_type, outcome=outcome, seed=seed, outlet=outlet, url=url, quote_ar=sentence.text,
        origin=first.get("origin", ""), via=first.get("via", ""), destination=first.get("destination", ""),
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
    record["summary_en"] = _summary(record, gazetteer, count, amounts[0] if amounts else None)
    extra = [f"{role}: {', '.join(_label(pid, gazetteer) for pid in ids[1:])}"
             for role, ids in by_role.items() if len(ids) > 1]
    record["notes"] = "Suggested by the report reader from the quoted sentence; check every field." + (
        " Also named in the sentence (" + "; ".join(extra) + ")." if extra else "") + (
        " The amount is per person." if amounts and amounts[0].per_person else "")
    return record


def _blank(value):
    return "" if value is None else value


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _label(place_id: str, gazetteer: Gazetteer) -> str:
    place = gazetteer.get(place_id)
    return place.name_en if place else place_id


def _summary(record: dict, gazetteer: Gazetteer, count: CountMention | None, amount: MoneyMention | None) -> str:
    who = f"{figure(count.minimum, count.maximum)} {count.unit}" if count else "People"
    parts = [f"[reader draft] {who} ({record['event_type'].replace('_', ' ')})"]
    for role, word in (("origin", "from"), ("via", "via"), ("destination", "to"), ("location", "at")):
        if record[role]:
            parts.append(f"{word} {_label(record[role], gazetteer)}")
    if record["date_start"]:
        parts.append(f"on {record['date_start']}" if record["date_start"] == record["date_end"]
                     else f"between {record['date_start']} and {record['date_end']}")
    if amount:
        parts.append(f"for {figure(amount.minimum, amount.maximum, thousands=True)} USD"
                     + (" per person" if amount.per_person else ""))
    return " ".join(parts) + "."
