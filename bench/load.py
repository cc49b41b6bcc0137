"""Many clients at once against a real server on loopback.

    .venv/bin/python bench/load.py                         # 200 clients, 60 s, 1 worker
    .venv/bin/python bench/load.py --workers 2 --database-url postgresql+psycopg://...

It starts uvicorn in a process of its own (a fresh SQLite file unless --database-url is
given), waits until /healthz answers, and lets `--clients` clients ask one after another,
for `--seconds`, what residents and professionals ask: a search, the match API, a domain
page, the signal check, a provider page and a static file. The clients run in this
process (asyncio, httpx) and share the machine's cores with the server: the figures are
a floor. It prints requests per second, p50/p95/p99 in milliseconds, and the errors
(a status of 500 or more, or no answer within 10 s).
"""

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import httpx

PROJECT = Path(__file__).resolve().parents[1]
PATHS = [
    "/zoek?q=ik+kan+mijn+huur+niet+betalen&postcode=2011",
    "/zoek?q=mijn+moeder+vergeet+veel&postcode=7511",
    "/api/v1/match?q=schulden+en+brieven&postcode=1011",
    "/api/v1/match?q=i%C5%9Fimi+kaybettim&postcode=3511",
    "/domein/financien",
    "/signalen/huisarts",
    "/aanbieder/luisterlijn",
    "/static/css/site.css",
]


async def client(http: httpx.AsyncClient, root: str, until: float, rng: random.Random,
                 latencies: list[float], errors: list[str]) -> None:
    while time.monotonic() < until:
        path = rng.choice(PATHS)
        started = time.perf_counter()
        try:
            response = await http.get(root + path)
            if response.status_code >= 500:
                errors.append(f"{response.status_code} {path}")
        except httpx.HTTPError as error:
            errors.append(f"{type(error).__name__} {path}")
        latencies.append(time.perf_counter() - started)


async def run_clients(root: str, clients: int, seconds: float) -> tuple[list, list, float]:
    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=10) as http:
        begun = time.monotonic()
        await asyncio.gather(*[
            client(http, root, begun + seconds, random.Random(n), latencies, errors)
            for n in range(clients)])
        elapsed = time.monotonic() - begun
    return latencies, errors, elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--database-url")
    parser.add_argument("--semantic", action="store_true",
                        help="with the sentence model (default: keywords only)")
    args = parser.parse_args()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder = tempfile.mkdtemp(prefix="wegwijzer-load-")
    environment = {**os.environ,
                   "DATABASE_URL": args.database_url or f"sqlite:///{folder}/load.db",
                   "SEMANTIC_MATCHING": "true" if args.semantic else "false"}
    root = f"http://127.0.0.1:{port}"
    with subprocess.Popen([sys.executable, "-m", "uvicorn", "app.main:app", "--port",
                           str(port), "--workers", str(args.workers), "--no-access-log",
                           "--log-level", "warning"], cwd=PROJECT, env=environment) as server:
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    urllib.request.urlopen(f"{root}/healthz", timeout=2)
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        sys.exit("the server did not start")
                    time.sleep(0.2)
            latencies, errors, elapsed = asyncio.run(
                run_clients(root, args.clients, args.seconds))
        finally:
            server.terminate()
            server.wait(timeout=30)
    ordered = sorted(latencies)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    database = "PostgreSQL" if args.database_url else "SQLite"
    print(f"{args.clients} clients, {elapsed:.0f} s, {args.workers} worker(s), {database}, "
          + ("keywords and meaning" if args.semantic else "keywords only"))
    print(f"  {len(latencies):,} requests, {len(latencies) / elapsed:.0f} req/s, "
          f"p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {at(0.95):.0f} ms, "
          f"p99 {at(0.99):.0f} ms, errors {len(errors)}")
    for line in sorted(set(errors))[:10]:
        print(f"  error: {line}")


if __name__ == "__main__":
    main()
