"""Start-up of a process with a large directory: the first start, and a restart.

    .venv/bin/python bench/startup.py                    # 1,000, 10,000 and 100,000 providers
    .venv/bin/python bench/startup.py --sizes 10000

It copies data/ to a temporary folder and adds generated local providers to
providers.yaml (each with a description in six languages, an office at a real postcode,
a phone number and opening hours). Each figure comes from a process of its own, started
on a fresh SQLite file (or TEST_DATABASE_URL's server, when given as --database-url):

- first start: the files are read, checked and stored, the catalog and indexes built;
- restart: the same files again, already stored;
- start while the database is down: the catalog is built from the files.

It prints the seconds until /healthz answers, and the resident memory then (VmRSS) and at
its peak (VmHWM).
"""

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]

CHILD = """
import json, sys, time
started = time.perf_counter()
sys.path.insert(0, {project!r})
from fastapi.testclient import TestClient
from app.config import Settings
from app.main import create_app
settings = Settings(database_url={url!r}, data_dir={data!r}, semantic_matching=False)
with TestClient(create_app(settings)) as client:
    health = client.get("/healthz").json()
    seconds = time.perf_counter() - started
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
print(json.dumps({{"seconds": seconds, "health": health,
                  "rss_mb": int(status["VmRSS"].split()[0]) / 1024,
                  "peak_mb": int(status["VmHWM"].split()[0]) / 1024}}))
"""

LANGUAGES = ["nl", "en", "ar", "tr", "pl", "uk"]
DOMAINS = ["financien", "jeugd-gezin", "werken", "wonen", "gezondheid", "sociale-relaties"]


def write_providers(data: Path, count: int) -> None:
    rng = random.Random(11)
    rows = [line.split(",") for line in (data / "postcodes.csv").read_text().splitlines()[1:]]
    lines = []
    for number in range(count):
        postcode, place = rng.choice(rows)[:2]
        lines += [
            f"  - id: generated-{number}",
            f"    name: Buurtsteunpunt {number} {place}",
            "    kind: welzijn",
            "    formal: true",
            "    independent: true",
            "    free: true",
            "    description:",
            *[f"      {language}: \"Hulp bij vragen over geld, wonen en zorg ({language}).\""
              for language in LANGUAGES],
            f"    domains: [{', '.join(rng.sample(DOMAINS, 2))}]",
            "    target_groups: [iedereen]",
            "    phone: \"0800-0000\"",
            "    schedule:",
            "      - {weekday: mo, opens: \"09:00\", closes: \"17:00\"}",
            "    locations:",
            f"      - {{postcode: \"{postcode}\", city: \"{place}\"}}",
            "    service_area:",
            f"      places: [\"{place}\"]",
            "    last_verified: null",
            "",
        ]
    with (data / "providers.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n" + "\n".join(lines))


def start(url: str, data: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD.format(project=str(PROJECT), url=url, data=str(data))],
        capture_output=True, text=True, cwd=PROJECT)
    if done.returncode != 0:
        sys.exit(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000],
                        help="numbers of generated providers")
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    args = parser.parse_args()
    for size in args.sizes:
        measure(size, args.database_url)


def measure(size: int, database_url: str | None) -> None:
    folder = Path(tempfile.mkdtemp(prefix="wegwijzer-startup-"))
    try:
        data = folder / "data"
        shutil.copytree(PROJECT / "data", data,
                        ignore=shutil.ignore_patterns("situation_vectors.npz"))
        write_providers(data, size)
        megabytes = (data / "providers.yaml").stat().st_size / 2**20
        print(f"{size:,} generated providers (providers.yaml {megabytes:.0f} MiB)")
        url = database_url or f"sqlite:///{folder / 'startup.db'}"
        for label, database in [("first start", url), ("restart", url),
                                ("database down", "postgresql+psycopg://nobody@127.0.0.1:9/x")]:
            figures = start(database, data)
            print(f"  {label:>13}: {figures['seconds']:6.1f} s to /healthz, "
                  f"memory {figures['rss_mb']:5.0f} MB (peak {figures['peak_mb']:5.0f}), "
                  f"database {figures['health'].get('database')}", flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

if __name__ == "__main__":
    main()
