"""How well the finder understands residents: measured on labelled questions."""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from app.services.catalog import Catalog
from app.services.finder import answer

CASES_FILE = Path(__file__).resolve().parents[2] / "tests" / "data" / "match_cases.jsonl"


@dataclass
class Tally:
    cases: int = 0
    top1: int = 0
    top3: int = 0

    def add(self, top1: bool, top3: bool) -> None:
        self.cases += 1
        self.top1 += top1
        self.top3 += top3


@dataclass
class Report:
    overall: Tally = field(default_factory=Tally)
    by_language: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    acute_cases: int = 0
    acute_found: int = 0
    calm_cases: int = 0
    false_acute: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def top1_accuracy(self) -> float:
        return self.overall.top1 / max(self.overall.cases, 1)

    @property
    def top3_accuracy(self) -> float:
        return self.overall.top3 / max(self.overall.cases, 1)

    @property
    def acute_recall(self) -> float:
        return self.acute_found / max(self.acute_cases, 1)

    def lines(self) -> list[str]:
        lines = [
            f"cases: {self.overall.cases}",
            f"top-1 domain accuracy: {self.top1_accuracy:.3f}",
            f"top-3 domain accuracy: {self.top3_accuracy:.3f}",
            f"acute recall: {self.acute_found}/{self.acute_cases} = {self.acute_recall:.3f}",
            f"false acute: {self.false_acute}/{self.calm_cases}",
        ]
        for language, tally in sorted(self.by_language.items()):
            lines.append(f"  {language}: top-1 {tally.top1}/{tally.cases}, "
                         f"top-3 {tally.top3}/{tally.cases}")
        return lines


def load_cases(path: Path = CASES_FILE) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def evaluate(catalog: Catalog, cases: list[dict]) -> Report:
    report = Report()
    for case in cases:
        result = answer(catalog, case["q"], None)
        ranked = [domain for domain, _ in result.domains]
        expected = set(case["domains"])
        top1 = bool(ranked[:1]) and ranked[0] in expected
        top3 = bool(expected & set(ranked[:3]))
        report.overall.add(top1, top3)
        report.by_language[case["lang"]].add(top1, top3)
        if case["acute"]:
            report.acute_cases += 1
            report.acute_found += result.acute
        else:
            report.calm_cases += 1
            report.false_acute += result.acute
        if not top3 or result.acute != case["acute"]:
            report.misses.append(
                f"[{case['lang']}] {case['q']!r}: expected {case['domains']} acute={case['acute']}"
                f", got {ranked[:3]} acute={result.acute}"
            )
    return report
