"""The signal check (rode vlaggetjes): what a professional saw, and what to do next.

The advice levels and their rules come from data/red_flags.yaml; the first level whose
rules hold is the advice. Nothing of a check is stored.
"""

from dataclasses import dataclass

from app.models.data_files import (
    AdviceRecord,
    AdviceRule,
    CrisisLineRecord,
    ProfessionalRoleRecord,
    SignalRecord,
)
from app.services.catalog import Catalog, Place
from app.services.ranking import RankedProvider, subject_scores, top_providers

MAX_SIGNALS = 50


class UnknownRole(LookupError):
    pass


class UnknownSignal(LookupError):
    pass


@dataclass(frozen=True)
class Advice:
    level: AdviceRecord
    signals: list[SignalRecord]
    domains: list[str]  # the most weighty first
    crisis_lines: list[CrisisLineRecord]
    providers: list[RankedProvider]

    @property
    def acute(self) -> bool:
        return self.level.level == "acute"


def role(catalog: Catalog, role_id: str) -> ProfessionalRoleRecord:
    found = catalog.professional_roles.get(role_id)
    if found is None:
        raise UnknownRole(
            f"unknown role '{role_id[:40]}': use one of {', '.join(catalog.professional_roles)}"
        )
    return found


def signals_for(catalog: Catalog, role_id: str) -> list[SignalRecord]:
    role(catalog, role_id)
    return [s for s in catalog.signals.values() if role_id in s.roles or "all" in s.roles]


def check(catalog: Catalog, role_id: str, signal_ids: list[str], place: Place | None,
          limit: int = 5) -> Advice:
    role(catalog, role_id)
    unknown = [s for s in signal_ids if s not in catalog.signals]
    if unknown:
        raise UnknownSignal(f"unknown signal '{unknown[0][:60]}'")
    on_list = {signal.id for signal in signals_for(catalog, role_id)}
    elsewhere = [s for s in signal_ids if s not in on_list]
    if elsewhere:
        raise UnknownSignal(f"signal '{elsewhere[0]}' is not on the list for role '{role_id}'")
    if len(signal_ids) > MAX_SIGNALS:
        raise UnknownSignal(f"at most {MAX_SIGNALS} signals")
    seen = [catalog.signals[s] for s in dict.fromkeys(signal_ids)]
    weights: dict[str, float] = {}
    for signal in seen:
        for domain in signal.domains:
            weights[domain] = weights.get(domain, 0) + signal.weight
    domain_order = list(catalog.domains)
    domains = sorted(weights, key=lambda d: (-weights[d], domain_order.index(d)))
    level = next(a for a in catalog.advice if _holds(a.when, seen, len(domains)))
    providers: list[RankedProvider] = []
    if place is not None and level.level != "none" and weights:
        # Ranked like the client's handout, which knows only the order of the subjects.
        providers = top_providers(catalog, place, subject_scores(domains), limit=limit)
    crisis_lines = list(catalog.crisis_lines.values()) if level.level == "acute" else []
    return Advice(level, seen, domains, crisis_lines, providers)


def _holds(rules: list[AdviceRule], seen: list[SignalRecord], domain_count: int) -> bool:
    """Any one rule holds when all of its conditions hold; no rules means always."""
    if not rules:
        return True
    return any(
        (not rule.any_acute or any(s.acute for s in seen))
        and (not rule.any_vulnerability or any(s.vulnerability for s in seen))
        and len(seen) >= rule.min_signals
        and domain_count >= rule.min_domains
        for rule in rules
    )
