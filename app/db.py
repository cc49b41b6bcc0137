from sqlalchemy import Engine, event, inspect, text
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlmodel import SQLModel, create_engine

from app.models import tables  # noqa: F401  (registers the tables on SQLModel.metadata)

CONNECT_TIMEOUT_SECONDS = 2


def make_engine(database_url: str) -> Engine:
    if database_url.startswith("sqlite"):
        engine = create_engine(database_url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # A database that does not answer within seconds is treated as down, not waited for.
    return create_engine(database_url, pool_pre_ping=True,
                         connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS})


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


# The lock that processes starting together take to create the tables and store the data
# (PostgreSQL advisory lock; one process does it, the others find it done).
DATA_LOCK = 4711


def create_tables(engine: Engine) -> None:
    """Create the tables. The database holds a copy of the data files, so when a table's
    columns differ from the code (a newer version), all tables are made anew and the
    data files are loaded again. Safe when several processes start at once: on
    PostgreSQL they take turns, and a table another one made meanwhile is left alone."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text(f"SELECT pg_advisory_xact_lock({DATA_LOCK})"))
        existing = inspect(connection)
        for table in SQLModel.metadata.sorted_tables:
            if not existing.has_table(table.name):
                continue
            columns = {column["name"] for column in existing.get_columns(table.name)}
            if columns != {column.name for column in table.columns}:
                SQLModel.metadata.drop_all(connection)
                break
        for table in SQLModel.metadata.sorted_tables:
            connection.execute(CreateTable(table, if_not_exists=True))
            for index in table.indexes:
                connection.execute(CreateIndex(index, if_not_exists=True))
