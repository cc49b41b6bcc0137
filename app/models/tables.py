"""Database tables. Texts in several languages are JSON objects {"nl": ..., "en": ...}.

Names follow Open Referral HSDS 3.0 where one fits (organization, location, schedule,
service_area, assured_date), so HSDS export and import stay a mapping.
"""

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, String
from sqlmodel import Field, SQLModel


def _json(nullable: bool = False) -> Any:
    return Field(sa_column=Column(JSON, nullable=nullable))


def _ref(target: str) -> Any:
    return Field(
        sa_column=Column(String, ForeignKey(target, ondelete="CASCADE"), primary_key=True)
    )


class DataVersion(SQLModel, table=True):
    __tablename__ = "data_version"
    id: int = Field(default=1, primary_key=True)
    version: str
    loaded_at: dt.datetime


class Domain(SQLModel, table=True):
    id: str = Field(primary_key=True)
    position: int
    official_name: str
    pictogram: str
    name: dict = _json()
    summary: dict = _json()


class Role(SQLModel, table=True):
    id: str = Field(primary_key=True)
    position: int
    name: dict = _json()
    description: dict = _json()


class Referrer(SQLModel, table=True):
    id: str = Field(primary_key=True)
    position: int
    name: dict = _json()


class ReferrerCell(SQLModel, table=True):
    __tablename__ = "referrer_cell"
    referrer_id: str = _ref("referrer.id")
    domain_id: str = _ref("domain.id")
    role_id: str = _ref("role.id")
    position: int


class Situation(SQLModel, table=True):
    id: str = Field(primary_key=True)
    position: int
    urgency: str
    title: dict = _json()
    explanation: dict = _json()
    keywords: dict = _json()
    examples: dict = _json()
    crisis_lines: list = _json()
    target_groups: list = _json()
    services: list = _json()


class CalmExample(SQLModel, table=True):
    __tablename__ = "calm_example"
    id: int = Field(primary_key=True)
    language: str
    text: str


class SituationDomain(SQLModel, table=True):
    __tablename__ = "situation_domain"
    situation_id: str = _ref("situation.id")
    domain_id: str = _ref("domain.id")
    position: int  # the first domain is the main one


class ProfessionalRole(SQLModel, table=True):
    __tablename__ = "professional_role"
    id: str = Field(primary_key=True)
    position: int
    name: dict = _json()
    description: dict | None = _json(nullable=True)


class Signal(SQLModel, table=True):
    id: str = Field(primary_key=True)
    position: int
    weight: int
    acute: bool
    vulnerability: bool
    roles: list = _json()
    text: dict = _json()
    sources: list = _json()


class SignalDomain(SQLModel, table=True):
    __tablename__ = "signal_domain"
    signal_id: str = _ref("signal.id")
    domain_id: str = _ref("domain.id")
    position: int


class CrisisLine(SQLModel, table=True):
    __tablename__ = "crisis_line"
    id: str = Field(primary_key=True)
    position: int
    phone: str
    url: str | None = None
    name: dict = _json()
    when: dict = _json()
    on_paper: dict = _json()


class Advice(SQLModel, table=True):
    level: str = Field(primary_key=True)
    position: int
    rules: list = _json()
    title: dict = _json()
    message: dict = _json()
    steps: list = _json()
    handout_steps: list = _json()


class TargetGroup(SQLModel, table=True):
    __tablename__ = "target_group"
    id: str = Field(primary_key=True)
    position: int
    name: dict = _json()


class Provider(SQLModel, table=True):
    id: str = Field(primary_key=True)
    position: int
    name: str
    kind: str
    formal: bool
    independent: bool
    free: bool
    names_danger: bool = False
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    whatsapp: str | None = None
    home_visits: bool | None = None
    assured_date: dt.date | None = None  # HSDS name of last_verified
    source: str | None = None
    # Without a number of its own: its municipality's general number, and the municipality.
    fallback_phone: str | None = None
    municipality: str | None = None
    financing: list = _json()
    target_groups: list = _json()
    languages: list = _json()
    description: dict = _json()
    schedule_note: dict | None = _json(nullable=True)
    service_area: dict = _json()


class ProviderDomain(SQLModel, table=True):
    __tablename__ = "provider_domain"
    provider_id: str = _ref("provider.id")
    domain_id: str = _ref("domain.id")


class Location(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    provider_id: str = Field(foreign_key="provider.id", ondelete="CASCADE", index=True)
    position: int
    name: str | None = None
    address: str | None = None
    postcode: str
    city: str
    latitude: float
    longitude: float


class Schedule(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    provider_id: str = Field(foreign_key="provider.id", ondelete="CASCADE", index=True)
    weekday: str
    opens: str
    closes: str


class Postcode(SQLModel, table=True):
    postcode: str = Field(primary_key=True, max_length=4)
    place: str
    province: str
    latitude: float
    longitude: float


# Children before parents: the order in which a reload empties the tables.
DATA_TABLES = [
    ReferrerCell, SituationDomain, SignalDomain, ProviderDomain, Location, Schedule,
    Referrer, Situation, Signal, Provider, Domain, Role, ProfessionalRole, CrisisLine,
    Advice, TargetGroup, Postcode, CalmExample,
]
