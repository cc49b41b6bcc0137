"""The read model: everything the pages and the API show, read from the database at once.

A Catalog is immutable; a process swaps in a new one when the stored data version
changes, so a request always sees one consistent version.
"""

import logging
import threading
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, text
from sqlmodel import Session, select

from app.models import tables as t

log = logging.getLogger("wegwijzer")


@dataclass(frozen=True)
class Place:
    postcode: str
    place: str
    province: str
    latitude: float
    longitude: float


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
    domains: dict[str, t.Domain]
    roles: dict[str, t.Role]
    referrers: dict[str, t.Referrer]
    cells: dict[tuple[str, str], tuple[t.Referrer, ...]]
    providers: dict[str, ProviderEntry]
    target_groups: dict[str, t.TargetGroup]
    places: dict[str, Place]
    professional_roles: dict[str, t.ProfessionalRole]
    signals: dict[str, t.Signal]
    signal_domains: dict[str, tuple[str, ...]]
    crisis_lines: dict[str, t.CrisisLine]
    advice: tuple[t.Advice, ...]
    situations: dict[str, t.Situation]
    situation_domains: dict[str, tuple[str, ...]]
    calm_examples: tuple[str, ...] = ()


def read_catalog(engine: Engine) -> Catalog:
    with Session(engine) as session:
        version = session.get(t.DataVersion, 1)
        if version is None:
            raise LookupError("no data has been loaded into the database")

        def ordered(table):
            return {row.id: row for row in session.exec(select(table).order_by(table.position))}

        def grouped(rows, key, value):
            groups: dict = {}
            for row in rows:
                groups.setdefault(key(row), []).append(value(row))
            return groups

        domains, roles, referrers = ordered(t.Domain), ordered(t.Role), ordered(t.Referrer)
        cell_rows = grouped(
            session.exec(select(t.ReferrerCell).order_by(t.ReferrerCell.position)),
            lambda c: (c.domain_id, c.role_id), lambda c: referrers[c.referrer_id],
        )
        cells = {
            (domain, role): tuple(cell_rows.get((domain, role), []))
            for domain in domains for role in roles
        }
        provider_domains = grouped(session.exec(select(t.ProviderDomain)),
                                   lambda r: r.provider_id, lambda r: r.domain_id)
        locations = grouped(session.exec(select(t.Location).order_by(t.Location.position)),
                            lambda r: r.provider_id, _location)
        schedules = grouped(session.exec(select(t.Schedule).order_by(t.Schedule.id)),
                            lambda r: r.provider_id,
                            lambda r: OpeningHours(r.weekday, r.opens, r.closes))
        domain_order = {domain_id: index for index, domain_id in enumerate(domains)}
        providers = {
            row.id: _provider(row,
                              sorted(provider_domains.get(row.id, []), key=domain_order.get),
                              locations.get(row.id, []), schedules.get(row.id, []))
            for row in session.exec(select(t.Provider).order_by(t.Provider.position))
        }
        places = {
            row.postcode: Place(row.postcode, row.place, row.province, row.latitude, row.longitude)
            for row in session.exec(select(t.Postcode))
        }
        # In the order of the data file: the first domain is the main one.
        signal_domains = grouped(
            session.exec(select(t.SignalDomain).order_by(t.SignalDomain.position)),
            lambda r: r.signal_id, lambda r: r.domain_id)
        situation_domains = grouped(
            session.exec(select(t.SituationDomain).order_by(t.SituationDomain.position)),
            lambda r: r.situation_id, lambda r: r.domain_id)
        return Catalog(
            version=version.version,
            domains=domains,
            roles=roles,
            referrers=referrers,
            cells=cells,
            providers=providers,
            target_groups=ordered(t.TargetGroup),
            places=places,
            professional_roles=ordered(t.ProfessionalRole),
            signals=ordered(t.Signal),
            signal_domains={k: tuple(v) for k, v in signal_domains.items()},
            crisis_lines=ordered(t.CrisisLine),
            advice=tuple(session.exec(select(t.Advice).order_by(t.Advice.position))),
            situations=ordered(t.Situation),
            situation_domains={k: tuple(v) for k, v in situation_domains.items()},
            calm_examples=tuple(row.text for row in
                                session.exec(select(t.CalmExample).order_by(t.CalmExample.id))),
        )


def _location(row: t.Location) -> ProviderLocation:
    return ProviderLocation(row.name, row.address, row.postcode, row.city,
                            row.latitude, row.longitude)


def _provider(row: t.Provider, domains, locations, schedule) -> ProviderEntry:
    area = row.service_area
    ranges = tuple(
        (int(first), int(last))
        for first, _, last in (text.partition("-") for text in area.get("postcode_ranges", []))
    )
    return ProviderEntry(
        id=row.id, name=row.name, kind=row.kind, formal=row.formal,
        independent=row.independent, free=row.free, names_danger=row.names_danger,
        description=row.description,
        domains=tuple(domains), target_groups=tuple(row.target_groups),
        languages=tuple(row.languages), financing=tuple(row.financing),
        phone=row.phone, email=row.email, website=row.website, whatsapp=row.whatsapp,
        home_visits=row.home_visits, schedule=tuple(schedule),
        schedule_note=row.schedule_note, locations=tuple(locations),
        national=area.get("national", False), provinces=frozenset(area.get("provinces", [])),
        places=frozenset(area.get("places", [])), postcode_ranges=ranges,
        last_verified=row.assured_date, source=row.source,
        fallback_phone=row.fallback_phone, municipality=row.municipality,
    )


# The version check may take this long; a database that does not answer by then is
# "unavailable", and the catalog in memory keeps serving.
VERSION_CHECK_TIMEOUT_MS = 2000
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
        self._prepare(self._catalog)
        self.database_ok = initial is None
        self._stop = threading.Event()
        self._watcher = threading.Thread(target=self._watch, name="catalog-refresh",
                                         daemon=True)
        self._watcher.start()

    def current(self) -> Catalog:
        return self._catalog

    def close(self) -> None:
        self._stop.set()

    def _watch(self) -> None:
        while not self._stop.wait(self._check_seconds):
            try:
                self.refresh()
                self.database_ok = True
            except Exception:  # noqa: BLE001 (any failure: keep serving what we have)
                if self.database_ok:
                    log.exception("the database did not answer; the data in memory serves")
                self.database_ok = False

    def refresh(self) -> Catalog:
        with self._lock:
            with Session(self._engine) as session:
                if self._engine.dialect.name == "postgresql":
                    session.execute(text(
                        f"SET LOCAL statement_timeout = {VERSION_CHECK_TIMEOUT_MS}"))
                row = session.get(t.DataVersion, 1)
            if row is not None and row.version != self._catalog.version:
                catalog = read_catalog(self._engine)
                self._prepare(catalog)
                self._catalog = catalog
        return self._catalog
