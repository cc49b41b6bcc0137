"""The read model: everything the pages and the API show, built from one data version.

A Catalog is immutable; a process swaps in a new one when the stored data version
changes, so a request always sees one consistent version.
"""

import gc
import logging
import threading
import time
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from app.models.data_files import (
    AdviceRecord,
    CrisisLineRecord,
    DataSnapshot,
    DomainRecord,
    MunicipalityRecord,
    Place,
    ProfessionalRoleRecord,
    ProviderRecord,
    ReferrerRecord,
    RoleRecord,
    SignalRecord,
    SituationRecord,
    TargetGroupRecord,
)
from app.services.bulk import collector_paused
from app.services.storage import read_snapshot, stored_version

log = logging.getLogger("wegwijzer")

__all__ = ["Catalog", "CatalogStore", "Place", "ProviderEntry", "build_catalog"]


@dataclass(frozen=True)
class ProviderLocation:
    name: str | None
    address: str | None
    postcode: str
    city: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class OpeningHours:
    weekday: str
    opens: str
    closes: str


@dataclass(frozen=True)
class ProviderEntry:
    id: str
    name: str
    kind: str
    formal: bool
    independent: bool
    free: bool
    names_danger: bool
    description: dict
    domains: tuple[str, ...]
    target_groups: tuple[str, ...]
    languages: tuple[str, ...]
    financing: tuple[str, ...]
    phone: str | None
    email: str | None
    website: str | None
    whatsapp: str | None
    home_visits: bool | None
    schedule: tuple[OpeningHours, ...]
    schedule_note: dict | None
    locations: tuple[ProviderLocation, ...]
    national: bool
    provinces: frozenset[str]
    places: frozenset[str]
    postcode_ranges: tuple[tuple[int, int], ...]
    last_verified: date | None
    source: str | None = None  # the public page its contact details were checked against
    # No number of its own: call its municipality's general number and ask for it.
    fallback_phone: str | None = None
    municipality: str | None = None

    @property
    def phone_to_call(self) -> str | None:
        return self.phone or self.fallback_phone

    @property
    def phone_is_fallback(self) -> bool:
        return not self.phone and bool(self.fallback_phone)

    @property
    def reachable(self) -> bool:
        """Whether the directory says how to get in touch: a number, an address online,
        or a visit at home."""
        return bool(self.phone or self.fallback_phone or self.whatsapp or self.email
                    or self.website or self.home_visits)


# eq=False: a Catalog is hashed by identity, so indexes can be cached per version.
@dataclass(frozen=True, eq=False)
class Catalog:
    version: str
    domains: dict[str, DomainRecord]
    roles: dict[str, RoleRecord]
    referrers: dict[str, ReferrerRecord]
    cells: dict[tuple[str, str], tuple[ReferrerRecord, ...]]
    providers: dict[str, ProviderEntry]
    target_groups: dict[str, TargetGroupRecord]
    places: dict[str, Place]
    professional_roles: dict[str, ProfessionalRoleRecord]
    signals: dict[str, SignalRecord]
    crisis_lines: dict[str, CrisisLineRecord]
    advice: tuple[AdviceRecord, ...]
    situations: dict[str, SituationRecord]
    # Questions as residents put them, per situation and language (data/examples.yaml).
    situation_examples: dict[str, dict[str, list[str]]]
    calm_examples: tuple[str, ...] = ()


def build_catalog(data: DataSnapshot) -> Catalog:
    with collector_paused():
        return _build_catalog(data)


def _build_catalog(data: DataSnapshot) -> Catalog:
    wegwijzers, red_flags = data.wegwijzers, data.red_flags
    by_id = {referrer.id: referrer for referrer in wegwijzers.referrers}
    cells = {(domain.id, role.id): () for domain in wegwijzers.domains
             for role in wegwijzers.roles}
    for cell in wegwijzers.cells:
        cells[(cell.domain, cell.role)] = tuple(by_id[r] for r in cell.referrers)
    domain_order = {domain.id: index for index, domain in enumerate(wegwijzers.domains)}
    municipalities = data.providers.municipalities
    return Catalog(
        version=data.version,
        domains={domain.id: domain for domain in wegwijzers.domains},
        roles={role.id: role for role in wegwijzers.roles},
        referrers=by_id,
        cells=cells,
        providers={
            record.id: _provider(record, data.postcodes, domain_order,
                                 None if record.phone else
                                 municipality_of(record, municipalities))
            for record in data.providers.providers
        },
        target_groups={group.id: group for group in data.providers.target_groups},
        places=data.postcodes,
        professional_roles={role.id: role for role in red_flags.roles},
        signals={signal.id: signal for signal in red_flags.signals},
        crisis_lines={line.id: line for line in red_flags.crisis_lines},
        advice=tuple(red_flags.advice),
        situations={situation.id: situation for situation in wegwijzers.situations},
        situation_examples=data.examples.situations,
        calm_examples=tuple(text for texts in data.examples.calm.values() for text in texts),
    )


def municipality_of(provider: ProviderRecord,
                    municipalities: list[MunicipalityRecord]) -> MunicipalityRecord | None:
    """The municipality a local provider works in, when all its places lie in one."""
    area = provider.service_area
    if area.national or area.provinces or area.postcode_ranges or not area.places:
        return None
    return next((m for m in municipalities if set(area.places) <= set(m.places)), None)


def _provider(record: ProviderRecord, postcodes: dict[str, Place],
              domain_order: dict[str, int],
              municipality: MunicipalityRecord | None) -> ProviderEntry:
    area = record.service_area
    ranges = tuple(
        (int(first), int(last))
        for first, _, last in (text.partition("-") for text in area.postcode_ranges)
    )
    locations = []
    for location in record.locations:
        # Without its own coordinates, an office is placed in the middle of its postcode.
        centre = postcodes[location.postcode[:4]]
        locations.append(ProviderLocation(
            location.name, location.address, location.postcode, location.city,
            location.latitude or centre.latitude, location.longitude or centre.longitude))
    return ProviderEntry(
        id=record.id, name=record.name, kind=record.kind, formal=record.formal,
        independent=record.independent, free=record.free, names_danger=record.names_danger,
        description=record.description,
        domains=tuple(sorted(record.domains, key=domain_order.get)),
        target_groups=tuple(record.target_groups),
        languages=tuple(record.languages), financing=tuple(record.financing),
        phone=record.phone, email=record.email,
        website=str(record.website) if record.website else None,
        whatsapp=record.whatsapp, home_visits=record.home_visits,
        schedule=tuple(OpeningHours(h.weekday, h.opens, h.closes) for h in record.schedule),
        schedule_note=record.schedule_note, locations=tuple(locations),
        national=area.national, provinces=frozenset(area.provinces),
        places=frozenset(area.places), postcode_ranges=ranges,
        last_verified=record.last_verified,
        source=str(record.source) if record.source else None,
        fallback_phone=municipality.phone if municipality else None,
        municipality=municipality.name if municipality else None,
    )


def read_catalog(engine: Engine, timeout_ms: int | None = None) -> Catalog:
    """The catalog of the newest stored data version, read in one statement."""
    return build_catalog(read_snapshot(engine, timeout_ms))


# The version check may take this long; a database that does not answer by then is
# "unavailable", and the catalog in memory keeps serving.
VERSION_CHECK_TIMEOUT_MS = 2000
# Reading a whole new version may take longer (100,000 providers); it happens in the
# background, while the catalog in memory serves.
READ_TIMEOUT_MS = 60_000
# At most this often, however small DATA_CHECK_SECONDS is.
MIN_CHECK_SECONDS = 0.05


class CatalogStore:
    """Hands out the current Catalog from memory: serving never waits on the database.
    A background thread asks the database for a new data version every `check_seconds`
    and swaps in the new catalog once its indexes are built."""

    def __init__(self, engine: Engine, check_seconds: float, prepare=None,
                 initial: Catalog | None = None):
        """`initial`: a catalog to serve while the database cannot be reached (from the
        data files); the stored data replaces it once the database answers."""
        self._engine = engine
        self._check_seconds = max(check_seconds, MIN_CHECK_SECONDS)
        self._lock = threading.Lock()
        # Builds the search indexes of a new catalog before requests see it.
        self._prepare = prepare or (lambda catalog: None)
        self._catalog = initial if initial is not None else read_catalog(engine)
        _settle()
        self._prepare(self._catalog)
        self._answered = initial is None
        # When the version check now waiting on the database began (None: none waits).
        # A database that hangs holds the check; statement timeouts do not help when the
        # network itself hangs, so the wait is what tells that it is unavailable.
        self._asked_at: float | None = None
        self._stop = threading.Event()
        self._watcher = threading.Thread(target=self._watch, name="catalog-refresh",
                                         daemon=True)
        self._watcher.start()

    def current(self) -> Catalog:
        return self._catalog

    @property
    def database_ok(self) -> bool:
        asked_at = self._asked_at
        waiting = (asked_at is not None
                   and time.monotonic() - asked_at > VERSION_CHECK_TIMEOUT_MS / 1000)
        return self._answered and not waiting

    def close(self) -> None:
        self._stop.set()
        # A check that hangs on the database is not waited for: the thread is a daemon.
        self._watcher.join(timeout=1)
        gc.unfreeze()

    def _watch(self) -> None:
        while not self._stop.wait(self._check_seconds):
            try:
                self.refresh()
                self._answered = True
            except Exception:  # noqa: BLE001 (any failure: keep serving what we have)
                if self._answered:
                    log.exception("the database did not answer; the data in memory serves")
                self._answered = False

    def refresh(self) -> Catalog:
        with self._lock:
            self._asked_at = time.monotonic()
            try:
                version = stored_version(self._engine, VERSION_CHECK_TIMEOUT_MS)
            finally:
                self._asked_at = None
            if version is not None and version != self._catalog.version:
                catalog = read_catalog(self._engine, READ_TIMEOUT_MS)
                _settle()
                self._prepare(catalog)
                self._catalog = catalog
        return self._catalog


def _settle() -> None:
    """Tell the cycle collector that what exists now lives long: a catalog of 100,000
    providers is close to a million objects, and the collector would otherwise walk
    through all of them again and again (2.6 s while the first indexes were built). A
    catalog has no cycles, so an old one is still freed when it is replaced; garbage is
    collected first, so that none of it is kept; close() hands everything back."""
    gc.collect()
    gc.freeze()
