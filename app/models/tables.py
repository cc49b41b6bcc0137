"""Database tables. The database holds each data version as one validated document, so a
reader always sees one whole version, and the schema is Alembic's (app/migrations)."""

import datetime as dt

from sqlalchemy import Column, DateTime, Text
from sqlmodel import Field, SQLModel


class StoredSnapshot(SQLModel, table=True):
    """One data version: the DataSnapshot as JSON, its version hash, and when it was
    stored. The newest row is the data in use."""

    __tablename__ = "data_snapshot"
    id: int | None = Field(default=None, primary_key=True)
    version: str = Field(max_length=64)
    loaded_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    document: str = Field(sa_column=Column(Text, nullable=False))
