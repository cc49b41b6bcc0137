"""The client's own page, /hulp: what the QR code on a handout opens. In the client's
language, the help for some subjects near a postcode, and help lines in neutral words.
Its address holds only subjects, postcode and language, never what a professional saw."""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from app.routes.deps import POSTCODE_COOKIE, CatalogDep, PageLanguage, remembered, render
from app.services.geo import locate_if_given
from app.services.handout import CLIENT_PAGE, client_help

router = APIRouter()

# Far more than there are subjects; unknown and repeated ones are left out.
MAX_SUBJECTS = 20


@router.get(CLIENT_PAGE, include_in_schema=False)
def client_page(
    request: Request,
    catalog: CatalogDep,
    language: PageLanguage,
    d: Annotated[list[str], Query(max_length=MAX_SUBJECTS)] = [],  # noqa: B006
    postcode: str | None = None,
):
    given = postcode if postcode is not None else remembered(request, POSTCODE_COOKIE)
    place, postcode_error = locate_if_given(catalog, given)
    help_ = client_help(catalog, d, place)
    return render(request, "client/page.html", language, {
        "help": help_,
        "domains": [catalog.domains[domain] for domain in help_.domains],
        "postcode": given.strip()[:10],
        "postcode_error": postcode_error,
    })
