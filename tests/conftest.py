"""Every test builds its own app on its own database: SQLite always, and PostgreSQL too
when TEST_DATABASE_URL is set (as .ci/run does). On PostgreSQL each app gets a database
that this test session created under a unique name and drops again, so no test sees what
an earlier test or an earlier run left behind."""

import os
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from app.config import PROJECT_DIR, Settings
from app.main import create_app
from tests.pages import PageClient

DATA_DIR = PROJECT_DIR / "data"
BACKENDS = ["sqlite", "postgresql"]


class PostgresDatabases:
    """Creates databases with names unique to this test session, and drops them."""

    def __init__(self, server_url: str):
        self.server = make_url(server_url)
        self.prefix = f"wegwijzer_test_{os.getpid()}_{secrets.token_hex(4)}"
        self.created: list[str] = []

    def _admin(self) -> psycopg.Connection:
        conninfo = self.server.set(drivername="postgresql").render_as_string(
            hide_password=False)
        return psycopg.connect(conninfo, autocommit=True)

    def create(self) -> str:
        name = f"{self.prefix}_{len(self.created) + 1}"
        with self._admin() as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return self.server.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self._admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop_all(self) -> None:
        for name in self.created:
            self.drop(self.server.set(database=name).render_as_string(hide_password=False))


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[PostgresDatabases | None]:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield None
        return
    databases = PostgresDatabases(url)
    yield databases
    databases.drop_all()


@contextmanager
def new_database(backend: str, folder: Path,
                 postgres: PostgresDatabases | None) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'test.db'}"
        return
    if postgres is None:
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    url = postgres.create()
    try:
        yield url
    finally:
        postgres.drop(url)


def make_settings(url: str, data_dir: Path = DATA_DIR, **overrides) -> Settings:
    return Settings(database_url=url, data_dir=data_dir, **overrides)


@contextmanager
def serve(settings: Settings) -> Iterator[PageClient]:
    """The app in a test client whose every HTML answer is checked (tests/pages.py)."""
    with running(create_app(settings)) as page_client:
        yield page_client


@contextmanager
def running(app) -> Iterator[PageClient]:
    """An app made elsewhere, started (its data and catalog), in the checking client."""
    with TestClient(app) as test_client:
        yield PageClient(test_client)


@pytest.fixture(params=BACKENDS, scope="module")
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def client(backend, tmp_path_factory, postgres_databases) -> Iterator[PageClient]:
    """An app on the real data files, shared by the read-only tests of one module."""
    with new_database(backend, tmp_path_factory.mktemp("db"), postgres_databases) as url:
        with serve(make_settings(url)) as page_client:
            yield page_client


@pytest.fixture
def fresh_url(backend, tmp_path, postgres_databases) -> Iterator[str]:
    """A new, empty database of its own, for tests that change data."""
    with new_database(backend, tmp_path, postgres_databases) as url:
        yield url


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Iterator[str]:
    """The app served over HTTP on a free port, for the browser tests."""
    from app.local_server import serving

    folder = tmp_path_factory.mktemp("site")
    with serving(create_app(make_settings(f"sqlite:///{folder / 'site.db'}"))) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_ARGS, chromium_or_skip

    executable = chromium_or_skip()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def eventually(condition, seconds: float = 20.0) -> bool:
    """Whether `condition()` holds within `seconds`: for what another thread or process
    does in its own time (a background check, a worker that restarts)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()
