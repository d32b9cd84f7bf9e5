"""One-edit misspellings of every gazetteer name: the issue-14 targets, and the typo maker itself."""
import random
from collections import Counter

import pytest

from geodata.normalize import normalize_name
from geodata.typos import OPERATIONS, every_name_typos, gazetteer_matcher, misspell, score_typos, spellings

RECALL_MIN, WRONG_MAX, TOP5_MIN = 0.95, 0.005, 0.98


@pytest.fixture(scope="module")
def typo_score(gazetteer):
    typos = every_name_typos(gazetteer)
    return typos, score_typos(gazetteer, typos, *gazetteer_matcher(gazetteer))


def test_every_spelling_gets_a_typo(gazetteer, typo_score):
    typos, _ = typo_score
    made_from = {(t.spelling, t.place_id) for t in typos}
    assert len(made_from) >= 0.99 * len(spellings(gazetteer))
    assert set(Counter(t.operation for t in typos)) == set(OPERATIONS)


def test_typos_are_real_typos(gazetteer, typo_score):
    typos, _ = typo_score
    known = gazetteer.name_index()
    for typo in typos:
        assert typo.query != typo.spelling
        assert normalize_name(typo.query) not in known, typo


def test_typo_recall_wrong_and_top5_meet_the_targets(typo_score):
    _, score = typo_score
    assert score.recall >= RECALL_MIN, score.outcomes
    assert score.wrong_rate <= WRONG_MAX, score.outcomes
    assert score.top5_rate >= TOP5_MIN


@pytest.mark.parametrize("query, place_id", [
    ("Yarmok", "geonames:166716"),
    ("Azza z", "geonames:172082"),
    ("الحجرالاسود", "geonames:8419677"),
    ("الحجر الاسوود", "geonames:8419677"),
    ("Darraya", "geonames:170892"),
])
def test_issue_examples(gazetteer, query, place_id):
    assert gazetteer.resolve(query).id == place_id


@pytest.mark.parametrize("word", ["الى", "على", "the", "from", "convoy", "النصرة"])
def test_common_words_are_never_places_even_misspelt(gazetteer, word):
    assert gazetteer.resolve(word) is None
    assert gazetteer.resolve(word + word[-1]) is None


@pytest.mark.parametrize("name, operation, expected_length", [
    ("Yarmouk", "drop", 6), ("Yarmouk", "double", 8), ("Yarmouk", "swap", 7), ("Hajar Aswad", "space", 10),
])
def test_misspell_makes_one_slip(name, operation, expected_length):
    for seed in range(20):
        typo = misspell(name, operation, random.Random(seed))
        assert typo is not None and len(typo) == expected_length
        assert sorted(typo.replace(" ", "")) == sorted(name.replace(" ", "")) or operation in ("drop", "double")


def test_misspell_refuses_what_cannot_apply():
    assert misspell("Tal", "space", random.Random(1)) is None
    assert misspell("Ba", "drop", random.Random(1)) is None
