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
# A resident needs a way to reach someone now: a provider without phone or WhatsApp
# (only a website) ranks lower.
NO_PHONE_WEIGHT = 0.7
# Independent client support is what this service points to; crisis lines are shown
# apart, when a question signals danger.
KIND_WEIGHT = {"clientondersteuning": 1.0, "sociaal-wijkteam": 0.9}
OTHER_KIND_WEIGHT = 0.85
# Without a sign that the resident belongs to a provider's special group (dementia,
# refugees...), a provider for everyone fits a little better.
SPECIAL_GROUP_WEIGHT = 0.95
GROUP_MATCH_WEIGHT = 1.15
NOT_RANKED = {"crisislijn"}
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
    groups = {group for sid, _ in situations[:3]
              for group in catalog.situations[sid].target_groups}
    providers = (rank_providers(catalog, place, dict(domains), radius_km, limit, groups)
                 if place else [])
    return Answer(situations[:limit], domains, crisis_lines, found.acute_situations, providers)


def rank_providers(catalog: Catalog, place: Place, domain_scores: dict[str, float],
                   radius_km: float, limit: int = 5,
                   target_groups: frozenset[str] | set[str] = frozenset()) -> list[RankedProvider]:
    """The best providers for the question near `place`: fit with the question, times
    reach and a decay with distance. Offices are visited from near to far and the visit
    stops once a farther office could no longer make the list."""
    index = provider_index(catalog)
    best: dict[str, RankedProvider] = {}

    def consider(provider: ProviderEntry, distance: float | None, reach: str) -> None:
        scores = [domain_scores.get(d, 0.0) for d in provider.domains]
        if max(scores) <= 0 or provider.kind in NOT_RANKED:
            return
        # Mostly the best domain; a little of the average, so a provider that focuses on
        # the question's domains ranks above one that also does much else.
        fit = 0.7 * max(scores) + 0.3 * sum(scores) / len(scores)
        fit *= KIND_WEIGHT.get(provider.kind, OTHER_KIND_WEIGHT)
        if target_groups & set(provider.target_groups):
            fit *= GROUP_MATCH_WEIGHT
        elif "iedereen" not in provider.target_groups:
            fit *= SPECIAL_GROUP_WEIGHT
        nearness = REACH_WEIGHT[reach]
        if distance is not None:
            nearness *= math.exp(-distance / DISTANCE_DECAY_KM)
        freshness = OUTDATED_WEIGHT if possibly_outdated(provider) else 1.0
        reachable = 1.0 if provider.phone or provider.whatsapp else NO_PHONE_WEIGHT
        score = round(fit * nearness * freshness * reachable, 4)
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
    def order(r: RankedProvider):
        return -r.score, r.distance_km or 0, r.provider.name

    ranked = heapq.nsmallest(limit, best.values(), key=order)
    if ranked and not any(r.provider.phone for r in ranked):
        # Always at least one number to call: the best provider that has one.
        callable_ = [r for r in best.values() if r.provider.phone]
        if callable_:
            ranked[-1] = min(callable_, key=order)
    return ranked
