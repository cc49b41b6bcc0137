"""Postcodes and the providers that serve them."""

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from app.services.catalog import Catalog, Place, ProviderEntry

_POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Z]{2})?$")
REACH_ORDER = {"local": 0, "regional": 1, "national": 2}


class PostcodeError(ValueError):
    pass


def postcode_digits(text: str) -> str:
    """The 4 digits of a Dutch postcode written as '2011', '2011AB' or '2011 ab'."""
    match = _POSTCODE.match(text.strip().upper())
    if not match:
        raise PostcodeError(
            f"postcode '{text[:20]}' is not a Dutch postcode: use 4 digits, like 2011 or 2011 AB"
        )
    return match.group(1)


def locate(catalog: Catalog, text: str) -> Place:
    digits = postcode_digits(text)
    place = catalog.places.get(digits)
    if place is None:
        raise PostcodeError(f"postcode '{digits}' does not exist in the Netherlands")
    return place


def locate_if_given(catalog: Catalog, text: str | None) -> tuple[Place | None, bool]:
    """For a form's optional postcode: (place, False), (None, False) when nothing was
    given, or (None, True) when what was given is not a Dutch postcode."""
    if not text or not text.strip():
        return None, False
    try:
        return locate(catalog, text), False
    except PostcodeError:
        return None, True


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


@dataclass(frozen=True)
class NearbyProvider:
    provider: ProviderEntry
    distance_km: float | None
    # local: near or in its service area; regional: serves the province; national.
    reach: str | None


# Grid cells of about 11 by 10 km for the offices of providers.
_CELL_LAT, _CELL_LON = 0.1, 0.15


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return int(latitude // _CELL_LAT), int(longitude // _CELL_LON)


@dataclass
class ProviderIndex:
    """Where each provider helps: looked up per postcode instead of scanning them all."""

    national: list[ProviderEntry] = field(default_factory=list)
    by_province: dict[str, list[ProviderEntry]] = field(default_factory=dict)
    by_place: dict[str, list[ProviderEntry]] = field(default_factory=dict)
    # postcode // 100 -> (first, last, provider) for the postcode ranges that touch it
    by_range_bucket: dict[int, list[tuple[int, int, ProviderEntry]]] = field(default_factory=dict)
    offices: dict[tuple[int, int], list[tuple[float, float, ProviderEntry]]] = field(
        default_factory=dict
    )


@lru_cache(maxsize=4)
def provider_index(catalog: Catalog) -> ProviderIndex:
    index = ProviderIndex()
    for provider in catalog.providers.values():
        if provider.national:
            index.national.append(provider)
        for province in provider.provinces:
            index.by_province.setdefault(province, []).append(provider)
        for place in provider.places:
            index.by_place.setdefault(place, []).append(provider)
        for first, last in provider.postcode_ranges:
            for bucket in range(first // 100, last // 100 + 1):
                index.by_range_bucket.setdefault(bucket, []).append((first, last, provider))
        for location in provider.locations:
            index.offices.setdefault(_cell(location.latitude, location.longitude), []).append(
                (location.latitude, location.longitude, provider)
            )
    return index


def providers_near(
    catalog: Catalog,
    place: Place | None,
    *,
    domain: str | None = None,
    language: str | None = None,
    radius_km: float = 25.0,
) -> list[NearbyProvider]:
    """Providers that serve `place`, the best reachable first; all of them without a place."""

    def wanted(provider: ProviderEntry) -> bool:
        return (domain is None or domain in provider.domains) and (
            language is None or language in provider.languages
        )

    if place is None:
        everyone = [NearbyProvider(p, None, None) for p in catalog.providers.values() if wanted(p)]
        return sorted(everyone, key=lambda item: item.provider.name.casefold())

    index = provider_index(catalog)
    distances = _office_distances(index, place, radius_km)
    number = int(place.postcode)
    local = {p.id: p for p in index.by_place.get(place.place, ())}
    local.update((p.id, p) for first, last, p in index.by_range_bucket.get(number // 100, ())
                 if first <= number <= last)
    local.update((provider_id, catalog.providers[provider_id]) for provider_id in distances)
    found: dict[str, NearbyProvider] = {}
    for reach, providers in (
        ("local", local.values()),
        ("regional", index.by_province.get(place.province, ())),
        ("national", index.national),
    ):
        for provider in providers:
            if provider.id not in found and wanted(provider):
                distance = distances.get(provider.id)
                if distance is None:
                    distance = nearest_office_km(provider, place)
                found[provider.id] = NearbyProvider(provider, distance, reach)
    return sorted(found.values(), key=lambda item: (
        REACH_ORDER[item.reach],
        item.distance_km if item.distance_km is not None else math.inf,
        item.provider.name.casefold(),
    ))


def _office_distances(index: ProviderIndex, place: Place, radius_km: float) -> dict[str, float]:
    """Distance to the nearest office of every provider with an office within the radius."""
    row, column = _cell(place.latitude, place.longitude)
    rows = math.ceil(radius_km / 11.1)
    columns = math.ceil(radius_km / (111.3 * math.cos(math.radians(place.latitude)) * _CELL_LON))
    nearest: dict[str, float] = {}
    for r in range(row - rows, row + rows + 1):
        for c in range(column - columns, column + columns + 1):
            for latitude, longitude, provider in index.offices.get((r, c), ()):
                distance = distance_km(place.latitude, place.longitude, latitude, longitude)
                if distance <= radius_km and distance < nearest.get(provider.id, math.inf):
                    nearest[provider.id] = distance
    return nearest


def nearest_office_km(provider: ProviderEntry, place: Place) -> float | None:
    if not provider.locations:
        return None
    return min(
        distance_km(place.latitude, place.longitude, loc.latitude, loc.longitude)
        for loc in provider.locations
    )
