"""The resident's question answered: situations, domains, crisis lines and providers."""

import heapq
import math
from dataclasses import dataclass

from app.services.catalog import Catalog, Place, ProviderEntry
from app.services.geo import (
    NearbyProvider,
    area_served,
    nearest_office_km,
    office_rings,
    provider_index,
)
from app.services.matching import match
from app.services.providers import possibly_outdated

# How much a provider's reach weighs beside its fit with the question.
REACH_WEIGHT = {"local": 1.0, "regional": 0.75, "national": 0.6}
# Within the radius, an office 15 km away counts for about half of one next door.
DISTANCE_DECAY_KM = 20.0
OUTDATED_WEIGHT = 0.85
# Situations and domains below this score are noise, not an answer.
MIN_SCORE = 0.2


@dataclass(frozen=True)
class RankedProvider(NearbyProvider):
    score: float = 0.0


@dataclass(frozen=True)
class Answer:
    situations: list[tuple[str, float]]
    domains: list[tuple[str, float]]
    crisis_lines: list[str]
    acute_situations: list[str]
    providers: list[RankedProvider]

    @property
    def acute(self) -> bool:
        return bool(self.acute_situations)


def answer(catalog: Catalog, text: str, place: Place | None, *, limit: int = 5,
           radius_km: float = 25.0) -> Answer:
    found = match(catalog, text)
    domains = [(d, s) for d, s in found.domains if s >= MIN_SCORE]
    situations = [(sid, s) for sid, s in found.situations if s >= MIN_SCORE]
    crisis_lines: list[str] = []
    for situation_id in found.acute_situations:
        for line in catalog.situations[situation_id].crisis_lines:
            if line not in crisis_lines:
                crisis_lines.append(line)
    providers = rank_providers(catalog, place, dict(domains), radius_km, limit) if place else []
    return Answer(situations[:limit], domains, crisis_lines, found.acute_situations, providers)


def rank_providers(catalog: Catalog, place: Place, domain_scores: dict[str, float],
                   radius_km: float, limit: int = 5) -> list[RankedProvider]:
    """The best providers for the question near `place`: fit with the question, times
    reach and a decay with distance. Offices are visited from near to far and the visit
    stops once a farther office could no longer make the list."""
    index = provider_index(catalog)
    best: dict[str, RankedProvider] = {}

    def consider(provider: ProviderEntry, distance: float | None, reach: str) -> None:
        fit = max((domain_scores.get(d, 0.0) for d in provider.domains), default=0.0)
        if fit <= 0:
            return
        nearness = REACH_WEIGHT[reach]
        if distance is not None:
            nearness *= math.exp(-distance / DISTANCE_DECAY_KM)
        freshness = OUTDATED_WEIGHT if possibly_outdated(provider) else 1.0
        score = round(fit * nearness * freshness, 4)
        if provider.id not in best or best[provider.id].score < score:
            best[provider.id] = RankedProvider(provider, distance, reach, score)

    for provider, reach in area_served(index, place):
        consider(provider, nearest_office_km(provider, place), reach)
    top: list[float] = []
    for nearest_km, offices in office_rings(index, place, radius_km):
        top = heapq.nlargest(limit, (r.score for r in best.values()))
        if len(top) == limit and REACH_WEIGHT["local"] * math.exp(
            -nearest_km / DISTANCE_DECAY_KM
        ) < top[-1]:
            break
        for distance, provider in offices:
            consider(provider, distance, "local")
    ranked = heapq.nsmallest(
        limit, best.values(),
        key=lambda r: (-r.score, r.distance_km or 0, r.provider.name),
    )
    return ranked
