"""Response schemas of the JSON API (DESIGN.md section 6)."""

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field


class Health(BaseModel):
    status: str
    data_version: str
    # "hybrid": keywords and the sentence model; "keywords-only": the model is off or
    # could not load.
    matching: Literal["hybrid", "keywords-only"]
    # "unavailable": the last look for new data did not reach the database; the data in
    # memory (data_version) keeps serving.
    database: Literal["ok", "unavailable"]


class DomainOut(BaseModel):
    id: str
    name: str
    summary: str
    # role id -> names of the referrers in that cell of the wegwijzer table
    cells: dict[str, list[str]]


class ProviderSummary(BaseModel):
    id: str
    name: str
    distance_km: float | None
    domains: list[str]
    # The number to call. phone_is_fallback: it is the general number of the provider's
    # municipality (named in `municipality`): ask there for the provider.
    phone: str | None
    phone_is_fallback: bool
    municipality: str | None
    website: str | None
    kind: str
    free: bool
    independent: bool
    # local: nearby or in its service area; regional: serves the province; national
    reach: str | None
    last_verified: dt.date | None
    possibly_outdated: bool


class OpeningHoursOut(BaseModel):
    weekday: str
    opens: str
    closes: str


class LocationOut(BaseModel):
    name: str | None
    address: str | None
    postcode: str
    city: str
    latitude: float
    longitude: float


class ServiceAreaOut(BaseModel):
    national: bool
    provinces: list[str]
    places: list[str]
    postcode_ranges: list[str]


class ProviderDetail(ProviderSummary):
    description: str
    formal: bool
    financing: list[str]
    target_groups: list[str]
    languages: list[str]
    email: str | None
    whatsapp: str | None
    home_visits: bool | None
    # Its name alone tells of danger: never print it on what a client takes home.
    names_danger: bool
    schedule: list[OpeningHoursOut]
    schedule_note: str | None
    locations: list[LocationOut]
    service_area: ServiceAreaOut
    # The public page its contact details were checked against, if any.
    source: str | None


class CrisisContact(BaseModel):
    name: str
    phone: str
    url: str | None
    when: str


class AcuteOut(BaseModel):
    message: str
    contacts: list[CrisisContact]


class ScoredDomain(BaseModel):
    id: str
    name: str
    score: float


class MatchedOn(BaseModel):
    # "words": a keyword of the situation was in the question (text: the keyword);
    # "example": the question means the same as an example question (text: the example);
    # "title": it is close to the situation's title and explanation.
    kind: Literal["words", "example", "title"]
    text: str


class ScoredSituation(BaseModel):
    id: str
    title: str
    explanation: str
    domains: list[str]
    score: float
    matched_on: MatchedOn | None


class PossibleDangerOut(BaseModel):
    """The question may be about danger, but not surely: ask, and give the lines."""

    contacts: list[CrisisContact]


class MatchedProvider(ProviderSummary):
    score: float


class MatchOut(BaseModel):
    query: str
    lang: str
    acute: AcuteOut | None
    possible_danger: PossibleDangerOut | None
    domains: list[ScoredDomain]
    situations: list[ScoredSituation]
    providers: list[MatchedProvider]


class SignalOut(BaseModel):
    id: str
    text: str
    domains: list[str]
    acute: bool


class RedFlagsOut(BaseModel):
    role: str
    signals: list[SignalOut]


class SignalCheckIn(BaseModel):
    role: str = Field(max_length=40)
    signals: list[str] = Field(default=[], max_length=50)
    postcode: str | None = Field(default=None, max_length=20)
    lang: str | None = Field(default=None, max_length=20)


class SignalCheckOut(BaseModel):
    advice: str  # none | inform | refer | acute
    title: str
    message: str
    steps: list[str]
    # What to do so that the client's handout is safe to take home (after danger).
    handout_steps: list[str]
    domains: list[str]
    providers: list[MatchedProvider]
    acute: AcuteOut | None
    # The neutral page for the client (path and query), for a QR code on a handout: only
    # subjects, postcode and language, never the signals.
    client_page: str


class Problem(BaseModel):
    """What a 404, 413 or 422 answer says: in words, what is wrong with the request."""

    detail: str


PROBLEMS = {
    404: {"model": Problem, "description": "Not found"},
    422: {"model": Problem, "description": "The request is not valid; detail says why"},
}
