"""Speed of the finder on synthetic directories, beside a naive baseline in the same run.

    .venv/bin/python bench/run.py                     # 1k, 10k and 100k providers
    .venv/bin/python bench/run.py --sizes 1000 --queries 50

For each size it generates providers spread over the country (an office at a random
postcode, weighted like the postcode table; some serve their place, province or the
whole country) and times, per question with a random postcode:

- match, keywords only: the question to situations and domains (app.services.matching)
- meaning: the sentence model reads the question (app.services.semantic)
- nearby: the 5 best providers for those domains near the postcode (app.services.ranking)
- answer, keywords only / answer, hybrid: all of it, as the API does it, in-process
- answer, hybrid, N words: the same for questions of 5, 20 and 50 words
- http: GET /api/v1/match over a real socket (uvicorn on 127.0.0.1), hybrid
- baseline: a full rapidfuzz scan over all provider texts plus haversine over all
  providers and a sort, the way one would do it without an index.

The questions are those of the blind set (app/eval/): only their timing is measured here.
It prints p50 and p95 in milliseconds. Figures depend on the machine; compare within a run.
"""

import argparse
import contextlib
import dataclasses
import json
import random
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from rapidfuzz import fuzz, process

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.config import Settings  # noqa: E402
from app.local_server import serving  # noqa: E402
from app.services.catalog import Catalog, ProviderEntry, ProviderLocation  # noqa: E402
from app.services.evaluation import EVAL_SETS, load_cases  # noqa: E402
from app.services.finder import answer, understand  # noqa: E402
from app.services.geo import distance_km  # noqa: E402
from app.services.loading import in_memory_catalog  # noqa: E402
from app.services.matching import match  # noqa: E402
from app.services.ranking import top_providers  # noqa: E402
from app.services.semantic import Semantics  # noqa: E402

DOMAINS = ["financien", "jeugd-gezin", "werken", "wonen", "gezondheid", "sociale-relaties"]
KINDS = ["clientondersteuning", "welzijn", "schuldhulp", "vrijwilligers-en-maatjes"]


def synthetic_catalog(base: Catalog, size: int, seed: int = 7) -> Catalog:
    rng = random.Random(seed)
    places = list(base.places.values())
    words = sorted({w for s in base.situations.values() for k in s.keywords.get("nl", [])
                    for w in k.split()} | {w for d in base.domains.values()
                                           for w in d.summary["nl"].split()})
    providers = {}
    for number in range(size):
        place = rng.choice(places)
        roll = rng.random()
        provider_id = f"synthetic-{number}"
        providers[provider_id] = ProviderEntry(
            id=provider_id,
            name=f"Aanbieder {number} {place.place}",
            kind=rng.choice(KINDS), formal=True, independent=True, free=True, names_danger=False,
            description={"nl": " ".join(rng.sample(words, 12))},
            domains=tuple(rng.sample(DOMAINS, rng.randint(1, 3))),
            target_groups=("iedereen",), languages=("nl",), financing=(),
            phone="0800-0000", email=None, website=None, whatsapp=None, home_visits=None,
            schedule=(), schedule_note=None,
            locations=(ProviderLocation(None, None, place.postcode, place.place,
                                        place.latitude + rng.uniform(-0.01, 0.01),
                                        place.longitude + rng.uniform(-0.01, 0.01)),),
            national=roll < 0.002,
            provinces=frozenset([place.province]) if 0.002 <= roll < 0.05 else frozenset(),
            places=frozenset([place.place]) if 0.05 <= roll < 0.25 else frozenset(),
            postcode_ranges=(), last_verified=None,
        )
    return dataclasses.replace(base, providers=providers)


def naive(catalog: Catalog, texts: list[str], locations, question: str, place) -> list:
    """Without an index: score every provider text, measure every distance, sort."""
    process.extract(question, texts, scorer=fuzz.WRatio, limit=5)
    distances = sorted(
        (distance_km(place.latitude, place.longitude, lat, lon), pid)
        for pid, lat, lon in locations
    )
    return distances[:5]


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


def timed(function, arguments) -> list[float]:
    samples = []
    for args in arguments:
        start = time.perf_counter()
        function(*args)
        samples.append(time.perf_counter() - start)
    return samples


def app_serving(catalog: Catalog):
    """The real app, serving `catalog` instead of what its database holds."""
    import tempfile

    from app.main import create_app

    folder = tempfile.mkdtemp(prefix="wegwijzer-bench-")
    app = create_app(Settings(database_url=f"sqlite:///{folder}/bench.db"))

    class FixedCatalog:
        database_ok = True

        def current(self):
            return catalog

        def close(self):
            pass

    original_lifespan = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(application):
        async with original_lifespan(application):
            application.state.catalogs = FixedCatalog()
            yield

    app.router.lifespan_context = lifespan
    return app


def http_get(url: str) -> None:
    with urllib.request.urlopen(url, timeout=10) as response:
        json.load(response)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--queries", type=int, default=0,
                        help="how many questions (default: every question of the set)")
    parser.add_argument("--set", choices=sorted(EVAL_SETS), default="blind")
    args = parser.parse_args()

    base = in_memory_catalog(Settings().data_dir)
    semantics = Semantics.start(Settings().data_dir)
    if semantics is None:
        print("the sentence model did not load: only keyword figures are real", file=sys.stderr)
        return 1
    rng = random.Random(11)
    questions = [case["q"] for case in load_cases(EVAL_SETS[args.set])]
    places = list(base.places.values())
    count = args.queries or len(questions)
    workload = [(questions[n % len(questions)], rng.choice(places)) for n in range(count)]
    words = [word for question in questions for word in question.split()]
    by_length = {
        length: [(" ".join(words[start:start + length]), rng.choice(places))
                 for start in rng.sample(range(len(words) - length), min(count, 200))]
        for length in (5, 20, 50)
    }

    print(f"{count} questions of the {args.set} set")
    print(f"{'providers':>9} {'what':<28} {'p50 ms':>8} {'p95 ms':>8}")
    for size in args.sizes:
        catalog = synthetic_catalog(base, size)
        answer(catalog, "warm up", places[0], semantics=semantics)  # builds the indexes
        texts = [f"{p.name} {p.description['nl']}" for p in catalog.providers.values()]
        locations = [(p.id, p.locations[0].latitude, p.locations[0].longitude)
                     for p in catalog.providers.values()]
        matched = [(catalog, q, p, dict(match(catalog, q).domains)) for q, p in workload]

        def hybrid(c, q, p):
            return answer(c, q, p, semantics=semantics)

        rows = {
            "match, keywords only": timed(lambda c, q, p, d: match(c, q), matched),
            "meaning (model)": timed(lambda c, q, p, d: understand(semantics, c, q), matched),
            "nearby top-5": timed(lambda c, q, p, d: top_providers(c, p, d), matched),
            "answer, keywords only": timed(answer, [(catalog, q, p) for q, p in workload]),
            "answer, hybrid": timed(hybrid, [(catalog, q, p) for q, p in workload]),
            **{f"answer, hybrid, {length} words": timed(hybrid, [(catalog, q, p)
                                                                for q, p in sized])
               for length, sized in by_length.items()},
            # Seconds per question at 100k: 50 questions tell its p95 well enough.
            "naive baseline": timed(naive, [(catalog, texts, locations, q, p)
                                            for q, p in workload[:50]]),
        }
        with serving(app_serving(catalog)) as root:
            urls = [(f"{root}/api/v1/match?" + urllib.parse.urlencode(
                {"q": q, "postcode": p.postcode}),) for q, p in workload]
            http_get(urls[0][0])
            rows["answer over HTTP"] = timed(http_get, urls)
        for what, samples in rows.items():
            p50, p95 = percentiles(samples)
            print(f"{size:>9} {what:<28} {p50:>8.2f} {p95:>8.2f}")
        speedup = percentiles(rows["naive baseline"])[1] / percentiles(rows["answer, hybrid"])[1]
        print(f"{size:>9} {'speed-up at p95':<28} {speedup:>8.1f}x")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
