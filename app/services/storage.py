"""Data versions in the database: each one a single row holding the validated document.

A reader gets a whole version in one read, never a mix of two. Storing a version is one
transaction under the data lock, so invalid or half-written data never replaces valid
data, and processes that start together store it once.
"""

import datetime as dt

from sqlalchemy import Connection, Engine, delete, select, text

from app.db import data_lock
from app.models.data_files import DataSnapshot
from app.models.tables import StoredSnapshot
from app.services.bulk import collector_paused

# The newest versions stay in the database; older ones are removed when one is stored.
KEPT_VERSIONS = 3


def stored_version(engine: Engine, timeout_ms: int | None = None) -> str | None:
    """The version in use, or None when nothing is stored. `timeout_ms`: on PostgreSQL,
    give up (OperationalError) when the database does not answer within it."""
    with engine.begin() as connection:
        _statement_timeout(connection, timeout_ms)
        return _newest_version(connection)


def read_snapshot(engine: Engine, timeout_ms: int | None = None) -> DataSnapshot:
    with engine.begin() as connection:
        _statement_timeout(connection, timeout_ms)
        document = connection.execute(
            select(StoredSnapshot.document).order_by(StoredSnapshot.id.desc()).limit(1)
        ).scalar()
    if document is None:
        raise LookupError("no data has been loaded into the database")
    with collector_paused():
        return DataSnapshot.model_validate_json(document)


def store_data(engine: Engine, data: DataSnapshot) -> bool:
    """Store this version as the one in use; False when it already is."""
    # Written out before the lock is taken: other processes wait on it meanwhile.
    document = data.model_dump_json()
    with data_lock(engine) as connection:
        if _newest_version(connection) == data.version:
            return False
        connection.execute(StoredSnapshot.__table__.insert().values(
            version=data.version, loaded_at=dt.datetime.now(dt.UTC), document=document))
        kept = select(StoredSnapshot.id).order_by(StoredSnapshot.id.desc()).limit(KEPT_VERSIONS)
        connection.execute(delete(StoredSnapshot).where(
            StoredSnapshot.id.not_in(kept.scalar_subquery())))
    return True


def _newest_version(connection: Connection) -> str | None:
    return connection.execute(
        select(StoredSnapshot.version).order_by(StoredSnapshot.id.desc()).limit(1)
    ).scalar()


def _statement_timeout(connection: Connection, timeout_ms: int | None) -> None:
    if timeout_ms is not None and connection.dialect.name == "postgresql":
        connection.execute(text(f"SET LOCAL statement_timeout = {int(timeout_ms)}"))
