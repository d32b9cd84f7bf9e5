"""What each place of a sentence is to a journey: origin, via, destination, a place it happened,
where the source writes from, a hometown, or only mentioned.

The role comes from the words just before the place (up to the previous place): a preposition or a
direction word (من، إلى، عبر، باتجاه، نحو، مروراً ب، from, to, via, towards, bound for), a verb taking the
place as its object (غادرت دوما، وصلت إدلب، left Harasta, reached al-Bab), a group named after where it
comes from (مهجري الوعر، أهالي مضايا، al-Waer's displaced), and the words that take a place out of the
journey: a source's location (مصادر محلية في إدلب، sources in Idlib, a dateline "دمشق 29 يناير"), a
hometown (من أبناء دوما، غالبيتهم من دير الزور، originally from). A place right after another, joined by
في / ب / قرب / غربي (X في Y، X near Y), says where the first one is: a *container*, not a new leg.
Cue words of a journey told leg by leg (ثم، ومن ثم، وصولاً إلى، then, on to) and of its end (الوجهة
النهائية، final destination) are kept for ``reader.journeys``.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from reader.places import PlaceMention
from reader.text import Folded, Span, Token, fold, tokens


def _forms(*words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


ORIGIN_WORDS = _forms("من", "from", "out")
DESTINATION_WORDS = _forms("إلى", "الى", "نحو", "باتجاه", "اتجاه", "صوب", "تجاه", "لجهة", "وجهتهم", "وجهته", "وجهة",
                           "وجهتها", "to", "towards", "toward", "into", "reach", "reached", "reaching", "heading",
                           "headed", "وصولا", "وصولاً", "حتى")
VIA_WORDS = _forms("عبر", "via", "through", "مرورا", "مروراً", "بطريق", "طريق", "لتعبر", "ليعبر", "ليعبروا", "تعبر",
                   "يعبر", "عبرت", "عبروا", "يعبرون", "crossed", "passing", "passed")
LOCATION_WORDS = _forms("في", "على", "عند", "قرب", "بالقرب", "داخل", "أطراف", "محيط", "in", "at", "near", "outside",
                        "inside", "on", "around")
NEUTRAL_WORDS = _forms("بين", "between")
# A verb whose object is the place: the movers leave it, or arrive in it.
LEAVING_VERBS = _forms("غادر", "غادرت", "غادروا", "يغادر", "يغادرون", "تغادر", "مغادرة", "ترك", "تركوا", "left",
                       "leave", "leaving", "fled", "flee", "fleeing", "evacuated", "exited", "quit", "abandoned")
ARRIVING_VERBS = _forms("وصل", "وصلت", "وصلوا", "تصل", "يصل", "يصلون", "وصول", "بلغت", "بلغوا", "دخلت", "دخلوا",
                        "تدخل", "يدخلون", "دخول", "reached", "reach", "entered", "enter", "reaches")
ARRIVAL_BEFORE_LOCATION = _forms("arrived", "arrive", "arrives", "arriving", "arrival", "وصلت", "وصلوا", "وصل",
                                 "ended", "settled", "sought", "refuge", "destination", "وجهتهم", "وجهتها", "وجهته",
                                 "وجهة", "المطاف")
# A second destination after one of these verbs is the next leg: "دخلت إلى حي الراشدين ... واتجهت نحو إدلب".
ONWARD_VERBS = _forms("اتجهت", "اتجهوا", "اتجه", "توجهت", "توجهوا", "توجه", "تابعت", "تابعوا", "أكملت", "أكملوا",
                      "انطلقت", "انطلقوا", "تدخل", "يدخل", "يدخلون", "لتدخل", "ليدخل", "continued", "proceeded",
                      "headed", "moved", "enter", "entering")
# "مهجري الوعر", "أهالي مضايا": the group is named after the place it leaves.
GROUP_NOUNS = _forms("مهجري", "مهجرو", "مهجّري", "مهجرين", "نازحي", "نازحو", "مبعدي", "أهالي", "أهل", "سكان",
                     "مسلحي", "مقاتلي", "ثوار", "عناصر", "مهجرو", "مهجّرو", "evacuees", "residents", "displaced",
                     "rebels", "fighters")
DISPLACED_NOUNS = _forms("مهجري", "مهجرو", "مهجّري", "مهجّرو", "مهجرين", "نازحي", "نازحو", "مبعدي", "مبعدو", "أهالي",
                         "مسلحي", "مقاتلي")
GROUP_AFTER = _forms("displaced", "evacuees", "residents", "rebels", "fighters", "population", "people")
# "مصادر محلية في إدلب", "sources in Idlib", "reporter in Aleppo": where the report comes from.
SOURCE_NOUNS = _forms("مصادر", "مصدر", "المصدر", "المصادر", "مراسل", "مراسلنا", "مراسلة", "ناشط", "ناشطون", "الناشط",
                      "ناشطين", "صحفي", "صحافية", "صحفيون", "إعلامي", "الإعلامي", "وكالة", "لوكالة", "شبكة", "موقع",
                      "مقيم", "المقيم", "مقيمون", "sources", "source", "reporter", "correspondent", "correspondents",
                      "activist", "activists", "council", "monitor", "journalist", "agency", "based")
CLAUSE_WORDS = _forms("إن", "أن", "ان", "بأن", "said", "that", "reported", "told", "قال", "قالت", "أفاد", "أكد")
# "من أبناء دوما", "ينحدر من", "غالبيتهم من دير الزور", "originally from": a hometown, not an origin.
HOMETOWN_WORDS = _forms("أبناء", "ابناء", "ابن", "ينحدر", "ينحدرون", "المنحدر", "المنحدرين", "تنحدر", "منحدر",
                        "غالبيتهم", "معظمهم", "أغلبهم", "originally", "native", "hails", "hail", "natives")
THEY_ARE = _forms("هم", "وهم", "هن", "وهن", "are")
# "X في Y", "X قرب Y", "X غربي Y", "X near Y": Y says where X is.
CONTAINER_WORDS = _forms("في", "ب", "قرب", "بالقرب", "المجاورة", "المجاور", "القريبة", "القريب", "adjacent", "غرب", "غربي", "شرق", "شرقي", "شمال", "شمالي", "جنوب", "جنوبي",
                         "وسط", "ضمن", "بمحيط", "محيط", "أطراف", "near", "in", "of", "outside", "west", "east",
                         "north", "south", "northwest", "northeast", "southwest", "southeast", "on", "at")
# "X التابعة لـ Y": X belongs to Y.
BELONGING_WORDS = _forms("التابعة", "التابع", "التابعتين", "التابعين", "تابعة", "تابع", "والتابعة", "المجاورة", "المجاور",
                          "المحاذية", "المحاذي")
# A later leg: "ثم إلى", "ومن ثم", "ومنها إلى", "لتصل إلى", "وصولاً إلى", "then", "on to".
LEG_WORDS = _forms("ثم", "ومن", "ومنها", "منها", "ومنه", "لتصل", "وصولا", "وصولاً", "بعدها", "then", "onward",
                   "later", "before", "after", "قبل", "لتتجه", "لتتحرك", "لتنطلق", "which", "there", "travel",
                   "continue", "proceed")
FINAL_PHRASES = tuple(fold(p) for p in (
    "الوجهة النهائية", "وجهتها النهائية", "وجهتهم النهائية", "محطتها الأخيرة", "محطتهم الأخيرة", "final destination",
    "ultimately"))
# "بالإضافة إلى", "مشيرة إلى", "in addition to": إلى / to without a direction.
NOT_MOTION_BEFORE = _forms("بالإضافة", "إضافة", "بالاضافة", "اضافة", "نسبة", "بالنسبة", "استنادا", "استناداً", "إشارة",
                           "مشيرا", "مشيراً", "مشيرة", "لافتا", "لافتاً", "لافتة", "نظرا", "نظراً", "addition", "according",
                           "due", "thanks", "prior", "close", "next", "adjacent")
PARTITIVE_WORDS = _forms("القسم", "قسم", "الجزء", "جزء", "الجهة", "جهة", "أطراف", "محيط", "الشرقي", "الغربي",
                         "الشمالي", "الجنوبي", "الشرقية", "الغربية", "الشمالية", "الجنوبية", "بعض", "كثير")
SIDE_SECOND = _forms("جهة", "طرف", "ناحية")
AGENT_SECOND = _forms("قبل")
THEN_AFTER_FROM = _forms("ثم")    # "من ثم" = "then"     # "من قبل" = "by"
LOOK_BACK = 6
FURTHER_LOOK_BACK = 14
_JOIN = re.compile(r"^[\s,،\-–]*(?:و|and|,|،)?\s*$", re.IGNORECASE)
_JOIN_OR = re.compile(r"^[\s,،]*(?:أو|او|or)\s*$", re.IGNORECASE)
CROSSING_WORDS = _forms("معبر", "المعبر", "حاجز", "الحاجز", "نقطة", "بوابة", "crossing", "checkpoint")
# Descriptor words that may stand between "و" and a joined place: "ومدينة إدلب", "وبلدة يلدا".
_DESCRIPTORS = _forms("مدينة", "بلدة", "قرية", "حي", "مخيم", "منطقة", "محافظة", "ريف", "مدينتي", "بلدتي", "مخيمات",
                      "the", "city", "town", "of", "village", "camp", "province", "district")


@dataclass(frozen=True)
class Roled:
    """A place of a sentence with its part in the journey."""

    place: PlaceMention
    role: str             # origin | via | destination | location | source | hometown | container | mentioned
    joined: str = ""      # "and" / "or": coordinated with the place before it (same role)
    leg: bool = False     # introduced as a further leg of the journey
    final: bool = False   # marked as the journey's end
    crossing: bool = False  # named as a crossing or checkpoint ("معبر قلعة المضيق", "حاجز X"): a point passed

    @property
    def place_id(self) -> str:
        return self.place.place_id


def roles(sentence: Span, places: list[PlaceMention], source: str) -> list[Roled]:
    """Each place of the sentence (in order) with its role."""
    result: list[Roled] = []
    previous_end = sentence.start
    for place in places:
        before = source[previous_end:place.start]
        item = _role_of(source, sentence, place, before, result)
        if _named_as_crossing(before) or _checkpoint_located_at(before) or re.match(r"[\s\"'”]*(?:crossing|checkpoint|border crossing)\b",
                                                  source[place.end:place.end + 24], re.IGNORECASE):
            item = dataclasses.replace(item, crossing=True)
            if item.role == "origin" and any(t.is_one_of(ARRIVING_VERBS) for t in tokens(Folded.of(before))):
                item = dataclasses.replace(item, role="via")     # "ودخلت من معبر أبو الزندين": entered through it
        result.append(item)
        previous_end = place.end
    return _leaving_or_located(source, sentence, result)


def _named_as_crossing(before: str) -> bool:
    """"معبر بلدة قلعة المضيق", "حاجز الفرقة", "the Morek crossing": a crossing word right before the place
    (perhaps with a descriptor between)."""
    texts = [t.text for t in tokens(Folded.of(before[-40:]))]
    while texts and texts[-1] in _DESCRIPTORS:
        texts.pop()
    return bool(texts) and (texts[-1] in CROSSING_WORDS or any(f in CROSSING_WORDS for f in (texts[-1][1:],)))


# "عند حاجز الفرقة الرابعة بمحيط بلدة دير مقرن", "at an army checkpoint near Deir Muqrin": a checkpoint with
# no name of its own, located by the place: the place is where the journey passed.
_CHECKPOINT_AT = re.compile(
    r"(?:^|\s)(?:ال)?(?:حاجز|نقط[ةه]|معبر|checkpoint|crossing)(?:\s+\S+){0,3}\s+"
    r"(?:بمحيط|محيط|قرب|بالقرب من|عند|في|ب|near|outside|in|at)\s+(?:(?:بلد[ةه]|مدين[ةه]|قري[ةه]|حي|the town of|the village of|town|village)\s+)?$")


def _checkpoint_located_at(before: str) -> bool:
    return bool(_CHECKPOINT_AT.search(fold(before[-70:]).lower()))


def _role_of(source: str, sentence: Span, place: PlaceMention, before: str, done: list[Roled]) -> Roled:
    words = tokens(Folded.of(before))
    prev = done[-1] if done else None
    final = any(p in fold(source[max(sentence.start, place.start - 60):place.start]) for p in FINAL_PHRASES)
    if _is_dateline(source, place) or re.match(r"^[-\s]based\b", source[place.end:place.end + 7], re.IGNORECASE):
        return Roled(place, "source")
    if prev is not None and _JOIN_OR.match(before):
        return Roled(place, prev.role, "or", prev.leg, prev.final)
    if prev is not None and (_JOIN.match(before) or _joined_with_descriptor(words, before)):
        return Roled(place, prev.role, "and", prev.leg, prev.final)
    if _hometown(words):
        return Roled(place, "hometown")
    glued = _glued_letter(source, place)
    if _source_location(words, glued) and not re.search(r"[:\"“«]", before):     # "قال مصدر: "من جسر الرستن": speech
        return Roled(place, "source")
    if prev is not None and prev.role not in ("source", "hometown", "mentioned") and _is_container(words, glued, before):
        return Roled(place, "container")
    if prev is not None and glued == "ل" and not before.strip(" \u200c") and \
            fold(source[place.start:place.start + 8]).startswith(tuple(fold(w) for w in ("محافظة", "ريف"))):
        return Roled(place, "container")      # "الغوطة الشرقية لمحافظة ريف دمشق": of the governorate
    if prev is not None and glued == "ل" and any(t.text in BELONGING_WORDS for t in words) and \
            all(t.text in BELONGING_WORDS | _forms("ل", "ول") for t in words) and not re.search(r"[،,.؛:]", before):
        return Roled(place, "container")      # "مدينة البوكمال التابعة لمحافظة دير الزور": the one it belongs to
    leg = prev is not None and (any(t.is_one_of(LEG_WORDS) for t in words) or
                                (prev.role == "destination" and _only_a_direction(words)) or
                                (any(r.role in ("destination", "via") for r in done) and
                                 any(t.is_one_of(ONWARD_VERBS) for t in words)))
    if _group_of(words, source, place, right_before=True):
        return Roled(place, "origin")      # "تقل مهجري مضايا": the group is named after where it leaves
    role = _preposition_role(words, glued, source, place)
    if prev is not None and prev.role == "origin" and [t.text for t in words][:1] == ["for"] and \
            all(t.text in _DESCRIPTORS for t in words[1:]):
        role = "destination"         # "left Harasta for Idlib"
    if role == "destination" and (leg or final):
        return Roled(place, role, leg=leg, final=final)
    if role is None and _group_of(words, source, place):
        role = "origin"
    return Roled(place, role or "mentioned", final=final and role == "destination")


def _preposition_role(words: list[Token], glued: str, source: str, place: PlaceMention) -> str | None:
    """The role the nearest cue before the place gives it; None when there is none."""
    texts = [t.text for t in words][-LOOK_BACK:]
    if glued == "ل":
        return "destination"
    if glued == "ب":
        if texts and texts[-1] in _forms("مرورا", "مروراً"):
            return "via"
        further = _further_role(texts, len(texts))
        return further if further in ("via",) else "location"
    for index in range(len(texts) - 1, -1, -1):
        role = _word_role(texts, index)
        if role == "location":
            if index > 0 and texts[index - 1] in ARRIVAL_BEFORE_LOCATION or \
                    index > 1 and texts[index - 2] in ARRIVAL_BEFORE_LOCATION:
                return "destination"
            # the cue may stand further back: "إلى منطقة قريبة تسيطر عليها الحكومة في محافظة حلب"
            all_texts = [t.text for t in words][-FURTHER_LOOK_BACK:]
            further = _further_role(all_texts, len(all_texts) - (len(texts) - index))
            return further or "location"
        if role is not None:
            return role
    return None


def _further_role(texts: list[str], index: int) -> str | None:
    """A movement cue further back than a location word: "إلى مناطق سيطرة ... في حلب" is a destination."""
    for k in range(index - 1, -1, -1):
        if texts[k] in ARRIVAL_BEFORE_LOCATION:
            return "destination"       # "arrived at a marshalling point in Rashidin"
        role = _word_role(texts, k)
        if role in ("destination", "origin", "via"):
            return role
        if role in ("location",):
            continue
    return None


def _word_role(texts: list[str], index: int) -> str | None:
    word = texts[index]
    forms = {word, word[1:]} if word[:1] in "وف" and len(word) > 2 else {word}
    nxt = texts[index + 1] if index + 1 < len(texts) else ""
    prev = texts[index - 1] if index > 0 else ""
    if forms & {"خلال", "طريق"} and prev in ORIGIN_WORDS | _forms("عن"):
        return "via"
    if forms & VIA_WORDS:
        return "via"
    if forms & LEAVING_VERBS:
        return "origin"
    if forms & ARRIVING_VERBS:
        return "destination"
    if "for" in forms and prev in _forms("left", "leave", "leaving", "bound", "heading", "headed", "departed", "set",
                                         "out", "buses"):
        return "destination"
    if "route" in forms and prev == "en":
        return "destination"
    if forms & DESTINATION_WORDS:
        if prev in NOT_MOTION_BEFORE or nxt in _forms("جانب"):
            return None       # "بالإضافة إلى", "إلى جانب": no direction
        return "destination"
    if forms & ORIGIN_WORDS:      # "ومن ثم بيت تيما" is "and then", not "from"
        return "origin" if _is_departure(texts, index) and nxt not in THEN_AFTER_FROM else None
    if forms & NEUTRAL_WORDS:
        return "mentioned"
    if forms & LOCATION_WORDS:
        return "location"
    return None


def _is_departure(texts: list[str], index: int) -> bool:
    """من at ``index`` means "from": not "part of" (القسم الشرقي من) nor "by" (من قبل)."""
    if index > 0 and texts[index - 1] in PARTITIVE_WORDS:
        return False
    if index + 1 < len(texts) and texts[index + 1] in SIDE_SECOND:
        return False
    return not (index + 1 < len(texts) and texts[index + 1] in AGENT_SECOND)


def _group_of(words: list[Token], source: str, place: PlaceMention, right_before: bool = False) -> bool:
    """"مهجري حي الوعر", "أهالي مضايا", "al-Waer's displaced": a group named after where it leaves
    (``right_before``: only a displacement noun right before the place, "مهجري مضايا", which outweighs
    a movement word further back)."""
    texts = [t.text for t in words]
    if right_before:
        k = len(texts) - 1
        while k >= 0 and texts[k] in _DESCRIPTORS:
            k -= 1
        return k >= 0 and k >= len(texts) - 2 and (texts[k] in DISPLACED_NOUNS or
                                                   any(f in DISPLACED_NOUNS for f in words[k].forms()))
    for k in range(len(texts) - 1, max(-1, len(texts) - 3), -1):
        if texts[k] in GROUP_NOUNS or any(f in GROUP_NOUNS for f in words[k].forms()):
            return all(t in _DESCRIPTORS for t in texts[k + 1:])
        if texts[k] not in _DESCRIPTORS:
            break
    after = tokens(Folded.of(source[place.end:place.end + 40]))
    gap = source[place.end:place.end + 3]
    if after and (gap.startswith(("'s", "’s")) or gap.startswith(("’", "'"))):
        return any(t.text in GROUP_AFTER for t in after[1:4])
    return False


def _only_a_direction(words: list[Token]) -> bool:
    """"إلى وادي حميد إلى عقبة الجرد": a destination word right after a destination is the next leg."""
    texts = [t.text for t in words]
    return bool(texts) and texts[0] in DESTINATION_WORDS and all(t in _DESCRIPTORS for t in texts[1:])


def _hometown(words: list[Token]) -> bool:
    texts = [t.text for t in words][-4:]
    if any(t in HOMETOWN_WORDS for t in texts) and not any(t in DESTINATION_WORDS for t in texts):
        return True
    # "جميع المهجرين هم من مناطق جيرود": who they are, not where they left from
    return any(texts[k] in THEY_ARE and texts[k + 1] in ORIGIN_WORDS for k in range(len(texts) - 1))


def _source_location(words: list[Token], glued: str) -> bool:
    """"مصادر محلية في إدلب", "مصادر من جنوب دمشق", "sources in Idlib": a source noun a few words
    before, with a location word or من between and no clause word (إن / said) after it."""
    texts = [t.text for t in words][-5:]
    for k in range(len(texts) - 1, -1, -1):
        word = texts[k]
        if word in CLAUSE_WORDS or word in DESTINATION_WORDS | VIA_WORDS | LEAVING_VERBS | ARRIVING_VERBS:
            return False
        if word in SOURCE_NOUNS or any(f in SOURCE_NOUNS for f in words[len(words) - len(texts) + k].forms()):
            rest = texts[k + 1:]
            return any(t in LOCATION_WORDS | ORIGIN_WORDS for t in rest) or word == "based" or glued == "ب"
    return False


def _is_container(words: list[Token], glued: str, before: str) -> bool:
    """The place follows the previous one with only a locating word between: "حي الوعر في حمص"."""
    if len(before) > 40 or re.search(r"[،,.؛:]", before) and not glued:
        return False
    texts = [t.text for t in words]
    if glued == "ب" and all(t in _DESCRIPTORS for t in texts):
        return True
    if not texts:
        return False
    cue = [t for t in texts if t not in _DESCRIPTORS]
    return bool(cue) and len(cue) <= 2 and all(t in CONTAINER_WORDS | _forms("من", "the") for t in cue) and \
        cue[0] in CONTAINER_WORDS


def _joined_with_descriptor(words: list[Token], before: str) -> bool:
    """"ومدينة إدلب", "and the town of X": و / and, then only descriptor words."""
    texts = [t.text for t in words]
    if not texts or re.search(r"[.؛:]", before):
        return False
    first = texts[0]
    joined = first == "and" or (first.startswith("و") and first[1:] in _DESCRIPTORS) or first == "و"
    return joined and all(t in _DESCRIPTORS for t in (texts[1:] if first != "and" else texts[1:]))


def _glued_letter(source: str, place: PlaceMention) -> str:
    """A one-letter preposition written on the place's word (بإدلب, لإدلب), or ""."""
    word_start = place.start
    while word_start > 0 and not source[word_start - 1].isspace() and source[word_start - 1] not in "\"“”«»#(":
        word_start -= 1
    clitics = fold(source[word_start:place.start])
    clitics = clitics[1:] if clitics[:1] in "وف" else clitics
    return clitics[:1] if clitics[:1] in "بل" else ""


def _is_dateline(source: str, place: PlaceMention) -> bool:
    """A place that opens a line and is followed by a dash, a colon, an agency in brackets or a date
    ("دمشق - 3 تشرين الثاني", "BEIRUT (AP) —", "Ain Issa (Syria) (AFP) –", "Dec.15, Aleppo:"), or that ends a
    short byline ("محمد عمر – درعا")."""
    line_start = source.rfind("\n", 0, place.start) + 1
    line_end = source.find("\n", place.end)
    line_end = len(source) if line_end < 0 else line_end
    head = source[line_start:place.start]
    tail = source[place.end:line_end]
    if len(tokens(Folded.of(head))) <= 3 and re.match(r"^\s*(?:[-–—:|/]|\(|\d{1,2}\s|\d{4})", tail):
        return len(tokens(Folded.of(head))) <= 2 or bool(re.search(r"\d", head))
    if re.search(r"[-–—|]\s*$", head) and len(tokens(Folded.of(head))) <= 4 and len(tokens(Folded.of(tail))) <= 4:
        return True
    return False


def _leaving_or_located(source: str, sentence: Span, result: list[Roled]) -> list[Roled]:
    """"عناصر التنظيم في حي الحجر الأسود بالخروج": a place whose very next word says its people
    left is their origin."""
    out = []
    for item in result:
        if item.role in ("location", "mentioned") and _leaving_follows(source[item.place.end:sentence.end]):
            item = Roled(item.place, "origin", item.joined, item.leg, item.final)
        out.append(item)
    return out


LEAVING_NEXT = _forms("خرج", "خرجوا", "خرجت", "يخرج", "يخرجون", "خروج", "الخروج", "فر", "فروا", "فرار", "الفرار",
                      "هرب", "هربوا", "هروب", "غادر", "غادروا", "مغادرة", "left", "fled", "leave", "depart",
                      "departed")


def _leaving_follows(after: str) -> bool:
    following = tokens(Folded.of(after[:40]))
    return bool(following) and not after[:following[0].start].strip() and following[0].is_one_of(LEAVING_NEXT)
