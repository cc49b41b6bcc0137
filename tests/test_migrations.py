"""The schema is Alembic's, and each data version is one stored document (issue 11)."""

import datetime as dt
import os
import subprocess
import sys
import threading

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from app.db import alembic_config, make_engine, migrate
from app.models.tables import StoredSnapshot
from app.services.catalog import read_catalog
from app.services.loading import read_data
from app.services.storage import KEPT_VERSIONS, store_data, stored_version
from tests.conftest import DATA_DIR, PROJECT_DIR, make_settings, serve

HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


def run_app_command(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=PROJECT_DIR,
                          env={**os.environ, "DATABASE_URL": url},
                          capture_output=True, text=True, timeout=120)


def test_migrate_builds_the_schema_of_the_code_on_a_fresh_database(fresh_url):
    for _ in range(2):  # the second time there is nothing to do
        done = run_app_command(fresh_url, "migrate")
        assert done.returncode == 0, done.stderr
        assert "up to date" in done.stdout
    engine = make_engine(fresh_url)
    with engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) == {"alembic_version",
                                                              "data_snapshot"}
        assert MigrationContext.configure(connection).get_current_revision() == HEAD
        # The migrations make exactly the tables the code declares.
        assert compare_metadata(MigrationContext.configure(connection),
                                SQLModel.metadata) == []
    engine.dispose()


def test_a_database_from_before_migrations_is_taken_over(fresh_url):
    """The old copy tables go; the data files are stored again, and the app serves."""
    engine = make_engine(fresh_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE data_version (id INTEGER PRIMARY KEY, "
                                "version VARCHAR NOT NULL)"))
        connection.execute(text("INSERT INTO data_version VALUES (1, 'old')"))
        connection.execute(text("CREATE TABLE provider (id VARCHAR PRIMARY KEY)"))
    engine.dispose()
    with serve(make_settings(fresh_url)) as client:
        assert client.get("/healthz").json()["data_version"] == read_data(DATA_DIR).version
        assert client.get("/api/v1/providers/luisterlijn").status_code == 200
        tables = set(inspect(client.app.state.engine).get_table_names())
    assert tables == {"alembic_version", "data_snapshot"}


def test_readers_see_one_whole_version_while_versions_are_stored(fresh_url):
    """The 17 tables of before let 7 of 126 reads see a mix of two versions; one row per
    version rules that out, and this keeps it so."""
    engine = make_engine(fresh_url)
    migrate(engine)
    first = read_data(DATA_DIR)
    providers = first.providers
    renamed = providers.model_copy(update={"providers": [
        provider.model_copy(update={"name": f"{provider.name} (b)"})
        for provider in providers.providers]})
    second = first.model_copy(update={"version": "b" * 12, "providers": renamed})
    store_data(engine, first)
    mixed, reads = [], 0
    done = threading.Event()

    def read_while_storing():
        nonlocal reads
        while not done.is_set():
            catalog = read_catalog(engine)
            names_b = {p.name.endswith(" (b)") for p in catalog.providers.values()}
            if names_b != {catalog.version == second.version}:
                mixed.append(catalog.version)
            reads += 1

    reader = threading.Thread(target=read_while_storing)
    reader.start()
    stores = 0
    while stores < 12 or reads < 10:
        store_data(engine, second if stores % 2 == 0 else first)
        stores += 1
    done.set()
    reader.join()
    engine.dispose()
    assert reads > 0 and mixed == []


def test_the_newest_versions_are_kept_and_the_newest_serves(fresh_url):
    engine = make_engine(fresh_url)
    migrate(engine)
    data = read_data(DATA_DIR)
    versions = [f"{n:012d}" for n in range(5)]
    for version in versions:
        assert store_data(engine, data.model_copy(update={"version": version}))
    assert not store_data(engine, data.model_copy(update={"version": versions[-1]}))
    with engine.connect() as connection:
        kept = connection.execute(
            text("SELECT version FROM data_snapshot ORDER BY id")).scalars().all()
    assert kept == versions[-KEPT_VERSIONS:]
    assert stored_version(engine) == read_catalog(engine).version == versions[-1]
    engine.dispose()


def test_a_stored_version_of_another_shape_is_replaced_or_served_around(fresh_url):
    """A code change that reads the data otherwise (a field more or less) must not find a
    stored version it cannot read: the version of the files covers their shape, so the
    files are stored again; and a process that does not load finds the files itself."""
    engine = make_engine(fresh_url)
    migrate(engine)
    with engine.begin() as connection:
        connection.execute(StoredSnapshot.__table__.insert().values(
            version="0ld0ld0ld0ld", loaded_at=dt.datetime.now(dt.UTC),
            document='{"version": "0ld0ld0ld0ld", "shape": "of another code"}'))
    engine.dispose()
    files = read_data(DATA_DIR).version
    assert files != "0ld0ld0ld0ld"
    with serve(make_settings(fresh_url, load_data_on_start=False)) as client:
        assert client.get("/healthz").json()["data_version"] == files
        assert client.get("/api/v1/providers/luisterlijn").status_code == 200
    with serve(make_settings(fresh_url)) as client:
        assert stored_version(client.app.state.engine) == files
        assert client.get("/healthz").json()["database"] == "ok"
