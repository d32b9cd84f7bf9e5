"""Journeys told across sentences and paragraphs: the reader's discourse state.

Each movement sentence (or each clause of one: "لجؤوا إلى حي القدم ... بمغادرة الحي إلى الشمال" holds two)
gives a *fragment*: its origins, transit points, destinations (legs in travel order, the last one final),
alternatives ("الباب أو جرابلس"), batch ("الدفعة الرابعة"), and whether it points back ("من البلدتين",
"from the area"). Fragments are then read in order with a state:

- the latest explicit origin (with the sentence that names it), which a later fragment without an origin
  takes ("خرجت دفعة من حي كذا ... ووصلوا إلى ريف إدلب"), unless it says where it happened or names
  another group ("حافلات أخرى", "another convoy");
- the open movement, which a fragment joins when it does not contradict it: the same batch, an origin
  and a destination that agree (or one contains the other: Daraya in Rif Dimashq), or a destination given
  as a further leg or as the final one (ثم، وصولاً إلى، الوجهة النهائية، final destination); the earlier
  destination then becomes a transit point.

A movement becomes one draft per origin and per destination joined by و; alternatives and the legs stay
in the draft's notes. Sub-movements of a total ("نحو 5000 شخص، بينهم 1200 إلى إدلب و900 إلى الباب")
become one movement each with its own count.

One module (about 500 lines) on purpose: fragments, the state that joins them and the rules for transit
points read each other's fields; split apart, each rule would need the others' private details.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from geodata.gazetteer import Gazetteer
from reader.counts import CountMention
from reader.places import PlaceMention
from reader.roles import ARRIVING_VERBS, DESTINATION_WORDS, LEAVING_NEXT, Roled, roles
from reader.text import Folded, Span, fold, tokens


def _forms(*words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


MOVEMENT_WORDS = _forms(
    "خرج", "خرجوا", "خرجت", "يخرج", "يخرجون", "يخرجوا", "تخرج", "خروج", "الخروج", "خروجهم", "إخراج", "إخراجهم",
    "فر", "فروا", "يفر", "يفرون", "فرار", "الفرار", "فرارهم", "الفارين", "هرب", "هربوا", "يهرب", "هروب", "هروبهم",
    "وصل", "وصلوا", "وصلت", "يصل", "يصلون", "تصل", "وصول", "وصولهم", "توجه", "توجهوا", "توجهت", "يتوجه", "توجههم",
    "اتجه", "اتجهوا", "اتجهت", "يتجه", "تتجه", "ستتجه", "متجهة", "متجهين", "متجها", "متوجهة", "متوجهين", "متوجها",
    "غادر", "غادروا", "غادرت", "يغادر", "يغادرون", "تغادر", "مغادرة", "انتقل", "انتقلوا", "انتقال", "الانتقال",
    "نزح", "نزحوا", "لجأ", "لجؤوا", "لجأوا", "اللجوء", "عبروا", "عبورهم", "انشق", "انشقوا", "انشقت",
    "دخلت", "دخلوا", "دخل", "تدخل", "دخول", "انطلقت", "انطلق", "انطلقوا", "انطلاق", "تنطلق", "قادمة", "قادمين",
    "قادمون", "إجلاء", "اجلاء", "إجلاؤهم", "إجلائهم", "أجلي", "تهجير", "ترحيل", "ترحيلهم", "نقل", "نقلهم", "نقلت",
    "لنقل", "إرسال", "ارسالهم", "إرسالهم", "تهريب", "تهريبهم", "بنقل", "يلتحقون", "توجهها",
    "left", "leave", "leaving", "fled", "flee", "fleeing", "escaped", "escape", "arrived", "arrive", "reached",
    "reach", "crossed", "departed", "moved", "defected", "evacuated", "evacuate", "evacuation", "exit", "exited",
    "sent", "transferred", "transported", "transport", "smuggled", "smuggle", "heading", "headed", "bound",
    "travelled", "traveled", "boarded", "entered", "reaches", "go", "went", "diverted", "leaves", "take", "took",
    "taking", "taken", "drove", "driven", "brought", "bring", "carried", "ferried", "escorted",
)
TRANSPORT_WORDS = _forms("حافلة", "حافلات", "الحافلات", "قافلة", "القافلة", "باصات", "الباصات", "bus", "buses",
                         "convoy", "convoys", "الأتوبيسات")
DESTINATION_NOUNS = _forms("وجهتهم", "وجهته", "وجهة", "وجهتها", "الوجهة", "destination")
ANOTHER_WORDS = _forms("أخرى", "اخرى", "آخرون", "آخرين", "another", "other")
CONTRAST_WORDS = _forms("مقابل", "بينما", "فيما", "whereas", "while")
# "من البلدتين", "من الحي", "from the area": a place named before.
POINTS_BACK = re.compile(
    r"(?:^|[\s،,])(?:من|from|out of)\s+(?:هذه\s+|this\s+|the\s+|these\s+)?"
    r"(?P<noun>المنطقة|الحي|المخيم|البلدة|المدينة|البلدتين|المدينتين|البلدتان|القريتين|هناك|area|neighbourhood|"
    r"neighborhood|there|two towns|town|city|camp)(?=$|[\s،,.؛:\"”»)])", re.IGNORECASE)
BACK_KINDS = {"الحي": ("neighbourhood",), "المخيم": ("camp",), "البلدة": ("town",), "البلدتين": ("town",),
              "البلدتان": ("town",), "المدينة": ("city", "town"), "المدينتين": ("city", "town"),
              "القريتين": ("town",), "camp": ("camp",), "town": ("town",), "two towns": ("town",),
              "city": ("city", "town"), "neighbourhood": ("neighbourhood",), "neighborhood": ("neighbourhood",)}
# "من المنطقة الحدودية بين سوريا ولبنان": a noun with its own adjective describes a new place, it does not
# point back ("الذي", "التي" do not describe: "من الحي الذي ..." still points back).
_RELATIVES = _forms("الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي")


def _pointing_back(text: str) -> re.Match | None:
    for match in POINTS_BACK.finditer(text):
        following = tokens(Folded.of(text[match.end():match.end() + 30]))
        nxt = following[0].text if following else ""
        if nxt.startswith("ال") and nxt not in _RELATIVES | DESTINATION_WORDS and \
                not text[match.end():].lstrip().startswith(("،", ",")):
            continue
        return match
    return None


AREA_BACK = ("المنطقة", "area")
DUAL_BACK = ("البلدتين", "البلدتان", "المدينتين", "القريتين", "two towns")
BATCH_ORDINALS = {fold(w): n for n, words in enumerate((
    ("الأولى", "first", "1st"), ("الثانية", "second", "2nd"), ("الثالثة", "third", "3rd"), ("الرابعة", "fourth", "4th"),
    ("الخامسة", "fifth", "5th"), ("السادسة", "sixth", "6th"), ("السابعة", "seventh", "7th"), ("الثامنة", "eighth", "8th"),
    ("التاسعة", "ninth", "9th"), ("العاشرة", "tenth", "10th")), start=1) for w in words}
BATCH_NOUNS = _forms("الدفعة", "دفعة", "القافلة", "قافلة", "batch", "convoy", "group")
ENDPOINT_ROLES = ("origin", "destination", "via")


def has_movement(text: str) -> bool:
    """True when a word of the text (clitics allowed) is a movement verb or noun."""
    return any(t.is_one_of(MOVEMENT_WORDS) for t in tokens(Folded.of(text)))


@dataclass
class Fragment:
    """What one clause says about a journey (place ids; spans into the source)."""

    sentence: Span
    clause: Span
    paragraph: int
    roled: list[Roled]
    origins: list[str] = field(default_factory=list)
    stops: list[str] = field(default_factory=list)
    destinations: list[str] = field(default_factory=list)
    alternatives: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    legs: list[str] = field(default_factory=list)
    final: bool = False
    leg: bool = False
    batch: int = 0
    another: bool = False
    back: list[str] = field(default_factory=list)
    leaving: bool = False
    movement: bool = False
    destination_noun: bool = False
    counts: list[CountMention] = field(default_factory=list)
    crossings: set[str] = field(default_factory=set)     # places named as a crossing or checkpoint


@dataclass
class Movement:
    """One journey: the fragments that tell it and what they add up to."""

    fragments: list[Fragment]
    origins: list[str] = field(default_factory=list)
    stops: list[str] = field(default_factory=list)
    destinations: list[str] = field(default_factory=list)
    alternatives: list[str] = field(default_factory=list)
    borrowed_from: Fragment | None = None     # the fragment an origin was carried from, if any
    batch: int = 0
    final: bool = False
    count: CountMention | None = None         # a sub-movement's own count

    @property
    def sentences(self) -> list[Span]:
        found = {f.sentence.start: f.sentence for f in self.fragments}
        if self.borrowed_from is not None:
            found.setdefault(self.borrowed_from.sentence.start, self.borrowed_from.sentence)
        return [found[k] for k in sorted(found)]

    @property
    def legs(self) -> list[str]:
        return list(dict.fromkeys([*self.origins[:1], *self.stops, *self.destinations[:1]]))


def movements(source: str, sentences: list[Span], places: list[PlaceMention], counts: list[CountMention],
              gazetteer: Gazetteer) -> list[Movement]:
    """The journeys of a text, in the order they are first told."""
    book = _Places(gazetteer)
    found: list[Movement] = []
    state_origin: Fragment | None = None
    current: Movement | None = None
    seen: set[str] = set()
    mentioned: list[PlaceMention] = []
    gone_to: set[int] = set()        # where earlier sentences named a destination (start offsets)
    for sentence in sentences:
        inside = [m for m in places if sentence.start <= m.start and m.end <= sentence.end]
        key = sentence.text.rstrip(".!?؟؛ ")
        repeated = key in seen
        seen.add(key)
        for fragment in _fragments(source, sentence, inside, counts, mentioned, book, gone_to):
            gone_to.update(r.place.start for r in fragment.roled if r.role == "destination")
            if repeated or not (fragment.movement or fragment.destination_noun) or not _says_where(fragment):
                continue
            subs = _sub_movements(source, fragment, inside, book)
            if subs:
                for sub in subs:
                    if not sub.origins and state_origin is not None and not fragment.locations:
                        sub.origins, sub.borrowed_from = list(state_origin.origins), state_origin
                found.extend(subs)
                current = subs[-1]
            elif current is not None and _joins(current, fragment, book):
                _merge(current, fragment, book)
            else:
                current = Movement([fragment], list(fragment.origins), list(fragment.stops),
                                   list(fragment.destinations), list(fragment.alternatives), batch=fragment.batch,
                                   final=fragment.final)
                if not current.origins and state_origin is not None and _may_borrow(fragment):
                    current.origins = list(state_origin.origins)
                    current.borrowed_from = state_origin
                found.append(current)
            if fragment.origins:
                state_origin = fragment
        mentioned.extend(inside)
    return [m for m in found if m.origins or m.destinations or m.stops or _located(m)]


def _located(movement: Movement) -> bool:
    return any(f.locations for f in movement.fragments)


def _says_where(fragment: Fragment) -> bool:
    return bool(fragment.origins or fragment.destinations or fragment.stops or fragment.locations or fragment.back)


class _Places:
    """Kinds and containment of place ids (governorate and parent), for comparing journeys."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer

    def kind(self, place_id: str) -> str:
        place = self.gazetteer.get(place_id)
        return place.kind if place else ""

    def contains(self, outer: str, inner: str) -> bool:
        a, b = self.gazetteer.get(outer), self.gazetteer.get(inner)
        if a is None or b is None or a.id == b.id:
            return False
        if a.kind == "country":
            return b.kind != "country"
        if a.kind == "governorate":
            return b.governorate_id == a.id or b.parent_id == a.id
        if a.kind == "region" and b.kind not in ("region", "governorate", "country"):
            return bool(a.governorate_id) and a.governorate_id == b.governorate_id or b.parent_id == a.id
        return b.parent_id == a.id

    def is_checkpoint(self, place_id: str) -> bool:
        """A checkpoint or a crossing: a point a journey passes, whatever word the text uses for it."""
        return self.kind(place_id) in ("checkpoint", "crossing")

    def agree(self, a: str, b: str) -> bool:
        return a == b or self.contains(a, b) or self.contains(b, a)

    def agree_any(self, xs: list[str], ys: list[str]) -> bool:
        return any(self.agree(x, y) for x in xs for y in ys)

    def finer(self, a: str, b: str) -> str:
        """Of two places that agree, the more precise one."""
        return b if self.contains(a, b) else a


def _fragments(source: str, sentence: Span, places: list[PlaceMention], counts, mentioned, book,
               gone_to: frozenset[int] | set[int] = frozenset()) -> list[Fragment]:
    """A sentence's clauses: a new clause starts at a leaving word after a destination ("لجؤوا إلى القدم
    ... بمغادرة الحي إلى الشمال") or at a word of contrast ("مقابل خروج ...", "while")."""
    roled = roles(sentence, places, source)
    folded = Folded.of(sentence.text)
    words = tokens(folded)
    cuts, seen_destination = [], False
    place_at = {m.start - sentence.start: r for m, r in zip(places, roled)}
    for word in words:
        start = folded.span(word.start, word.end).start
        if (word.is_one_of(CONTRAST_WORDS) or (seen_destination and word.is_one_of(LEAVING_NEXT))) and start > 0:
            cuts.append(start)
        if any(r.role == "destination" and k < start for k, r in place_at.items()):
            seen_destination = True
    bounds = [0, *cuts, len(sentence.text)]
    paragraph = source.count("\n", 0, sentence.start)
    fragments = []
    previous: Fragment | None = None
    for first, last in zip(bounds, bounds[1:]):
        clause = Span(sentence.text[first:last], sentence.start + first, sentence.start + last)
        mine = [r for r in roled if clause.start <= r.place.start < clause.end]
        fragment = _fragment(source, sentence, clause, paragraph, mine, counts, [*mentioned, *places], book, gone_to)
        if previous is not None and not fragment.origins and fragment.leaving and previous.destinations:
            fragment.origins = list(previous.destinations)       # "... إلى القدم للخروج لاحقاً إلى ببيلا"
        fragments.append(fragment)
        previous = fragment
    return fragments


def _fragment(source, sentence, clause, paragraph, roled: list[Roled], counts, mentioned, book,
              gone_to=frozenset()) -> Fragment:
    text = clause.text
    words = tokens(Folded.of(text))
    fragment = Fragment(sentence, clause, paragraph, roled)
    transport = any(t.is_one_of(TRANSPORT_WORDS) for t in words)
    fragment.movement = any(t.is_one_of(MOVEMENT_WORDS) for t in words) or \
        (transport and any(r.role in ENDPOINT_ROLES or book.is_checkpoint(r.place_id) or r.crossing
                               for r in roled))
    fragment.leaving = bool(words) and any(_leaves_onward(words, k) for k in range(min(3, len(words))))
    fragment.destination_noun = any(t.is_one_of(DESTINATION_NOUNS) for t in words)
    fragment.another = any(t.is_one_of(ANOTHER_WORDS) for t in words)
    fragment.batch = _batch(words)
    fragment.counts = [c for c in counts if clause.start <= c.start and c.end <= clause.end]
    for item in roled:
        pid = item.place_id
        if item.role == "origin" and pid not in fragment.origins:
            fragment.origins.append(pid)
        elif item.role == "via" and pid not in fragment.stops:
            fragment.stops.append(pid)
        elif item.role == "destination":
            _add_destination(fragment, item)
        elif item.role == "location":
            fragment.locations.append(pid)
    back = _pointing_back(_spaced_after_names(text, clause.start, roled))
    if back is not None:
        fragment.back = _referents(back.group("noun"), clause.start + back.start(), mentioned, book, source, gone_to)
        if fragment.back and not fragment.origins:
            fragment.origins = list(fragment.back)
        elif fragment.back:
            fragment.stops = [p for p in fragment.back if p not in fragment.origins] + fragment.stops
    if fragment.origins and fragment.stops:      # a crossing stays a transit point even when also left from
        named_crossings = {r.place_id for r in roled if r.crossing}
        fragment.stops = [s for s in fragment.stops if s not in fragment.origins or s in named_crossings]
    _checkpoints_are_passed(fragment, book)
    if not fragment.origins and fragment.destinations and fragment.locations and _sent_from_location(roled):
        fragment.origins = [fragment.locations.pop(0)]          # "حاصرت ... في الرقة ... لإرسالهم إلى إدلب"
    return fragment


def _spaced_after_names(text: str, offset: int, roled: list[Roled]) -> str:
    """The clause with a blank after each name glued to the next word ("والفوعةمن الحي" -> "والفوعة من الحي"),
    so a phrase pointing back is seen; positions after an inserted blank shift by one (near enough for
    ordering against earlier names)."""
    out, position = [], 0
    for item in roled:
        end = item.place.end - offset
        if 0 < end < len(text) and text[end].isalpha() and end >= position:
            out.append(text[position:end] + " ")
            position = end
    out.append(text[position:])
    return "".join(out)


def _checkpoints_are_passed(fragment: Fragment, book) -> None:
    """A checkpoint is a place a journey passes: "عند حاجز الفرقة الرابعة" in a movement clause, or a
    checkpoint named as a destination beside another destination, is a transit point."""
    crossings = {r.place_id for r in fragment.roled if r.crossing}
    fragment.crossings = crossings
    if not fragment.movement:
        return
    if fragment.origins and fragment.destinations:
        # "تنتظر قافلة المهجرين من تلبيسة ... عند جسر الرستن ... باتجاه إدلب": where the convoy is, on its way
        ends = fragment.origins + fragment.destinations
        for pid in [p for p in fragment.locations if book.kind(p) not in ("country", "governorate", "region")
                    and not book.agree_any([p], ends)]:
            fragment.locations.remove(pid)
            if pid not in fragment.stops:
                fragment.stops.append(pid)
    for pid in [p for p in fragment.locations if book.is_checkpoint(p) or p in crossings]:
        fragment.locations.remove(pid)
        if pid not in fragment.stops:
            fragment.stops.append(pid)
    passed = [d for d in fragment.destinations if book.is_checkpoint(d) or d in crossings]
    first_destination = next((r.place.start for r in fragment.roled if r.role == "destination"), None)
    entered_by = [r.place_id for r in fragment.roled if r.crossing and r.role == "origin" and
                  first_destination is not None and r.place.start > first_destination]
    entered_by += [r.place_id for r in fragment.roled if r.role == "origin" and book.is_checkpoint(r.place_id) and
                   any(t.is_one_of(ARRIVING_VERBS | ARRIVED) for t in tokens(Folded.of(
                       fragment.sentence.text[:r.place.start - fragment.sentence.start])))]
    for pid in entered_by:       # "تدخل أراضي محافظة إدلب من معبر قلعة المضيق": entered through the crossing
        if pid in fragment.origins:
            fragment.origins.remove(pid)
        if pid not in fragment.stops:
            fragment.stops.append(pid)
    if passed and len(passed) == len(fragment.destinations) and fragment.legs:
        # "to the Murak crossing into Idlib": the crossing is passed, the place beyond it is the destination
        fragment.destinations, fragment.legs = [fragment.legs[0]], fragment.legs[1:]
        fragment.stops.extend(p for p in passed if p not in fragment.stops)
    elif passed and len(passed) < len(fragment.destinations):
        fragment.destinations = [d for d in fragment.destinations if d not in passed]
        fragment.stops.extend(p for p in passed if p not in fragment.stops)


def _only_checkpoints(places: list[str], book, crossings=frozenset()) -> bool:
    return bool(places) and all(book.is_checkpoint(p) or p in crossings for p in places)


ARRIVED = _forms("arrived", "arrive", "arrives", "arriving", "arrival")
FROM_IT = _forms("منه", "منها", "منهما")
ONWARD_BEFORE = _forms("to", "then", "ثم", "بعدها", "لاحقا", "started", "began", "بدأت", "بدأوا")


def _leaves_onward(words, k: int) -> bool:
    """A leaving word that goes on from where the clause before arrived: a purpose form ("للخروج لاحقاً",
    "لمغادرة") or after "to" / "then" ("started to leave into Idlib"); not a new report ("حيث خرجت الحافلات")."""
    word = words[k]
    if not word.is_one_of(LEAVING_NEXT):
        return False
    if word.text[:1] == "ل" and word.text[1:] and any(f in LEAVING_NEXT for f in (word.text[1:], "ال" + word.text[2:])):
        return True
    if any(w.text in FROM_IT for w in words[k + 1:k + 4]):
        return True          # "بعد خروج المقاتلين منه": from the place just named
    return k > 0 and words[k - 1].is_one_of(ONWARD_BEFORE)


def _add_destination(fragment: Fragment, item: Roled) -> None:
    """Destinations joined by و are several; by أو alternatives; a later leg moves the earlier ones to
    the transit points; an unjoined second destination without a cue word is noted, not drafted."""
    pid = item.place_id
    if pid in fragment.destinations or pid in fragment.alternatives:
        return
    if not fragment.destinations:
        fragment.destinations.append(pid)
        fragment.final = fragment.final or item.final
    elif item.joined == "or":
        fragment.alternatives.append(pid)
    elif item.joined == "and":
        fragment.destinations.append(pid)
    elif item.leg or item.final:
        fragment.stops.extend(d for d in fragment.destinations if d not in fragment.stops)
        fragment.destinations = [pid]
        fragment.final = fragment.final or item.final
        fragment.leg = True
    else:
        fragment.legs.append(pid)


def _sent_from_location(roled: list[Roled]) -> bool:
    """A located place before the first destination, not a source: the group is sent from there."""
    for item in roled:
        if item.role == "destination":
            return False
        if item.role == "location":
            return True
    return False


def _referents(noun: str, at: int, mentioned: list[PlaceMention], book, source: str = "",
               gone_to=frozenset()) -> list[str]:
    """The places a pointing phrase refers to: the latest one of the right kind (two for a dual).
    "The area" is the place its paragraph named just before it; from a paragraph that named none, the
    latest region ("جنوب العاصمة" ... new paragraph "أولى عمليات الخروج من المنطقة"), else the latest place,
    not one an earlier paragraph named as where people go ("... إلى شمال سورية" then "الخروج من المنطقة")."""
    noun = noun.lower() if noun.isascii() else noun
    if noun in AREA_BACK:
        paragraph_start = source.rfind("\n", 0, at)
        here = [m for m in mentioned if paragraph_start < m.start < at]
        earlier = [m for m in mentioned if m.start <= paragraph_start and m.start not in gone_to]
        return _latest(None, 1, at, here, book) or _latest(("region",), 1, at, earlier, book) or \
            _latest(None, 1, at, earlier, book)
    return _latest(BACK_KINDS.get(noun), 2 if noun in DUAL_BACK else 1, at, mentioned, book)


def _latest(kinds, wanted: int, at: int, mentioned: list[PlaceMention], book) -> list[str]:
    found: list[str] = []
    for mention in reversed([m for m in mentioned if m.start < at]):
        kind = book.kind(mention.place_id)
        if kind in ("country", "governorate") or (kinds and kind not in kinds) or mention.place_id in found:
            continue
        found.append(mention.place_id)
        if len(found) == wanted:
            break
    return list(reversed(found))


def _batch(words) -> int:
    for index, word in enumerate(words[:-1]):
        if word.is_one_of(BATCH_NOUNS) and words[index + 1].text in BATCH_ORDINALS:
            return BATCH_ORDINALS[words[index + 1].text]
        if word.text in BATCH_ORDINALS and words[index + 1].is_one_of(BATCH_NOUNS):
            return BATCH_ORDINALS[word.text]
    return 0


def _may_borrow(fragment: Fragment) -> bool:
    """A fragment without an origin takes the latest one unless it says where it happened or is about
    another group; it must say where the movers went (or pass)."""
    return not fragment.locations and not fragment.another and bool(fragment.destinations or fragment.stops)


def _joins(movement: Movement, fragment: Fragment, book: _Places) -> bool:
    """True when the fragment tells more of the same journey."""
    if fragment.another or (fragment.batch and movement.batch and fragment.batch != movement.batch):
        return False
    if movement.count is not None or _part_of_a_list(movement, fragment, book):
        return False
    if fragment.batch and not movement.batch and fragment.origins and fragment.destinations and \
            movement.origins and movement.destinations:
        return False       # "وانتهت عملية إجلاء الدفعة الأولى ... من حي الوعر ... باتجاه ريف حلب": its own batch
    if not fragment.origins and _only_checkpoints(fragment.destinations + fragment.stops, book, fragment.crossings) and \
            (movement.destinations or movement.origins):
        return True       # "أوقف الحاجز القافلة ... عند حاجز الفرقة الرابعة": where the journey passed
    if fragment.origins and movement.origins and not book.agree_any(fragment.origins, movement.origins):
        return False
    if fragment.origins and not movement.origins and movement.borrowed_from is None and movement.destinations and \
            fragment.destinations and not book.agree_any(fragment.destinations, movement.destinations):
        return False
    if fragment.destinations and movement.destinations and \
            not book.agree_any(fragment.destinations, movement.destinations):
        known = set(movement.stops) | set(movement.destinations)
        return fragment.leg or fragment.final or bool(known & set(fragment.stops))
    if not (fragment.origins or fragment.destinations) and fragment.locations:
        return False
    return True


def _part_of_a_list(movement: Movement, fragment: Fragment, book: _Places) -> bool:
    """A finer place inside one of several ends is part of the group, told as a journey of its own:
    "فرّوا من دير الزور والرقة ... إلى حلب وإدلب" then "وصولهم إلى مدينة اعزاز" does not narrow the whole to Azaz."""
    for ends, named in ((movement.origins, fragment.origins), (movement.destinations, fragment.destinations)):
        if len(ends) > 1 and named and all(p not in ends and any(book.contains(e, p) for e in ends) for p in named):
            return True
    return False


def _merge(movement: Movement, fragment: Fragment, book: _Places) -> None:
    movement.fragments.append(fragment)
    if fragment.origins:
        if not movement.origins or movement.borrowed_from is not None:
            movement.origins, movement.borrowed_from = list(fragment.origins), None
        elif all(any(book.contains(o, f) for o in movement.origins) for f in fragment.origins):
            movement.origins = list(fragment.origins)             # a finer origin: "ريف دمشق" then "داريا"
    for stop in fragment.stops:
        if stop not in movement.stops and stop not in movement.destinations and stop not in movement.origins:
            movement.stops.append(stop)
    if not fragment.origins and movement.destinations and \
            _only_checkpoints(fragment.destinations, book, fragment.crossings) and \
            not _only_checkpoints(movement.destinations, book):
        fragment_stops = [d for d in fragment.destinations if d not in movement.stops]
        movement.stops.extend(fragment_stops)
    elif fragment.destinations:
        if not movement.destinations:
            movement.destinations = list(fragment.destinations)
        elif book.agree_any(fragment.destinations, movement.destinations):
            movement.destinations = [book.finer(movement.destinations[0], fragment.destinations[0]),
                                     *movement.destinations[1:]]
        elif fragment.final or fragment.leg or not movement.final:
            movement.stops.extend(d for d in movement.destinations if d not in movement.stops)
            movement.destinations = list(fragment.destinations)
            movement.final = movement.final or fragment.final
        else:
            movement.stops.extend(d for d in fragment.destinations if d not in movement.stops)
    movement.stops = [s for s in movement.stops if s not in movement.destinations and s not in movement.origins]
    movement.alternatives.extend(a for a in fragment.alternatives if a not in movement.alternatives)
    movement.batch = movement.batch or fragment.batch


SUB_GAP = re.compile(r"^[\s\w]{0,30}$")


def _sub_movements(source: str, fragment: Fragment, places: list[PlaceMention], book) -> list[Movement]:
    """"بينهم 1200 إلى إدلب و900 إلى الباب أو جرابلس": counts each followed by its own destination."""
    if len(fragment.counts) < 2:
        return []
    by_start = {r.place.start: r for r in fragment.roled}
    pairs = []
    for index, count in enumerate(fragment.counts):
        limit = fragment.counts[index + 1].start if index + 1 < len(fragment.counts) else fragment.clause.end
        after = [r for start, r in sorted(by_start.items()) if count.end <= start < limit]
        if not after or after[0].role != "destination":
            continue
        gap = source[count.end:after[0].place.start]
        words = tokens(Folded.of(gap))
        if len(words) > 4 or not any(t.text in DESTINATION_WORDS for t in words):
            continue
        alternatives = [r.place_id for r in after[1:] if r.joined == "or"]
        pairs.append((count, after[0].place_id, alternatives))
    if len(pairs) < 2:
        return []
    result = []
    for count, destination, alternatives in pairs:
        result.append(Movement([fragment], list(fragment.origins), list(fragment.stops), [destination], alternatives,
                               batch=fragment.batch, count=count))
    return result
