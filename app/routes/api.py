"""The JSON API, v1 (DESIGN.md section 6)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from app.models import api as schemas
from app.routes.deps import ApiPlace, BadInput, CatalogDep, NotFound, SemanticsDep
from app.services import signals
from app.services.catalog import Catalog, ProviderEntry
from app.services.finder import Answer, answer
from app.services.geo import NearbyProvider, PostcodeError, locate
from app.services.handout import client_help, client_page_address
from app.services.i18n import data_language, localized
from app.services.matching import MAX_SCAN_LENGTH, Evidence
from app.services.providers import possibly_outdated
from app.services.ranking import providers_near

router = APIRouter(tags=["api"], responses=schemas.PROBLEMS)

def api_language(lang: Annotated[str | None, Query(
        description="nl en ar tr pl uk; anything else gives nl")] = None) -> str:
    return data_language(lang)


# The language of the texts in an answer, from `lang`.
Lang = Annotated[str, Depends(api_language)]


@router.get("/healthz", response_model=schemas.Health)
def health(request: Request, catalog: CatalogDep, semantics: SemanticsDep):
    """Whether the service runs, which version of the data it serves, whether it matches
    questions on meaning too ("hybrid") or on keywords only, and whether the database
    answered the last look for new data. It never waits on the database."""
    return {"status": "ok", "data_version": catalog.version,
            "matching": "keywords-only" if semantics is None else "hybrid",
            "database": "ok" if request.app.state.catalogs.database_ok else "unavailable"}


@router.get("/api/v1/domains", response_model=list[schemas.DomainOut])
def list_domains(catalog: CatalogDep, language: Lang):
    """The six life domains with their cells of the wegwijzer table."""
    return [
        {
            "id": domain.id,
            "name": localized(domain.name, language),
            "summary": localized(domain.summary, language),
            "cells": {
                role: [localized(r.name, language) for r in catalog.cells[(domain.id, role)]]
                for role in catalog.roles
            },
        }
        for domain in catalog.domains.values()
    ]


@router.get("/api/v1/match", response_model=schemas.MatchOut)
def match_question(
    request: Request,
    catalog: CatalogDep,
    semantics: SemanticsDep,
    q: Annotated[str, Query(min_length=1, max_length=MAX_SCAN_LENGTH,
                            description="the question in the resident's own words")],
    place: ApiPlace,
    language: Lang,
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
):
    """Situations and domains for a question in any language, crisis lines first when
    it signals danger, and the providers for the postcode. Nothing of it is stored."""
    if not q.strip():
        raise BadInput("q is empty: write the question in a few words")
    result = answer(catalog, q, place, limit=limit,
                    radius_km=request.app.state.settings.default_radius_km, semantics=semantics)
    return match_body(catalog, q, language, result)


def match_body(catalog: Catalog, query: str, language: str, result: Answer) -> dict:
    acute = None
    if result.acute:
        first = catalog.situations[result.acute_situations[0]]
        acute = {
            "message": localized(first.explanation, language),
            "contacts": [crisis_contact(catalog, line, language) for line in result.crisis_lines],
        }
    return {
        "query": query,
        "lang": language,
        "acute": acute,
        "possible_danger": {
            "contacts": [crisis_contact(catalog, line, language)
                         for line in result.possible_danger_lines],
        } if result.possible_danger else None,
        "domains": [
            {"id": d, "name": localized(catalog.domains[d].name, language), "score": score}
            for d, score in result.domains
        ],
        "situations": [
            {
                "id": sid,
                "title": localized(catalog.situations[sid].title, language),
                "explanation": localized(catalog.situations[sid].explanation, language),
                "domains": list(catalog.situations[sid].domains),
                "score": score,
                "matched_on": matched_on(result.evidence.get(sid)),
            }
            for sid, score in result.situations
        ],
        "providers": [
            {**provider_summary(item, language), "score": item.score} for item in result.providers
        ],
    }


def matched_on(evidence: Evidence | None) -> dict | None:
    return None if evidence is None else {"kind": evidence.kind, "text": evidence.text}


def crisis_contact(catalog: Catalog, line_id: str, language: str) -> dict:
    line = catalog.crisis_lines[line_id]
    return {"name": localized(line.name, language), "phone": line.phone,
            "url": str(line.url) if line.url else None,
            "when": localized(line.when, language)}


@router.get("/api/v1/red-flags", response_model=schemas.RedFlagsOut)
def red_flags(
    catalog: CatalogDep,
    role: Annotated[str, Query(max_length=40, description="e.g. huisarts, uitvaartondernemer")],
    language: Lang,
):
    """The signals a professional in this role looks for."""
    try:
        shown = signals.signals_for(catalog, role)
    except signals.UnknownRole as error:
        raise BadInput(str(error)) from None
    return {"role": role, "signals": [
        {"id": s.id, "text": localized(s.text, language),
         "domains": list(s.domains), "acute": s.acute}
        for s in shown
    ]}


@router.post("/api/v1/signal-check", response_model=schemas.SignalCheckOut)
def signal_check(request: Request, catalog: CatalogDep, body: schemas.SignalCheckIn):
    """Advice for what a professional noticed: none, inform, refer or acute, with the
    client-support providers for the postcode. Nothing of it is stored."""
    language = data_language(body.lang)
    try:
        place = locate(catalog, body.postcode) if body.postcode else None
        result = signals.check(catalog, body.role, body.signals, place)
    except (signals.UnknownRole, signals.UnknownSignal, PostcodeError) as error:
        raise BadInput(str(error)) from None
    acute = None
    if result.acute:
        acute = {"message": localized(result.level.message, language),
                 "contacts": [crisis_contact(catalog, line.id, language)
                              for line in result.crisis_lines]}
    return {
        "advice": result.level.level,
        "title": localized(result.level.title, language),
        "message": localized(result.level.message, language),
        "steps": [localized(step, language) for step in result.level.steps],
        "handout_steps": [localized(step, language) for step in result.level.handout_steps],
        "domains": result.domains,
        "providers": [{**provider_summary(item, language), "score": item.score}
                      for item in result.providers],
        "acute": acute,
        "client_page": client_page_address(client_help(catalog, result.domains, place),
                                           language),
    }


@router.get("/api/v1/providers", response_model=list[schemas.ProviderSummary])
def list_providers(
    request: Request,
    catalog: CatalogDep,
    place: ApiPlace,
    text_language: Lang,
    domain: Annotated[str | None, Query(max_length=40)] = None,
    language: Annotated[str | None, Query(max_length=20, description="spoken, e.g. ar")] = None,
    radius_km: Annotated[float | None, Query(gt=0, le=300, description="default 25")] = None,
):
    """Providers that serve a postcode, the nearest first; all providers without one."""
    if domain is not None and domain not in catalog.domains:
        raise BadInput(f"unknown domain '{domain}': use one of {', '.join(catalog.domains)}")
    if language is not None and not (len(language) == 2 and language.isalpha()):
        raise BadInput(f"language '{language}' must be a 2-letter code such as nl or ar")
    found = providers_near(
        catalog, place, domain=domain, language=language and language.lower(),
        radius_km=radius_km or request.app.state.settings.default_radius_km,
    )
    return [provider_summary(item, text_language) for item in found]


@router.get("/api/v1/providers/{provider_id}", response_model=schemas.ProviderDetail)
def get_provider(catalog: CatalogDep, provider_id: str, language: Lang):
    """One provider, all its fields."""
    provider = catalog.providers.get(provider_id)
    if provider is None:
        raise NotFound(f"no provider with id '{provider_id[:60]}'")
    return provider_detail(catalog, provider, language)


def provider_summary(item: NearbyProvider, language: str) -> dict:
    provider = item.provider
    return {
        "id": provider.id,
        "name": provider.name,
        "distance_km": round(item.distance_km, 1) if item.distance_km is not None else None,
        "domains": list(provider.domains),
        "phone": provider.phone_to_call,
        # The number is the municipality's: ask there for this provider.
        "phone_is_fallback": provider.phone_is_fallback,
        "municipality": provider.municipality if provider.phone_is_fallback else None,
        "website": provider.website,
        "kind": provider.kind,
        "free": provider.free,
        "independent": provider.independent,
        "reach": item.reach,
        "last_verified": provider.last_verified,
        "possibly_outdated": possibly_outdated(provider),
    }


def provider_detail(catalog: Catalog, provider: ProviderEntry, language: str) -> dict:
    return {
        **provider_summary(NearbyProvider(provider, None, None), language),
        "description": localized(provider.description, language),
        "formal": provider.formal,
        "financing": list(provider.financing),
        "target_groups": list(provider.target_groups),
        "languages": list(provider.languages),
        "email": provider.email,
        "whatsapp": provider.whatsapp,
        "home_visits": provider.home_visits,
        "names_danger": provider.names_danger,
        "source": provider.source,
        "schedule": [vars(hours) for hours in provider.schedule],
        "schedule_note": localized(provider.schedule_note, language) or None,
        "locations": [vars(location) for location in provider.locations],
        "service_area": {
            "national": provider.national,
            "provinces": sorted(provider.provinces),
            "places": sorted(provider.places),
            "postcode_ranges": [f"{a:04d}-{b:04d}" for a, b in provider.postcode_ranges],
        },
    }
