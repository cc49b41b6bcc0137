"""The client's own page, /hulp: what the QR code on a handout opens. In the client's
language, the help for some subjects near a postcode, and help lines in neutral words.
Its address holds only subjects, postcode and language, never what a professional saw."""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from app.routes.deps import CatalogDep, PageLanguage, PagePostcode, render
from app.services.handout import CLIENT_PAGE, client_help

router = APIRouter()

# Far more than there are subjects; unknown and repeated ones are left out.
MAX_SUBJECTS = 20


@router.get(CLIENT_PAGE, include_in_schema=False)
def client_page(
    request: Request,
    catalog: CatalogDep,
    language: PageLanguage,
    postcode: PagePostcode,
    d: Annotated[list[str], Query(max_length=MAX_SUBJECTS)] = [],  # noqa: B006
):
    help_ = client_help(catalog, d, postcode.place)
    return render(request, "client/page.html", language, {
        "help": help_,
        "domains": [catalog.domains[domain] for domain in help_.domains],
        "postcode": postcode.shown,
        "postcode_error": postcode.error,
    })
