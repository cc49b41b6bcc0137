"""One life domain: what it covers and the providers near the resident."""


from typing import Annotated

from fastapi import APIRouter, Query, Request

from app.routes.deps import (
    POSTCODE_COOKIE,
    CatalogDep,
    HtmxFragment,
    NotFound,
    PageLanguage,
    PagePostcode,
    remember,
    render,
)
from app.services.ranking import providers_near

router = APIRouter()

# A phone screen holds a few cards; the rest comes with "Show more".
FIRST_CARDS = 8


@router.get("/domein/{domain_id}", include_in_schema=False)
def domain_page(
    request: Request,
    catalog: CatalogDep,
    language: PageLanguage,
    fragment: HtmxFragment,
    domain_id: str,
    postcode: PagePostcode,
    meer: Annotated[bool, Query(description="show every provider, not the first few")] = False,
):
    """A domain page; with a postcode (asked or remembered) also the providers near it,
    the first FIRST_CARDS of them unless `meer`. For htmx, `meer` brings only the rest."""
    domain = catalog.domains.get(domain_id)
    if domain is None:
        raise NotFound(domain_id)
    place = postcode.place
    nearby = providers_near(catalog, place, domain=domain.id,
                            radius_km=request.app.state.settings.default_radius_km) if place else []
    more_only = meer and fragment
    response = render(request, "domain/_more.html" if more_only else "domain/page.html",
                      language, {
        "domain": domain,
        "postcode": postcode.shown,
        "place": place,
        "postcode_error": postcode.error,
        "nearby": nearby,
        "shown": len(nearby) if meer else FIRST_CARDS,
        "first_cards": FIRST_CARDS,
        "roles": list(catalog.roles.values()),
        "cells": catalog.cells,
    })
    response.headers["Vary"] += ", HX-Request"
    if place is not None and postcode.typed:
        remember(request, response, POSTCODE_COOKIE, place.postcode)
    return response
