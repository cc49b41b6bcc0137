"""The resident's search: /zoek?q=&postcode= (htmx swaps the results while typing)."""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from app.routes.deps import (
    POSTCODE_COOKIE,
    QUESTION_COOKIE,
    QUESTION_CUT_COOKIE,
    CatalogDep,
    HtmxFragment,
    PageLanguage,
    PagePostcode,
    PostcodeInput,
    SemanticsDep,
    in_kiosk,
    remember,
    remembered,
    render,
)
from app.services.catalog import Catalog
from app.services.finder import answer
from app.services.matching import MAX_SCAN_LENGTH
from app.services.semantic import Semantics

router = APIRouter()


@router.get("/zoek", include_in_schema=False)
def search(
    request: Request,
    catalog: CatalogDep,
    semantics: SemanticsDep,
    language: PageLanguage,
    fragment: HtmxFragment,
    postcode: PagePostcode,
    q: Annotated[str | None, Query()] = None,
):
    """Results page; for htmx only the results, with the crisis lines out of band. On a
    walk-in tablet the question comes from the visit's cookie, never from the address."""
    cut = False
    if q is None and in_kiosk(request):
        q = remembered(request, QUESTION_COOKIE)
        cut = remembered(request, QUESTION_CUT_COOKIE) == "1"
    context = search_context(catalog, q or "", postcode,
                             request.app.state.settings.default_radius_km, semantics, cut)
    response = render(request, "search/_swap.html" if fragment else "search/page.html",
                      language, context)
    response.headers["Vary"] += ", HX-Request"
    if postcode.place is not None and postcode.typed:
        remember(request, response, POSTCODE_COOKIE, postcode.place.postcode)
    return response


def search_context(catalog: Catalog, q: str, postcode: PostcodeInput, radius_km: float,
                   semantics: Semantics | None, cut: bool = False) -> dict:
    """`cut`: on a tablet, the question was cut to fit the visit before it came here."""
    # Over-long text is cut, not refused: a resident should always get an answer.
    question = q.strip()
    place = postcode.place
    result = (answer(catalog, question, place, limit=5, radius_km=radius_km,
                     semantics=semantics) if question else None)
    # How much of the question was read, when not all of it.
    read_characters = None
    if cut:
        read_characters = len(question)
    elif result and result.shortened:
        read_characters = MAX_SCAN_LENGTH
    return {
        "q": question[:MAX_SCAN_LENGTH],
        "read_characters": read_characters,
        "postcode": postcode.shown,
        "place": place,
        "postcode_error": postcode.error,
        "result": result,
        "situations": [(catalog.situations[sid], score) for sid, score in result.situations[:3]]
        if result else [],
        "domains": [catalog.domains[d] for d, _ in result.domains[:3]] if result else [],
        "all_domains": list(catalog.domains.values()),
        "crisis_lines": [catalog.crisis_lines[line] for line in result.crisis_lines]
        if result else [],
        "acute_situation": catalog.situations[result.acute_situations[0]]
        if result and result.acute else None,
        "possible_danger_lines": [catalog.crisis_lines[line]
                                  for line in result.possible_danger_lines] if result else [],
    }
