"""Pydantic schemas of the files in data/. Cross-references are checked by the loader."""

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, HttpUrl, field_validator, model_validator

from app.models.fields import (
    LATITUDES,
    LONGITUDES,
    DomainId,
    DutchPostcode,
    EachOnce,
    Language,
    NonEmpty,
    RoleId,
    Slug,
    Strict,
    Translated,
)

# --- data/wegwijzers.yaml -------------------------------------------------------------


class DomainRecord(Strict):
    id: DomainId
    official_name: NonEmpty
    pictogram: NonEmpty
    name: Translated
    summary: Translated


class RoleRecord(Strict):
    id: RoleId
    name: Translated
    description: Translated


class ReferrerRecord(Strict):
    id: Slug
    name: Translated


class CellRecord(Strict):
    """One cell of the wegwijzer table: its referrers in the order of the seed table."""

    domain: DomainId
    role: RoleId
    referrers: list[Slug]

    @field_validator("referrers")
    @classmethod
    def each_referrer_once(cls, referrers: list[str]) -> list[str]:
        if len(set(referrers)) != len(referrers):
            raise ValueError("a referrer is listed twice in this cell")
        return referrers


# What a provider does (providers.yaml), and what kind of help fits a situation.
ProviderKind = Literal[
    "clientondersteuning",
    "sociaal-wijkteam",
    "welzijn",
    "maatschappelijk-werk",
    "juridisch-advies",
    "schuldhulp",
    "thuisadministratie",
    "luisterlijn",
    "slachtofferhulp",
    "crisislijn",
    "voedselbank",
    "mantelzorg",
    "vrijwilligers-en-maatjes",
    "vluchtelingen",
    "belangenbehartiging",
    "jeugd-en-gezin",
    "informatie",
]


class SituationRecord(Strict):
    id: Slug
    domains: Annotated[list[DomainId], Field(min_length=1), EachOnce]
    title: Translated
    explanation: Translated
    keywords: dict[Language, list[NonEmpty]] = {}
    urgency: Literal["normal", "acute"] = "normal"
    crisis_lines: Annotated[list[Slug], EachOnce] = []
    # Target groups (providers.yaml) this situation is about: their providers fit better.
    target_groups: Annotated[list[Slug], EachOnce] = []
    # Kinds of specific help that fit this situation: a food bank fits "no money for
    # food", not rent arrears. A provider of a specific kind (ranking.SPECIFIC_KINDS)
    # comes forward only for a situation that names its kind.
    services: Annotated[list[ProviderKind], EachOnce] = []

    @model_validator(mode="after")
    def acute_has_crisis_lines(self):
        if self.urgency == "acute" and not self.crisis_lines:
            raise ValueError("an acute situation needs crisis_lines")
        return self


class WegwijzersFile(Strict):
    domains: list[DomainRecord] = Field(min_length=1)
    roles: list[RoleRecord] = Field(min_length=1)
    referrers: list[ReferrerRecord]
    cells: list[CellRecord]
    situations: list[SituationRecord] = []


# --- data/examples.yaml ---------------------------------------------------------------


class ExamplesFile(Strict):
    """Questions as residents put them, per situation and language: the sentence model
    finds a situation by their meaning."""

    situations: dict[Slug, dict[Language, list[NonEmpty]]]
    # Calm sentences that sound like danger ("ik ben dood op"): a question that means the
    # same as one of these does not raise the alarm.
    calm: dict[Language, list[NonEmpty]] = {}


# --- data/red_flags.yaml --------------------------------------------------------------


class ProfessionalRoleRecord(Strict):
    id: Slug
    name: Translated
    description: Translated | None = None


class SignalRecord(Strict):
    id: Slug
    domains: Annotated[list[DomainId], Field(min_length=1), EachOnce]
    # Professional role ids, or ["all"].
    roles: Annotated[list[Slug], Field(min_length=1), EachOnce]
    weight: int = Field(ge=1, le=3)
    acute: bool = False
    # A sign that the person may not find their way alone (small network, language...).
    vulnerability: bool = False
    text: Translated
    sources: list[NonEmpty] = []


class CrisisLineRecord(Strict):
    id: Slug
    name: Translated
    phone: NonEmpty
    url: HttpUrl | None = None
    when: Translated
    # What the line is for in words that alarm no one else who reads the client's handout.
    on_paper: Translated


class AdviceRule(Strict):
    any_acute: bool = False
    any_vulnerability: bool = False
    min_signals: int = Field(default=0, ge=0)
    min_domains: int = Field(default=0, ge=0)


class AdviceRecord(Strict):
    level: Literal["none", "inform", "refer", "acute"]
    # The advice applies when any one of these rules holds; [] means always.
    when: list[AdviceRule] = []
    title: Translated
    message: Translated
    steps: list[Translated] = []
    # What the professional does so that the client's handout is safe to take home.
    handout_steps: list[Translated] = []


class RedFlagsFile(Strict):
    roles: list[ProfessionalRoleRecord] = Field(min_length=1)
    signals: list[SignalRecord] = Field(min_length=1)
    crisis_lines: list[CrisisLineRecord] = Field(min_length=1)
    advice: list[AdviceRecord] = Field(min_length=1)

    @field_validator("advice")
    @classmethod
    def levels_from_urgent_to_none(cls, advice: list[AdviceRecord]) -> list[AdviceRecord]:
        # The first level whose rules hold is the advice: the most urgent must come first,
        # and the last one must always hold, so that every check gets an answer.
        levels = [record.level for record in advice]
        if levels != ["acute", "refer", "inform", "none"]:
            raise ValueError("advice must list the levels acute, refer, inform, none in "
                             f"that order, not {', '.join(levels)}")
        if advice[-1].when:
            raise ValueError("the last advice level (none) must have no rules: when: []")
        return advice


# --- data/providers.yaml --------------------------------------------------------------

Financing = Literal[
    "wmo", "wlz", "jeugdwet", "zvw", "participatiewet", "overheid", "fondsen", "eigen"
]
Weekday = Literal["mo", "tu", "we", "th", "fr", "sa", "su"]
Time = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
PhoneNumber = Annotated[str, Field(pattern=r"^\+?[0-9][0-9 \-]{1,18}[0-9]$")]
Province = Literal[
    "Groningen", "Fryslân", "Drenthe", "Overijssel", "Flevoland", "Gelderland", "Utrecht",
    "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg",
]


class TargetGroupRecord(Strict):
    id: Slug
    name: Translated


class OpeningHours(Strict):
    weekday: Weekday
    opens: Time
    closes: Time

    @model_validator(mode="after")
    def closes_after_opening(self):
        if self.closes <= self.opens:
            raise ValueError(f"closes {self.closes} is not after opens {self.opens}")
        return self


class LocationRecord(Strict):
    name: NonEmpty | None = None
    address: NonEmpty | None = None
    postcode: DutchPostcode
    city: NonEmpty
    latitude: float | None = Field(default=None, ge=LATITUDES[0], le=LATITUDES[1])
    longitude: float | None = Field(default=None, ge=LONGITUDES[0], le=LONGITUDES[1])


class ServiceArea(Strict):
    national: bool = False
    provinces: list[Province] = []
    places: list[NonEmpty] = []
    postcode_ranges: list[NonEmpty] = []

    @field_validator("postcode_ranges")
    @classmethod
    def ranges_are_pc4(cls, ranges: list[str]) -> list[str]:
        for text in ranges:
            first, _, last = text.partition("-")
            if not (first.isdigit() and last.isdigit() and len(first) == len(last) == 4):
                raise ValueError(f"postcode range '{text}' must look like 7500-7548")
            if int(first) > int(last):
                raise ValueError(f"postcode range '{text}' ends before it starts")
        return ranges

    @model_validator(mode="after")
    def serves_somewhere(self):
        if not (self.national or self.provinces or self.places or self.postcode_ranges):
            raise ValueError("service_area needs national, provinces, places or postcode_ranges")
        return self


class ProviderRecord(Strict):
    id: Slug
    name: NonEmpty
    kind: ProviderKind
    formal: bool
    financing: Annotated[list[Financing], EachOnce] = []
    independent: bool
    free: bool
    # Its name alone tells what someone may be going through (violence, suicide, crime):
    # never on a client's handout nor on the page its QR code opens.
    names_danger: bool = False
    description: Translated
    domains: Annotated[list[DomainId], Field(min_length=1), EachOnce]
    target_groups: Annotated[list[Slug], Field(min_length=1), EachOnce]
    languages: Annotated[list[Annotated[str, Field(pattern=r"^[a-z]{2}$")]], EachOnce] = ["nl"]
    phone: PhoneNumber | None = None
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")] | None = None
    website: HttpUrl | None = None
    whatsapp: PhoneNumber | None = None
    home_visits: bool | None = None
    schedule: list[OpeningHours] = []
    schedule_note: Translated | None = None
    locations: list[LocationRecord] = []
    service_area: ServiceArea
    # The public page its contact details were checked against; last_verified: when they
    # were checked with the organisation itself.
    source: HttpUrl | None = None
    last_verified: dt.date | None


class MunicipalityRecord(Strict):
    """A municipality's general number (14 and its area code): called for a local provider
    whose own number is not known."""

    name: NonEmpty
    phone: PhoneNumber
    places: Annotated[list[NonEmpty], Field(min_length=1), EachOnce]  # as in postcodes.csv
    source: HttpUrl  # the public page that gives the number


class ProvidersFile(Strict):
    target_groups: list[TargetGroupRecord] = Field(min_length=1)
    municipalities: list[MunicipalityRecord] = []
    providers: list[ProviderRecord]


# --- data/postcodes.csv ---------------------------------------------------------------


class Place(Strict):
    """A 4-digit postcode area: where a resident is, and where a provider's office is."""

    postcode: str
    place: str
    province: Province
    latitude: float
    longitude: float


# --- one data version -----------------------------------------------------------------


class DataSnapshot(Strict):
    """Every data file of one version, validated and cross-checked: what the database
    stores as one document and what the catalog is built from."""

    version: str
    wegwijzers: WegwijzersFile
    red_flags: RedFlagsFile
    providers: ProvidersFile
    examples: ExamplesFile
    postcodes: dict[str, Place]
