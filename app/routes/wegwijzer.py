"""The wegwijzer table: who can point people to client support, per domain and role."""

from fastapi import APIRouter, Request

from app.routes.deps import CatalogDep, NotFound, PageLanguage, render

router = APIRouter()


@router.get("/wegwijzer", include_in_schema=False)
def table(request: Request, catalog: CatalogDep, language: PageLanguage):
    """The whole table: domains down, roles across."""
    return render(request, "wegwijzer/page.html", language, {
        "domains": list(catalog.domains.values()),
        "roles": list(catalog.roles.values()),
        "cells": catalog.cells,
    })


@router.get("/wegwijzer/{domain_id}/{role_id}", include_in_schema=False)
def cell(request: Request, catalog: CatalogDep, language: PageLanguage,
         domain_id: str, role_id: str):
    """One cell of the table on its own page."""
    if domain_id not in catalog.domains or role_id not in catalog.roles:
        raise NotFound(f"{domain_id}/{role_id}")
    return render(request, "wegwijzer/cell.html", language, {
        "domain": catalog.domains[domain_id],
        "role": catalog.roles[role_id],
        "referrers": catalog.cells[(domain_id, role_id)],
    })
