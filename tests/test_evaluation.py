"""The labelled question sets: the blind set is frozen and has what it must have."""

import json
from collections import Counter

from app.config import LANGUAGES
from app.services.evaluation import EVAL_SETS, load_cases, sha256_of

BLIND_SHA256 = "b9bcb7152386fa7d6d7a5caa5dfc9a8a13b54104625ab7bffe7fff261f89b352"
DOMAINS = {"financien", "jeugd-gezin", "werken", "wonen", "gezondheid", "sociale-relaties"}


def test_the_blind_set_is_frozen():
    assert sha256_of(EVAL_SETS["blind"]) == BLIND_SHA256
    readme = (EVAL_SETS["blind"].parent / "README.md").read_text(encoding="utf-8")
    assert BLIND_SHA256 in readme


def test_the_blind_set_has_what_an_honest_measure_needs():
    cases = load_cases(EVAL_SETS["blind"])
    assert len(cases) >= 600
    assert sum(case["danger"] for case in cases) >= 150
    assert sum(case["lookalike"] for case in cases) >= 100
    per_language = Counter(case["lang"] for case in cases)
    assert set(per_language) == set(LANGUAGES) and min(per_language.values()) >= 60
    for language in LANGUAGES:
        own = [case for case in cases if case["lang"] == language]
        assert sum(case["danger"] for case in own) >= 20, language


def test_every_labelled_question_is_well_formed():
    for name, path in EVAL_SETS.items():
        questions = []
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            assert set(case) == {"q", "lang", "domains", "danger", "lookalike"}, (name, case)
            assert case["lang"] in LANGUAGES and case["q"].strip(), (name, case)
            assert 1 <= len(case["domains"]) <= 3 and set(case["domains"]) <= DOMAINS, case
            assert not (case["danger"] and case["lookalike"]), case
            questions.append(case["q"])
        assert len(questions) == len(set(questions)), f"{name}: a question twice"
