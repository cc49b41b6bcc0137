"""Every test builds its own app on its own database: SQLite always, and PostgreSQL too
when TEST_DATABASE_URL is set (as .ci/run does)."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import SQLModel

from app.config import PROJECT_DIR, Settings
from app.db import make_engine
from app.main import create_app
from tests.pages import PageClient

DATA_DIR = PROJECT_DIR / "data"
BACKENDS = ["sqlite", "postgresql"]


def database_url(backend: str, folder: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / 'test.db'}"
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    engine = make_engine(Settings(database_url=url).database_url)
    SQLModel.metadata.drop_all(engine)
    engine.dispose()
    return url


def make_settings(url: str, data_dir: Path = DATA_DIR, **overrides) -> Settings:
    return Settings(database_url=url, data_dir=data_dir, **overrides)


@pytest.fixture(params=BACKENDS, scope="module")
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def client(backend, tmp_path_factory) -> Iterator[PageClient]:
    """An app on the real data files, shared by the read-only tests of one module."""
    url = database_url(backend, tmp_path_factory.mktemp("db"))
    with TestClient(create_app(make_settings(url))) as test_client:
        yield PageClient(test_client)


@pytest.fixture
def fresh_url(backend, tmp_path) -> str:
    """A database of its own, for tests that change data."""
    return database_url(backend, tmp_path)


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
