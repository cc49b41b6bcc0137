"""The resident's question answered: situations, domains, crisis lines and providers."""

from dataclasses import dataclass

from app.services.catalog import Catalog, Place
from app.services.matching import match
from app.services.ranking import RankedProvider, top_providers

# Situations and domains below this score are noise, not an answer.
MIN_SCORE = 0.2


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
    providers = []
    if place is not None and domains:
        # Target groups of the situations that stand out, not of every weak match.
        best = situations[0][1] if situations else 0
        groups = {group for sid, score in situations[:3] if score >= 0.75 * best
                  for group in catalog.situations[sid].target_groups}
        providers = top_providers(catalog, place, dict(domains), radius_km=radius_km,
                                  limit=limit, target_groups=groups)
    return Answer(situations[:limit], domains, crisis_lines, found.acute_situations, providers)
