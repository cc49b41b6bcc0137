"""The test harness itself: databases that are really fresh, and HTML that is always
checked."""

import re
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import inspect

from app.db import make_engine

TESTS = Path(__file__).parent


def test_every_test_gets_html_through_the_page_checker():
    """Only conftest builds a TestClient; it hands out the checking PageClient."""
    builders = [path.name for path in TESTS.glob("test_*.py")
                if re.search(r"\bTestClient\(", path.read_text())]
    assert builders == []


def test_postgres_tests_get_new_databases_of_their_own(postgres_databases):
    if postgres_databases is None:
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    first, second = postgres_databases.create(), postgres_databases.create()
    shared = postgres_databases.server.database
    names = {url.rsplit("/", 1)[1] for url in (first, second)}
    assert len(names) == 2 and shared not in names
    for url in (first, second):
        engine = make_engine(url)
        assert inspect(engine).get_table_names() == []
        engine.dispose()
        postgres_databases.drop(url)
    conninfo = postgres_databases.server.set(drivername="postgresql").render_as_string(
        hide_password=False)
    with psycopg.connect(conninfo) as connection:
        left = connection.execute("SELECT datname FROM pg_database WHERE datname = ANY(%s)",
                                  (list(names),)).fetchall()
    assert left == []


def test_every_setting_is_documented_in_the_readme():
    """Settings come from the environment; a setting nobody can find is not a setting."""
    from app.config import PROJECT_DIR, Settings

    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Settings (environment)"):]
    table = table[:table.index("\n## ", 1)]
    missing = [name.upper() for name in Settings.model_fields
               if f"`{name.upper()}`" not in table]
    assert missing == []
