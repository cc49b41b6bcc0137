"""Dutch postcodes, places and distances."""

import math
from dataclasses import dataclass

import numpy as np

from app.models.fields import split_postcode
from app.services.catalog import Catalog, Place, ProviderEntry


class PostcodeError(ValueError):
    pass


def postcode_digits(text: str) -> str:
    """The 4 digits of a Dutch postcode written as '2011', '2011AB' or '2011 ab'."""
    parts = split_postcode(text)
    if parts is None:
        raise PostcodeError(
            f"postcode '{text[:20]}' is not a Dutch postcode: use 4 digits, like 2011 or 2011 AB"
        )
    return parts[0]


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


EARTH_RADIUS_KM = 6371.0088  # the mean radius


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def distances_km(latitude: float, longitude: float, latitudes: np.ndarray,
                 longitudes: np.ndarray) -> np.ndarray:
    """The same distance from one point to many, at once."""
    phi1, phi2 = math.radians(latitude), np.radians(latitudes)
    dphi = phi2 - phi1
    dlambda = np.radians(longitudes - longitude)
    a = np.sin(dphi / 2) ** 2 + math.cos(phi1) * np.cos(phi2) * np.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))


@dataclass(frozen=True)
class NearbyProvider:
    provider: ProviderEntry
    distance_km: float | None
    # local: near or in its service area; regional: serves the province; national.
    reach: str | None


def nearest_office_km(provider: ProviderEntry, place: Place) -> float | None:
    if not provider.locations:
        return None
    return min(
        distance_km(place.latitude, place.longitude, loc.latitude, loc.longitude)
        for loc in provider.locations
    )
