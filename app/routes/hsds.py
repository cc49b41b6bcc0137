"""The directory, read-only, after the HSDS 3.0 API profile (Open Referral), so that other
directories can harvest it: /api/v1/hsds/services and /api/v1/hsds/services/{id}."""

import math
from typing import Annotated

from fastapi import APIRouter, Query

from app.models.api import PROBLEMS
from app.routes.deps import CatalogDep, NotFound
from app.services import hsds

router = APIRouter(prefix="/api/v1/hsds", tags=["hsds"], responses=PROBLEMS)


@router.get("/services")
def hsds_services(
    catalog: CatalogDep,
    page: Annotated[int, Query(ge=1, description="the page, from 1")] = 1,
    per_page: Annotated[int, Query(ge=1, le=500, description="services per page")] = 50,
) -> dict:
    """Every service, a page at a time, as HSDS 3.0 service objects."""
    found, _ = hsds.catalog_services(catalog)
    total_pages = max(1, math.ceil(len(found) / per_page))
    contents = found[(page - 1) * per_page:page * per_page]
    return {
        "total_items": len(found),
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


@router.get("/services/{service_id}")
def hsds_service(catalog: CatalogDep, service_id: str) -> dict:
    """One service, whole, by its HSDS id."""
    _, by_id = hsds.catalog_services(catalog)
    if service_id not in by_id:
        raise NotFound(service_id)
    return by_id[service_id]
