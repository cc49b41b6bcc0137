"""Postcodes and the providers that serve them."""

import math
import re
from dataclasses import dataclass

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


def providers_near(
    catalog: Catalog,
    place: Place | None,
    *,
    domain: str | None = None,
    language: str | None = None,
    radius_km: float = 25.0,
) -> list[NearbyProvider]:
    """Providers that serve `place`, the best reachable first; all of them without a place."""
    found = []
    for provider in catalog.providers.values():
        if domain and domain not in provider.domains:
            continue
        if language and language not in provider.languages:
            continue
        if place is None:
            found.append(NearbyProvider(provider, None, None))
            continue
        distance = _nearest_location_km(provider, place)
        reach = _reach(provider, place, distance, radius_km)
        if reach:
            found.append(NearbyProvider(provider, distance, reach))
    if place is None:
        return sorted(found, key=lambda item: item.provider.name.casefold())
    return sorted(found, key=lambda item: (
        REACH_ORDER[item.reach],
        item.distance_km if item.distance_km is not None else math.inf,
        item.provider.name.casefold(),
    ))


def _nearest_location_km(provider: ProviderEntry, place: Place) -> float | None:
    if not provider.locations:
        return None
    return min(
        distance_km(place.latitude, place.longitude, loc.latitude, loc.longitude)
        for loc in provider.locations
    )


def _reach(provider: ProviderEntry, place: Place, distance: float | None, radius_km: float):
    number = int(place.postcode)
    if (
        place.place in provider.places
        or any(first <= number <= last for first, last in provider.postcode_ranges)
        or (distance is not None and distance <= radius_km)
    ):
        return "local"
    if place.province in provider.provinces:
        return "regional"
    if provider.national:
        return "national"
    return None
