"""The start page."""

from fastapi import APIRouter, Request

from app.routes.deps import POSTCODE_COOKIE, CatalogDep, PageLanguage, remembered, render

router = APIRouter()


@router.get("/", include_in_schema=False)
def home(request: Request, catalog: CatalogDep, language: PageLanguage):
    """Search box, the six domains as tiles, and the way in for professionals."""
    return render(request, "home/page.html", language, {
        "domains": list(catalog.domains.values()),
        "postcode": remembered(request, POSTCODE_COOKIE),
    })
