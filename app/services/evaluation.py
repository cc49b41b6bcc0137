"""How well the finder understands residents: measured on labelled questions.

The sets ship with the app (app/eval/, see its README): `dev` to `dev5`, which the
finder was tuned on, and `blind` to `blind3`, written by people who never saw the
keywords, examples, model output or misses, and frozen by their sha256. Only blind figures
are results.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from app.services.catalog import Catalog
from app.services.finder import answer
from app.services.semantic import Semantics

EVAL_DIR = Path(__file__).resolve().parent.parent / "eval"
EVAL_SETS = {"dev": EVAL_DIR / "dev.jsonl", "dev2": EVAL_DIR / "dev2.jsonl",
             "dev3": EVAL_DIR / "dev3.jsonl", "dev4": EVAL_DIR / "dev4.jsonl",
             "dev5": EVAL_DIR / "dev5.jsonl", "blind": EVAL_DIR / "blind.jsonl",
             "blind2": EVAL_DIR / "blind2.jsonl", "blind3": EVAL_DIR / "blind3.jsonl"}
DEV_SETS = ("dev", "dev2", "dev3", "dev4", "dev5")  # tuned on: their figures are not results
# Reported on, never tuned on; each frozen by its sha256 (app/eval/README.md).
FROZEN_SHA256 = {
    "blind": "b9bcb7152386fa7d6d7a5caa5dfc9a8a13b54104625ab7bffe7fff261f89b352",
    "blind2": "e25138730396897805f92620d520d4106b56f3e0a632a7cfedeb662b29a86283",
    "blind3": "137b50f56da466e60004726bb3a91e33c3829fbb4d5a8bd57587cc74c3621704",
}
BLIND_SETS = tuple(FROZEN_SHA256)


def is_blind(path: Path) -> bool:
    """A blind set under any name or path: its content is what is frozen."""
    return path.is_file() and sha256_of(path) in FROZEN_SHA256.values()


@dataclass
class Tally:
    cases: int = 0
    top1: int = 0
    top3: int = 0
    danger: int = 0
    danger_raised: int = 0
    danger_acute: int = 0
    calm: int = 0
    calm_acute: int = 0
    calm_possible: int = 0
    lookalikes: int = 0
    lookalikes_acute: int = 0

    def add(self, case: dict, ranked: list[str], acute: bool,
            possible: bool) -> tuple[bool, bool]:
        expected = set(case["domains"])
        top1 = bool(ranked[:1]) and ranked[0] in expected
        top3 = bool(expected & set(ranked[:3]))
        self.cases += 1
        self.top1 += top1
        self.top3 += top3
        if case["danger"]:
            self.danger += 1
            self.danger_raised += acute or possible
            self.danger_acute += acute
        else:
            self.calm += 1
            self.calm_acute += acute
            self.calm_possible += possible
            self.lookalikes += case["lookalike"]
            self.lookalikes_acute += case["lookalike"] and acute
        return top1, top3

    def row(self, name: str) -> str:
        return (f"{name:<8} {self.cases:>5} {ratio(self.top1, self.cases):>6} "
                f"{ratio(self.top3, self.cases):>6} {self.danger_raised:>4}/{self.danger:<4} "
                f"{self.danger_acute:>4}/{self.danger:<4} "
                f"{self.calm_acute:>4}/{self.calm:<4} "
                f"{self.calm_possible:>4}/{self.calm:<4} "
                f"{self.lookalikes_acute:>4}/{self.lookalikes:<4}")


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "-"


@dataclass
class Report:
    overall: Tally = field(default_factory=Tally)
    by_language: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[str] = field(default_factory=list)

    @property
    def top1_accuracy(self) -> float:
        return self.overall.top1 / max(self.overall.cases, 1)

    @property
    def top3_accuracy(self) -> float:
        return self.overall.top3 / max(self.overall.cases, 1)

    @property
    def danger_missed(self) -> int:
        return self.overall.danger - self.overall.danger_raised

    @property
    def false_acute(self) -> int:
        return self.overall.calm_acute

    def lines(self) -> list[str]:
        header = (f"{'':<8} {'cases':>5} {'top-1':>6} {'top-3':>6} {'danger':>9} "
                  f"{'d. acute':>9} {'calm acute':>9} {'calm poss.':>9} {'l-a acute':>9}")
        legend = ("danger: danger texts raised (acute or possible danger); d. acute: of them "
                  "acute; calm poss.: calm texts with possible danger; l-a: calm look-alikes")
        return [header, self.overall.row("all"), *(
            tally.row(language) for language, tally in sorted(self.by_language.items())),
            legend]


def load_cases(path: Path = EVAL_SETS["dev"]) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def evaluate(catalog: Catalog, cases: list[dict],
             semantics: Semantics | None = None) -> Report:
    report = Report()
    for case in cases:
        result = answer(catalog, case["q"], None, semantics=semantics)
        ranked = [domain for domain, _ in result.domains]
        report.overall.add(case, ranked, result.acute, result.possible_danger)
        _, top3 = report.by_language[case["lang"]].add(case, ranked, result.acute,
                                                         result.possible_danger)
        raised = result.acute or result.possible_danger
        if not top3 or raised != case["danger"] or (result.acute and not case["danger"]):
            report.misses.append(
                f"[{case['lang']}] {case['q']!r}: expected {case['domains']} "
                f"danger={case['danger']}, got {ranked[:3]} acute={result.acute} "
                f"possible_danger={result.possible_danger}"
            )
    return report
