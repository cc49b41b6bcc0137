"""Alembic runs this to migrate: inside the app on the connection that holds the data
lock (app.db.migrate), or from the alembic command line on DATABASE_URL."""

from alembic import context
from sqlmodel import SQLModel

from app.models import tables  # noqa: F401  (registers the tables on SQLModel.metadata)


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        # SQLite changes a table by copying it; Alembic's batch mode does that.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    from app.config import Settings
    from app.db import data_lock, make_engine

    engine = make_engine(Settings().database_url)
    with data_lock(engine) as locked:
        run(locked)
    engine.dispose()
