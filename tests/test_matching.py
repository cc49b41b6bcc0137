"""The matcher as a pure service: normalising text, matching in six languages, danger."""

import pytest

from app.services.evaluation import evaluate, load_cases
from app.services.finder import answer
from app.services.loading import in_memory_catalog
from app.services.matching import normalize, tokens
from tests.conftest import DATA_DIR


@pytest.fixture(scope="module")
def catalog():
    return in_memory_catalog(DATA_DIR)


@pytest.mark.parametrize("text, expected", [
    ("Financiën", "financien"),
    ("KİRA BORCU", "kira borcu"),
    ("kiramı ödeyemiyorum", "kirami odeyemiyorum"),
    ("zadłużenie", "zadluzenie"),
    ("Борги", "борги"),
    ("مدرسةٌ", "مدرسه"),
])
def test_normalize_removes_case_accents_and_letter_variants(text, expected):
    assert normalize(text) == expected


def test_arabic_article_is_not_part_of_the_word():
    assert tokens("الإيجار") == tokens("إيجار") == ["ايجار"]


@pytest.mark.parametrize("question, domain", [
    ("ik kan me huur nie betalen", "wonen"),
    ("rent arrears", "wonen"),
    ("kiramı ödeyemiyorum", "wonen"),
    ("de deurwaader staat voor de deur", "financien"),
    ("mijn moeder heeft dementie en ik zorg voor haar", "gezondheid"),
    ("я дуже самотня", "sociale-relaties"),
    ("straciłem pracę", "werken"),
])
def test_questions_in_many_languages_find_their_domain(catalog, question, domain):
    ranked = [d for d, _ in answer(catalog, question, None).domains]
    assert domain in ranked[:3], ranked


def test_word_order_does_not_matter(catalog):
    first = answer(catalog, "huur betalen lukt niet", None).domains[:1]
    second = answer(catalog, "lukt niet huur betalen", None).domains[:1]
    assert first == second and first


def test_scores_are_between_zero_and_one_best_first(catalog):
    result = answer(catalog, "schulden deurwaarder aanmaning huur ontslag eenzaam", None)
    for ranked in (result.domains, result.situations):
        scores = [score for _, score in ranked]
        assert scores == sorted(scores, reverse=True)
        assert all(0 < score <= 1 for score in scores)


@pytest.mark.parametrize("question", [
    "ik wil niet meer leven",
    "I want to kill myself",
    "mijn man slaat me",
    "intihar etmek istiyorum",
    "chcę umrzeć",
    "хочу покінчити з життям",
    "أريد أن أنتحر",
    "mijn vader ademt niet meer",
])
def test_danger_is_acute_with_crisis_lines(catalog, question):
    result = answer(catalog, question, None)
    assert result.acute and result.crisis_lines


@pytest.mark.parametrize("question", [
    "mijn vrouw is overleden en ik ben zo verdrietig",
    "I feel sad and lonely",
    "ik heb veel schulden en ik word er gek van",
    "babam öldü çok üzgünüm",
    "hij heeft vorig jaar een hartaanval gehad",
    "the council is unresponsive",
    "i cant breathe with all these bills",
    "borçlarda boğuluyorum",
    "",
])
def test_sadness_and_grief_are_not_acute(catalog, question):
    assert not answer(catalog, question, None).acute


def test_gibberish_finds_nothing(catalog):
    result = answer(catalog, "qwzx vbnm", None)
    assert result.situations == [] and result.domains == [] and not result.acute


def test_labelled_questions_meet_the_quality_bar(catalog):
    """The bar of the finder issue: top-3 >= 0.90, no acute case missed, none invented."""
    report = evaluate(catalog, load_cases())
    assert report.overall.cases >= 150
    misses = "\n".join(report.misses)
    assert report.top3_accuracy >= 0.90, misses
    assert report.danger_missed == 0, misses
    assert report.false_acute == 0, misses


def test_a_danger_situation_is_never_shown_as_a_weak_guess(catalog):
    result = answer(catalog, "ik kan mijn huur niet betalen", None)
    acute_ids = {sid for sid, s in catalog.situations.items() if s.urgency == "acute"}
    assert not acute_ids & {sid for sid, _ in result.situations}
    assert not result.acute
