"""The resident's question answered: situations, domains, crisis lines and providers."""

from dataclasses import dataclass, field

from app.config import DEFAULT_RADIUS_KM
from app.services.catalog import Catalog, Place
from app.services.matching import MAX_SCAN_LENGTH, Evidence, match
from app.services.ranking import RankedProvider, top_providers
from app.services.semantic import MAX_TEXT_LENGTH, Meaning, Semantics

# Situations and domains below this score are noise, not an answer.
MIN_SCORE = 0.2
# The situations that stand out: within this share of the best one's score.
STANDING_OUT = 0.75
# Asked with "are you in danger?" when a question may be about danger: emergencies,
# suicidal thoughts, violence at home.
POSSIBLE_DANGER_LINES = ("alarmnummer-112", "zelfmoordpreventie-113", "veilig-thuis")


@dataclass(frozen=True)
class Answer:
    situations: list[tuple[str, float]]
    domains: list[tuple[str, float]]
    crisis_lines: list[str]
    acute_situations: list[str]
    providers: list[RankedProvider]
    possible_danger: bool = False
    # The lines to offer with "are you in danger?" (POSSIBLE_DANGER_LINES the data has).
    possible_danger_lines: list[str] = field(default_factory=list)
    evidence: dict[str, Evidence] = field(default_factory=dict)
    # The question was longer than the finder reads (MAX_SCAN_LENGTH): its end was cut.
    shortened: bool = False

    @property
    def acute(self) -> bool:
        return bool(self.acute_situations)


def answer(catalog: Catalog, text: str, place: Place | None, *, limit: int = 5,
           radius_km: float = DEFAULT_RADIUS_KM, semantics: Semantics | None = None) -> Answer:
    text = text.strip()
    shortened = len(text) > MAX_SCAN_LENGTH
    text = text[:MAX_SCAN_LENGTH]
    found = match(catalog, text, understand(semantics, catalog, text))
    domains = [(d, s) for d, s in found.domains if s >= MIN_SCORE]
    situations = [(sid, s) for sid, s in found.situations if s >= MIN_SCORE]
    crisis_lines: list[str] = []
    for situation_id in found.acute_situations:
        for line in catalog.situations[situation_id].crisis_lines:
            if line not in crisis_lines:
                crisis_lines.append(line)
    providers = []
    if domains:  # without a place: the lines for the whole country
        # Target groups of the situations that stand out, not of every weak match.
        best = situations[0][1] if situations else 0
        standing_out = [catalog.situations[sid] for sid, score in situations[:3]
                        if score >= STANDING_OUT * best]
        providers = top_providers(
            catalog, place, dict(domains), radius_km=radius_km, limit=limit,
            target_groups={group for s in standing_out for group in s.target_groups},
            services={kind for s in standing_out for kind in s.services})
    return Answer(situations[:limit], domains, crisis_lines, found.acute_situations, providers,
                  possible_danger=found.possible_danger,
                  possible_danger_lines=[line for line in POSSIBLE_DANGER_LINES
                                         if found.possible_danger
                                         and line in catalog.crisis_lines],
                  evidence={sid: found.evidence[sid] for sid, _ in situations[:limit]
                            if sid in found.evidence},
                  shortened=shortened)


def understand(semantics: Semantics | None, catalog: Catalog, text: str) -> Meaning | None:
    """The model's reading of the question. It reads the start of a long question; the
    end is read too, because that is where people often say what frightens them most."""
    if semantics is None or not text:
        return None
    meaning = semantics.meaning(catalog, text[:MAX_TEXT_LENGTH])
    if len(text) <= MAX_TEXT_LENGTH:
        return meaning
    return meaning.closest_of(semantics.meaning(catalog, text[-MAX_TEXT_LENGTH:]))
