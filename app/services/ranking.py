"""Which providers serve a postcode, and which of them fit a question best.

A provider's score is its fit with the question's domains, times how it reaches the
resident (an office within the radius, decaying with distance; its service area; its
province; the whole country), times what makes it useful now (a phone number, fresh
data, independent client support first). The scores are computed with numpy over
arrays built once per data version, so a question stays fast with 100,000 providers.
"""

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from app.config import DEFAULT_RADIUS_KM
from app.services.catalog import Catalog, Place, ProviderEntry
from app.services.geo import NearbyProvider, distances_km, nearest_office_km
from app.services.providers import possibly_outdated

REACH_WEIGHT = {"local": 1.0, "regional": 0.75, "national": 0.6}
REACHES = tuple(REACH_WEIGHT)
REACH_FACTORS = np.array([REACH_WEIGHT[reach] for reach in REACHES])
# Within the radius, an office 14 km away counts for half of one next door.
DISTANCE_DECAY_KM = 20.0
OUTDATED_WEIGHT = 0.85
# A resident needs a way to reach someone now: without phone or WhatsApp, lower; with
# only the municipality's general number to ask for them, in between.
NO_PHONE_WEIGHT = 0.7
FALLBACK_PHONE_WEIGHT = 0.85
# Independent client support is what this service points to. Crisis lines are not
# ranked: they are shown apart, first, when a question signals danger.
KIND_WEIGHT = {"clientondersteuning": 1.0, "sociaal-wijkteam": 0.9, "crisislijn": 0.0}
OTHER_KIND_WEIGHT = 0.85
# Specific help fits only some situations: a food bank fits "no money for food", not rent
# arrears. A provider of such a kind counts for this share, unless a situation of the
# question names its kind (wegwijzers.yaml, services), and then for more than its domain.
SPECIFIC_KINDS = frozenset({
    "voedselbank", "schuldhulp", "thuisadministratie", "slachtofferhulp", "juridisch-advies",
    "mantelzorg", "vluchtelingen", "luisterlijn", "belangenbehartiging",
})
SPECIFIC_KIND_ELSEWHERE = 0.4
NAMED_SERVICE_WEIGHT = 1.25
# A provider for the question's target group (dementia, newcomers...) fits better; one
# for a special group the question gives no sign of fits a little worse.
GROUP_MATCH_WEIGHT = 1.15
SPECIAL_GROUP_WEIGHT = 0.95
# Grid cells of about 5.5 by 5 km for the offices.
CELL_LAT, CELL_LON = 0.05, 0.075


@dataclass(frozen=True)
class RankedProvider(NearbyProvider):
    score: float = 0.0


@dataclass
class RankingIndex:
    providers: list[ProviderEntry]
    domain_ids: list[str]
    group_ids: dict[str, int]
    kinds: np.ndarray           # per provider: its kind
    specific: np.ndarray        # per provider: of a kind in SPECIFIC_KINDS
    usefulness: np.ndarray      # per provider: kind x freshness x phone
    domains: np.ndarray         # providers x domains, 1.0 where the provider works
    domain_counts: np.ndarray
    groups: np.ndarray          # providers x target groups
    for_everyone: np.ndarray
    has_phone: np.ndarray
    reachable: np.ndarray       # per provider: the directory says how to get in touch
    names_danger: np.ndarray
    office_latitude: np.ndarray  # offices, sorted by grid cell
    office_longitude: np.ndarray
    office_provider: np.ndarray
    cells: dict[tuple[int, int], tuple[int, int]]  # cell -> slice of the office arrays
    by_place: dict[str, np.ndarray]
    by_province: dict[str, np.ndarray]
    national: np.ndarray
    ranges: tuple[np.ndarray, np.ndarray, np.ndarray]  # first, last, provider


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return int(latitude // CELL_LAT), int(longitude // CELL_LON)


@lru_cache(maxsize=4)
def ranking_index(catalog: Catalog) -> RankingIndex:
    providers = list(catalog.providers.values())
    domain_ids = list(catalog.domains)
    group_ids = {group: n for n, group in enumerate(catalog.target_groups)}
    count = len(providers)
    domains = np.zeros((count, len(domain_ids)), dtype=np.float32)
    groups = np.zeros((count, max(len(group_ids), 1)), dtype=bool)
    usefulness = np.empty(count, dtype=np.float32)
    offices, by_place, by_province, national, ranges = [], {}, {}, [], []
    for number, provider in enumerate(providers):
        for domain in provider.domains:
            domains[number, domain_ids.index(domain)] = 1.0
        for group in provider.target_groups:
            if group in group_ids:
                groups[number, group_ids[group]] = True
        usefulness[number] = (
            KIND_WEIGHT.get(provider.kind, OTHER_KIND_WEIGHT)
            * (OUTDATED_WEIGHT if possibly_outdated(provider) else 1.0)
            * (1.0 if provider.phone or provider.whatsapp
               else FALLBACK_PHONE_WEIGHT if provider.fallback_phone else NO_PHONE_WEIGHT)
        )
        offices += [(_cell(o.latitude, o.longitude), o.latitude, o.longitude, number)
                    for o in provider.locations]
        for place in provider.places:
            by_place.setdefault(place, []).append(number)
        for province in provider.provinces:
            by_province.setdefault(province, []).append(number)
        if provider.national:
            national.append(number)
        ranges += [(first, last, number) for first, last in provider.postcode_ranges]
    offices.sort()
    cells: dict[tuple[int, int], tuple[int, int]] = {}
    for position, (cell, *_rest) in enumerate(offices):
        start, _ = cells.get(cell, (position, position))
        cells[cell] = (start, position + 1)
    as_array = lambda values: np.array(values, dtype=np.int64)  # noqa: E731
    return RankingIndex(
        providers=providers,
        domain_ids=domain_ids,
        group_ids=group_ids,
        kinds=np.array([p.kind for p in providers], dtype=object),
        specific=np.array([p.kind in SPECIFIC_KINDS for p in providers], dtype=bool),
        usefulness=usefulness,
        domains=domains,
        domain_counts=np.maximum(domains.sum(axis=1), 1),
        groups=groups,
        for_everyone=np.array(["iedereen" in p.target_groups for p in providers], dtype=bool),
        has_phone=np.array([bool(p.phone_to_call) for p in providers], dtype=bool),
        reachable=np.array([p.reachable for p in providers], dtype=bool),
        names_danger=np.array([p.names_danger for p in providers], dtype=bool),
        office_latitude=np.array([o[1] for o in offices], dtype=np.float64),
        office_longitude=np.array([o[2] for o in offices], dtype=np.float64),
        office_provider=as_array([o[3] for o in offices]),
        cells=cells,
        by_place={place: as_array(numbers) for place, numbers in by_place.items()},
        by_province={name: as_array(numbers) for name, numbers in by_province.items()},
        national=as_array(national),
        ranges=tuple(as_array([r[i] for r in ranges]) for i in range(3)),
    )


def providers_near(
    catalog: Catalog,
    place: Place | None,
    *,
    domain: str | None = None,
    language: str | None = None,
    radius_km: float = DEFAULT_RADIUS_KM,
) -> list[NearbyProvider]:
    """Every provider that serves `place` and can be contacted: local ones (an office
    within the radius, or its service area) first, then regional, then national; nearest
    first within each. Without a place, all providers by name (for whoever keeps the
    directory, also those whose contact details are missing)."""

    def wanted(provider: ProviderEntry) -> bool:
        return (domain is None or domain in provider.domains) and (
            language is None or language in provider.languages
        )

    if place is None:
        everyone = [NearbyProvider(p, None, None) for p in catalog.providers.values() if wanted(p)]
        return sorted(everyone, key=lambda item: item.provider.name.casefold())
    index = ranking_index(catalog)
    numbers, reaches, distances = _candidates(index, place, radius_km)
    found: dict[int, NearbyProvider] = {}
    for position in np.lexsort((np.nan_to_num(distances, nan=np.inf), reaches)):
        number = int(numbers[position])
        provider = index.providers[number]
        if number in found or not wanted(provider) or not provider.reachable:
            continue
        distance = float(distances[position])
        found[number] = NearbyProvider(
            provider,
            nearest_office_km(provider, place) if math.isnan(distance) else distance,
            REACHES[int(reaches[position])],
        )
    return sorted(found.values(), key=lambda item: (
        REACHES.index(item.reach),
        item.distance_km if item.distance_km is not None else math.inf,
        item.provider.name.casefold(),
    ))


# Subjects come most weighty first; each next one counts a little less when ranking.
NEXT_SUBJECT_WEIGHT = 0.9


def subject_scores(domains: list[str]) -> dict[str, float]:
    """Scores for subjects listed most weighty first: 1, 0.9, 0.81..."""
    return {domain: NEXT_SUBJECT_WEIGHT ** rank for rank, domain in enumerate(domains)}


def top_providers(
    catalog: Catalog,
    place: Place | None,
    domain_scores: dict[str, float],
    *,
    radius_km: float = DEFAULT_RADIUS_KM,
    limit: int = 5,
    target_groups: set[str] | frozenset[str] = frozenset(),
    services: set[str] | frozenset[str] = frozenset(),
    discreet: bool = False,
) -> list[RankedProvider]:
    """The `limit` best providers for a question near `place`, best first; without a
    place, the best of those that serve the whole country. When none of them has a phone
    number, the last place goes to the best one that has. `discreet` leaves out
    providers whose name tells of danger (for what a client takes home). `services`: the
    kinds of specific help that the question's situations name."""
    index = ranking_index(catalog)
    numbers, reaches, distances = _candidates(index, place, radius_km)
    if numbers.size == 0:
        return []
    weights = np.where(np.isnan(distances), REACH_FACTORS[reaches],
                       np.exp(-np.nan_to_num(distances) / DISTANCE_DECAY_KM))
    question = np.array([domain_scores.get(d, 0.0) for d in index.domain_ids],
                        dtype=np.float32)
    per_domain = index.domains[numbers] * question
    fit = 0.7 * per_domain.max(axis=1) + 0.3 * per_domain.sum(axis=1) / index.domain_counts[
        numbers]
    wanted = [index.group_ids[g] for g in target_groups if g in index.group_ids]
    group_weight = np.where(index.for_everyone[numbers], 1.0, SPECIAL_GROUP_WEIGHT)
    if wanted:
        matches_group = index.groups[numbers][:, wanted].any(axis=1)
        group_weight = np.where(matches_group, GROUP_MATCH_WEIGHT, group_weight)
    service_weight = np.where(index.specific[numbers], SPECIFIC_KIND_ELSEWHERE, 1.0)
    if services:
        named = np.isin(index.kinds[numbers], list(services))
        service_weight = np.where(named, NAMED_SERVICE_WEIGHT, service_weight)
    scores = fit * index.usefulness[numbers] * group_weight * service_weight * weights
    # Help that cannot be reached is no help: it is not offered until its details are known.
    scores = np.where(index.reachable[numbers], scores, 0.0)
    if discreet:
        scores = np.where(index.names_danger[numbers], 0.0, scores)

    chosen = _best_per_provider(scores, numbers, reaches, limit)
    if chosen and not any(index.has_phone[n] for n, _, _ in chosen):
        callable_ = np.flatnonzero(index.has_phone[numbers] & (scores > 0))
        if callable_.size:
            best = callable_[np.argmax(scores[callable_])]
            chosen[-1] = (int(numbers[best]), float(scores[best]), int(reaches[best]))
    return [
        RankedProvider(
            index.providers[number],
            nearest_office_km(index.providers[number], place) if place else None,
            REACHES[reach],
            round(score, 4),
        )
        for number, score, reach in chosen
    ]


def _candidates(index: RankingIndex, place: Place | None, radius_km: float):
    """Provider numbers that may serve `place` (without one: those that serve the whole
    country), each with its reach (an index into REACHES) and the distance to its office
    (NaN when it serves by area). A provider can be a candidate more than once."""
    if place is None:
        national = index.national
        return (national, np.full(national.size, REACHES.index("national"), dtype=np.int64),
                np.full(national.size, np.nan))
    parts: list[tuple[np.ndarray, np.ndarray, int]] = []
    offices = _offices_near(index, place, radius_km)
    if offices.size:
        distances = distances_km(place.latitude, place.longitude,
                                  index.office_latitude[offices],
                                  index.office_longitude[offices])
        inside = distances <= radius_km
        parts.append((index.office_provider[offices[inside]], distances[inside], 0))
    number = int(place.postcode)
    firsts, lasts, in_range = index.ranges
    local = [index.by_place.get(place.place, np.empty(0, dtype=np.int64)),
             in_range[(firsts <= number) & (lasts >= number)]]
    for reach, found in (("local", np.concatenate(local)),
                         ("regional", index.by_province.get(place.province)),
                         ("national", index.national)):
        if found is not None and found.size:
            parts.append((found, np.full(found.size, np.nan), REACHES.index(reach)))
    if not parts:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0)
    return (
        np.concatenate([p[0] for p in parts]),
        np.concatenate([np.full(p[0].size, p[2], dtype=np.int64) for p in parts]),
        np.concatenate([p[1] for p in parts]),
    )


def _offices_near(index: RankingIndex, place: Place, radius_km: float) -> np.ndarray:
    """Offices in the grid cells around `place`; the caller cuts them by distance."""
    row, column = _cell(place.latitude, place.longitude)
    rows = math.ceil(radius_km / 111.1 / CELL_LAT) + 1
    columns = math.ceil(
        radius_km / (111.3 * math.cos(math.radians(place.latitude))) / CELL_LON
    ) + 1
    slices = [
        index.cells[(r, c)]
        for r in range(row - rows, row + rows + 1)
        for c in range(column - columns, column + columns + 1)
        if (r, c) in index.cells
    ]
    if not slices:
        return np.empty(0, dtype=np.int64)
    return np.concatenate([np.arange(start, end) for start, end in slices])




def _best_per_provider(scores, numbers, reaches, limit: int) -> list[tuple[int, float, int]]:
    """The best `limit` providers, each once, with its best score and reach."""
    positive = np.flatnonzero(scores > 0)
    if positive.size == 0:
        return []
    # A provider can be a candidate several times (office, place, province), so look at
    # a few more than `limit`, and at all of them if that was not enough.
    for take in (min(positive.size, limit * 8), positive.size):
        top = positive[np.argpartition(-scores[positive], take - 1)[:take]]
        top = top[np.lexsort((numbers[top], -scores[top]))]
        chosen, seen = [], set()
        for candidate in top:
            number = int(numbers[candidate])
            if number not in seen:
                seen.add(number)
                chosen.append((number, float(scores[candidate]), int(reaches[candidate])))
                if len(chosen) == limit:
                    return chosen
    return chosen
