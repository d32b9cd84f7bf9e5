"""Matching keys for place names, Arabic or Latin.

The same place is written many ways: with or without hamza and diacritics, with the article
attached (الحجر / حجر, al-Hajar / Hajar), with doubled letters (Hajjar), with a final -h
(Sbeineh / Sbeina), with ayn marks (A'zaz). :func:`normalize_name` folds all of these into one
key, so an exact dictionary lookup on keys finds every common spelling. Both the gazetteer and
the query go through it; nothing else in the project decides what "the same name" means.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# --- Arabic -----------------------------------------------------------------------------------

_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")
# Tashkeel (fatha .. sukun, superscript alef, small high marks) and tatweel.
_ARABIC_MARKS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
_ARABIC_FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ة": "ه", "ى": "ي", "ی": "ي", "ې": "ي", "ێ": "ي", "ئ": "ي",
    "ؤ": "و", "ک": "ك", "ڪ": "ك", "گ": "ك",
    "ء": "",
})
_ARABIC_ARTICLE = "ال"
# Proclitics that attach to the first word: conjunctions, then prepositions.
_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك")

# --- Latin ------------------------------------------------------------------------------------

_APOSTROPHES = re.compile(r"[\'`´‘’ʼʻʿʾ′]")
_NON_WORD = re.compile(r"[^a-z0-9\u0600-\u06FF]+")
_LATIN_ARTICLES = frozenset({"al", "el", "il", "ul", "ad", "ed", "ag", "ar", "er", "as", "es", "ash", "esh",
                             "at", "et", "az", "ez", "an", "en", "adh", "ath"})
# Order matters: digraph folds before single-letter folds.
_LATIN_FOLDS = (
    ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ie", "i"),
    ("ei", "ay"), ("ai", "ay"), ("ey", "ay"),
    ("q", "k"), ("o", "u"), ("e", "i"), ("w", "u"),
)
_DOUBLED = re.compile(r"(.)\1+")


def is_arabic(text: str) -> bool:
    """True when the text contains Arabic-script letters."""
    return bool(_ARABIC_LETTER.search(text or ""))


def _fold_arabic_token(token: str) -> str:
    token = _ARABIC_MARKS.sub("", token).translate(_ARABIC_FOLD)
    while token.startswith(_ARABIC_ARTICLE) and len(token) > len(_ARABIC_ARTICLE) + 1:
        token = token[len(_ARABIC_ARTICLE):]   # repeated so that a key normalises to itself
    return token


@lru_cache(maxsize=65536)
def _fold_latin_token(token: str) -> str:
    """Fold until nothing changes, so that a key normalises to itself."""
    while True:
        folded = _fold_latin_once(token)
        if folded == token:
            return folded
        token = folded


def _fold_latin_once(token: str) -> str:
    for old, new in _LATIN_FOLDS:
        token = token.replace(old, new)
    token = _DOUBLED.sub(r"\1", token)
    if len(token) > 2 and token.endswith("h") and token[-2] in "aiuy":
        token = token[:-1]          # Raqqah -> Raqqa, Sbeineh -> Sbeine
    if len(token) > 2 and token.endswith("i") and token[-2] not in "aiuy":
        token = token[:-1] + "a"    # Sbeine -> Sbeina (final -e/-eh and -a are one sound)
    return token


_FOLDED_ARTICLES = frozenset(_fold_latin_token(a) for a in _LATIN_ARTICLES)


@lru_cache(maxsize=65536)
def normalize_name(text: str) -> str:
    """The matching key of a name: script-aware, article-free, spaces collapsed.

    Arabic: hamza/alef forms, taa marbuta, alef maqsura, Persian ya/kaf, diacritics and
    tatweel are folded; the article ال is dropped from every word. Latin: accents, case,
    apostrophes and ayn marks, articles (al-/el-/ash-/ad-...), doubled letters, final -h and
    common vowel spellings are folded. Clitics (و، ب، ل، ف) are *not* stripped here because
    they would damage names that start with those letters (ببيلا); see :func:`arabic_stems`.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    if is_arabic(text):
        tokens = [_fold_arabic_token(t) for t in _NON_WORD.split(_ARABIC_MARKS.sub("", text))]
        return " ".join(t for t in tokens if t)
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text)
    words = [w for w in _NON_WORD.split(text) if w]
    folded = [_fold_latin_token(w) for w in words]
    # "al Aswad", "ez Zor": a free-standing article (judged after folding, so keys are stable)
    tokens = [t for i, t in enumerate(folded) if t and not (t in _FOLDED_ARTICLES and i + 1 < len(folded))]
    return " ".join(tokens)


def arabic_stems(token: str) -> list[str]:
    """Candidate readings of one Arabic word with its proclitics removed, longest first.

    ``بالحجر`` -> ``["بالحجر", "الحجر", "حجر"]``; ``والقدم`` -> ``["والقدم", "القدم", "قدم"]``.
    The word itself always comes first so a name that merely starts with ب or و (ببيلا,
    ومضة) is tried as written before any stripped reading.
    """
    token = _ARABIC_MARKS.sub("", unicodedata.normalize("NFKC", token or "")).strip()
    if not token:
        return []
    stems = [token]

    def add(candidate: str) -> None:
        if len(candidate) >= 2 and candidate not in stems:
            stems.append(candidate)

    bases = [token]
    if token[0] in _CONJUNCTIONS and len(token) > 2:
        bases.append(token[1:])
    for base in list(bases):
        add(base)
        if base[:1] in _PREPOSITIONS and len(base) > 2:
            rest = base[1:]
            if base[0] == "ل" and rest.startswith("ل"):
                rest = "ا" + rest    # للقدم = ل + القدم
            bases.append(rest)
            add(rest)
    for base in list(bases):
        if base.startswith(_ARABIC_ARTICLE) and len(base) > 3:
            add(base[2:])
    return stems


_CACHES: list = []


def register_cache(cached) -> None:
    """Let :func:`clear_caches` also empty another module's ``lru_cache`` of name readings."""
    _CACHES.append(cached)


def clear_caches() -> None:
    """Forget memoised keys (for benchmarks that must measure cold lookups)."""
    normalize_name.cache_clear()
    _fold_latin_token.cache_clear()
    without_descriptors.cache_clear()
    light_key.cache_clear()
    for cached in _CACHES:
        cached.cache_clear()


# --- readings of a query: descriptors, hashtags, quotes, dropped spaces --------------------------

# Words that say what kind of place follows (مخيم اليرموك, بلدة يلدا, Bab al-Hawa crossing). A query
# is first matched as written; only when that fails is it tried without them (so names that
# contain such a word, e.g. "Yarmouk camp" or مزرعة بيت جن, still match whole).
ARABIC_DESCRIPTORS = frozenset(_fold_arabic_token(w) for w in (
    "مخيم", "بلدة", "مدينة", "قرية", "حي", "معبر", "حاجز", "منطقة", "ناحية", "محافظة", "مركز", "مفرق",
    "بلدتي", "مدينتي", "قريتي", "حيي", "مخيمي", "بلدات", "قرى", "أحياء", "منطقتي", "نقطة", "بوابة",
))
LATIN_DESCRIPTORS = frozenset(_fold_latin_token(w) for w in (
    "town", "city", "village", "camp", "district", "neighbourhood", "neighborhood", "crossing", "checkpoint",
    "border", "area", "quarter", "suburb", "refugee", "the", "of", "gate", "point", "governorate", "province",
))
_QUERY_NOISE = re.compile(r"[#_\"“”«»„‟'‹›‘’`´()\[\]{}]+")


def clean_query(text: str) -> str:
    """A name as typed or copied from a report: hashtags (#مخيم_اليرموك), quotes and brackets
    become spaces, so ``#مخيم_اليرموك`` and ``"مخيم اليرموك"`` read as مخيم اليرموك."""
    return " ".join(_QUERY_NOISE.sub(" ", unicodedata.normalize("NFKC", text or "")).split())


@lru_cache(maxsize=65536)
def without_descriptors(key: str) -> str:
    """The normalised key with descriptor words (camp, town, مخيم, بلدة ...) dropped from both ends;
    the key itself when nothing is left or nothing was dropped."""
    words = key.split()
    descriptors = ARABIC_DESCRIPTORS | LATIN_DESCRIPTORS
    start, end = 0, len(words)
    while start < end - 1 and words[start] in descriptors:
        start += 1
    while end - 1 > start and words[end - 1] in descriptors:
        end -= 1
    return " ".join(words[start:end])


def compact_keys(text: str) -> frozenset[str]:
    """Space-free forms of a name, for spellings that drop (or add) a space: ``الحجرالاسود``,
    ``Yarmoukcamp``: every article dropped (the normalised key without spaces), articles kept
    inside the name (``الحجر الأسود`` -> حجرالاسود, like the query الحجرالاسود), and the name as
    written (:func:`light_key`, where a typo is still one letter: folding can spread it)."""
    key = normalize_name(text)
    forms = {key.replace(" ", "")}
    text = unicodedata.normalize("NFKC", text or "")
    if is_arabic(text):
        tokens = [t for t in (_ARABIC_MARKS.sub("", t).translate(_ARABIC_FOLD)
                              for t in _NON_WORD.split(text)) if t]
        if tokens:
            forms.add(_fold_arabic_token(tokens[0]) + "".join(tokens[1:]))
    else:
        lowered = unicodedata.normalize("NFKD", text.lower())
        lowered = _APOSTROPHES.sub("", "".join(ch for ch in lowered if not unicodedata.combining(ch)))
        tokens = [_fold_latin_token(w) for w in _NON_WORD.split(lowered) if w]
        if tokens and tokens[0] in _FOLDED_ARTICLES and len(tokens) > 1:
            tokens = tokens[1:]
        forms.add("".join(tokens))
    forms.add(light_key(text))
    return frozenset(f for f in forms if f)


@lru_cache(maxsize=65536)
def light_key(text: str) -> str:
    """Lower case without accents, marks or punctuation, but otherwise as written: tells apart
    two names that fold to keys equally close to a misspelling (used to break such ties)."""
    text = unicodedata.normalize("NFKD", (text or "").lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return "".join(_NON_WORD.split(_APOSTROPHES.sub("", _ARABIC_MARKS.sub("", text))))
