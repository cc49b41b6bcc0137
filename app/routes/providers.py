"""One provider's page."""

from fastapi import APIRouter, Request

from app.routes.deps import CatalogDep, NotFound, PageLanguage, render
from app.services.providers import possibly_outdated

router = APIRouter()


@router.get("/aanbieder/{provider_id}", include_in_schema=False)
def provider_page(request: Request, catalog: CatalogDep, language: PageLanguage,
                  provider_id: str,
                  van: str | None = None):
    """Who they are, what they help with, and every way to reach them. `van=zoek`: opened
    from the results, so the page leads back to them."""
    provider = catalog.providers.get(provider_id)
    if provider is None:
        raise NotFound(provider_id)
    return render(request, "provider/page.html", language, {
        "provider": provider,
        "domains": [catalog.domains[d] for d in provider.domains],
        "target_groups": [catalog.target_groups[g] for g in provider.target_groups
                          if g in catalog.target_groups],
        "outdated": possibly_outdated(provider),
        "from_results": van == "zoek",
    })
