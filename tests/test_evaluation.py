"""The labelled question sets: the blind set is frozen and has what it must have."""

import json
from collections import Counter

import pytest

from app.__main__ import main
from app.config import LANGUAGES
from app.services.evaluation import (
    BLIND_SETS,
    EVAL_SETS,
    FROZEN_SHA256,
    load_cases,
    sha256_of,
)

DOMAINS = {"financien", "jeugd-gezin", "werken", "wonen", "gezondheid", "sociale-relaties"}


@pytest.mark.parametrize("name", BLIND_SETS)
def test_the_blind_sets_are_frozen(name):
    assert sha256_of(EVAL_SETS[name]) == FROZEN_SHA256[name]
    readme = (EVAL_SETS[name].parent / "README.md").read_text(encoding="utf-8")
    assert FROZEN_SHA256[name] in readme


@pytest.mark.parametrize("name", BLIND_SETS)
def test_the_blind_sets_have_what_an_honest_measure_needs(name):
    cases = load_cases(EVAL_SETS[name])
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


@pytest.mark.parametrize("name", BLIND_SETS)
def test_a_blind_sets_misses_are_not_shown(name, capsys, tmp_path):
    copy = tmp_path / "renamed.jsonl"
    copy.write_bytes(EVAL_SETS[name].read_bytes())
    for arguments in (["--set", name], ["--cases", str(copy)],
                      ["--cases", f"app/eval/{name}.jsonl"]):
        assert main(["eval-match", *arguments, "--misses"]) == 2, arguments
        captured = capsys.readouterr()
        assert "misses are not shown" in captured.err and "expected" not in captured.out
