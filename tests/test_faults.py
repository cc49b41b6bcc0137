"""The service keeps answering when PostgreSQL hangs (issue 11). A loopback proxy stands
between the app and PostgreSQL and can blackhole it: bytes stop flowing both ways, and
new connections are accepted but never answered."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from app.local_server import serving
from app.main import create_app
from tests.blackhole import BlackholeProxy
from tests.conftest import PROJECT_DIR, eventually, make_settings

pytestmark = pytest.mark.faults

# What a resident, a professional and a monitor ask while the database hangs.
PATHS = [
    "/", "/zoek?q=ik+kan+mijn+huur+niet+betalen&postcode=2011", "/domein/financien",
    "/signalen/huisarts", "/api/v1/match?q=schulden&postcode=2011", "/api/v1/domains",
    "/static/css/site.css", "/healthz",
]
# Each must answer within this, however long the database hangs.
ANSWER_WITHIN_SECONDS = 2


@pytest.fixture
def proxied_url(postgres_databases) -> Iterator[tuple[str, BlackholeProxy]]:
    if postgres_databases is None:
        pytest.skip("TEST_DATABASE_URL is not set: the fault tests need PostgreSQL")
    url = postgres_databases.create()
    address = make_url(url)
    proxy = BlackholeProxy(address.host or "127.0.0.1", address.port or 5432)
    try:
        yield address.set(host="127.0.0.1", port=proxy.port).render_as_string(
            hide_password=False), proxy
    finally:
        proxy.close()
        postgres_databases.drop(url)


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=ANSWER_WITHIN_SECONDS) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def database_state(root: str) -> str:
    return json.loads(get(f"{root}/healthz")[1])["database"]


def every_path_answers(root: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for path in PATHS:
            status, _ = get(root + path)  # raises when it takes longer than 2 s
            assert status == 200, path


def test_pages_and_api_answer_while_the_database_hangs(proxied_url):
    url, proxy = proxied_url
    with serving(create_app(make_settings(url, data_check_seconds=0.2))) as root:
        assert database_state(root) == "ok"
        proxy.blackhole()
        try:
            every_path_answers(root, seconds=6)
            assert database_state(root) == "unavailable"
        finally:
            proxy.restore()
        assert eventually(lambda: database_state(root) == "ok")
        every_path_answers(root, seconds=1)


def test_a_process_started_while_the_database_hangs_serves(proxied_url):
    url, proxy = proxied_url
    with serving(create_app(make_settings(url, data_check_seconds=0.2))):
        pass  # the data is stored once
    proxy.blackhole()
    try:
        with serving(create_app(make_settings(url, data_check_seconds=0.2))) as root:
            assert database_state(root) == "unavailable"
            every_path_answers(root, seconds=2)
            proxy.restore()
            assert eventually(lambda: database_state(root) == "ok")
    finally:
        proxy.restore()


def test_a_worker_killed_while_the_database_hangs_is_replaced_and_all_serve(proxied_url):
    """uvicorn starts a new worker for one that dies; that worker starts during the
    outage, and must come up rather than stop the service (it did before)."""
    url, proxy = proxied_url
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    root = f"http://127.0.0.1:{port}"
    environment = {**os.environ, "DATABASE_URL": url, "DATA_CHECK_SECONDS": "0.2",
                   "SEMANTIC_MATCHING": "false"}
    with subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "app.main:app", "--workers", "2",
             "--port", str(port), "--log-level", "warning"],
            cwd=PROJECT_DIR, env=environment, stderr=subprocess.PIPE, text=True) as server:
        try:
            assert eventually(lambda: len(workers(server.pid)) == 2 and answers(root), 90)
            before = workers(server.pid)
            proxy.blackhole()
            os.kill(before[0], signal.SIGKILL)
            every_path_answers(root, seconds=3)
            assert eventually(lambda: len(set(workers(server.pid)) - set(before)) == 1)
            # The new worker has started (its start-up waits for the database up to 2 s)
            # and the service goes on serving, with both workers.
            every_path_answers(root, seconds=8)
            assert server.poll() is None and len(workers(server.pid)) == 2
            assert before[1] in workers(server.pid)
        finally:
            proxy.restore()
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


def workers(parent: int) -> list[int]:
    """The worker processes of a uvicorn parent, oldest first."""
    try:
        children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    except OSError:
        return []
    found = []
    for pid in map(int, children):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in command:
            found.append(pid)
    return found


def answers(root: str) -> bool:
    try:
        return get(f"{root}/healthz")[0] == 200
    except OSError:
        return False
