from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, event, text
from sqlmodel import create_engine

CONNECT_TIMEOUT_SECONDS = 2
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def make_engine(database_url: str) -> Engine:
    if database_url.startswith("sqlite"):
        # A process waits up to 60 s for another's write lock (the first store of 100,000
        # providers takes a while), not SQLite's default 5 s.
        engine = create_engine(database_url,
                               connect_args={"check_same_thread": False, "timeout": 60})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # A database that does not answer within seconds is treated as down, not waited for;
    # a connection whose packets go unanswered (a network that drops them) is given up
    # on after 10 s instead of the system's minutes.
    return create_engine(database_url, pool_pre_ping=True, connect_args={
        "connect_timeout": CONNECT_TIMEOUT_SECONDS, "tcp_user_timeout": 10_000,
        "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5,
        "keepalives_count": 2})


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


# The PostgreSQL advisory lock that processes take to change the schema or store data.
DATA_LOCK = 4711


@contextmanager
def data_lock(engine: Engine) -> Iterator[Connection]:
    """A transaction that only one process at a time holds: processes that start
    together take turns to migrate the schema and store the data, and each finds done
    what another did before it."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text(f"SELECT pg_advisory_xact_lock({DATA_LOCK})"))
        elif engine.dialect.name == "sqlite":
            # SQLite's write lock, taken now rather than at the first write, so that a
            # second process waits before it reads what the first is about to change.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        yield connection


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (app/migrations), under the data lock."""
    with data_lock(engine) as connection:
        command.upgrade(alembic_config(connection), "head")
