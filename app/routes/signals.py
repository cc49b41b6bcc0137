"""The signal check for professionals: /signalen, /signalen/{role}, and the advice with a
handout for the client at /signalen/{role}/advies (GET: shareable, nothing stored).

On a walk-in tablet the role and the ticks are posted and kept for the visit only, and
the checklist and advice live at /kiosk/signalen and /kiosk/advies, addresses that hold
nothing of the visitor (app/routes/kiosk.py)."""

from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse
from markupsafe import Markup

from app.config import LANGUAGES
from app.models.data_files import ProfessionalRoleRecord
from app.routes.deps import (
    CHECK_COOKIE,
    POSTCODE_COOKIE,
    ROLE_COOKIE,
    CatalogDep,
    NotFound,
    PageLanguage,
    in_kiosk,
    remember,
    remembered,
    render,
)
from app.services import signals as signal_check
from app.services.catalog import Catalog
from app.services.geo import locate_if_given
from app.services.handout import client_help, client_page_address, qr_code_svg
from app.services.i18n import data_language, language_name

router = APIRouter()

KIOSK_CHECKLIST = "/kiosk/signalen"
KIOSK_ADVICE = "/kiosk/advies"


@router.get("/signalen", include_in_schema=False)
def choose_role(request: Request, catalog: CatalogDep, language: PageLanguage):
    """Pick your role; the last one is remembered on this device."""
    return render(request, "signals/roles.html", language, {
        "roles": list(catalog.professional_roles.values()),
        "remembered": catalog.professional_roles.get(remembered(request, ROLE_COOKIE)),
        "tablet_checklist": KIOSK_CHECKLIST,
    })


def known_role(catalog: CatalogDep, role_id: str) -> ProfessionalRoleRecord:
    """The role in a page's address; 404 for one that does not exist."""
    try:
        return signal_check.role(catalog, role_id)
    except signal_check.UnknownRole:
        raise NotFound(role_id) from None


KnownRole = Annotated[ProfessionalRoleRecord, Depends(known_role)]


@router.get("/signalen/{role_id}", include_in_schema=False)
def checklist(request: Request, catalog: CatalogDep, language: PageLanguage, role: KnownRole):
    """The signals for one role, to tick; one screen, large checkboxes."""
    if in_kiosk(request):
        return _on_the_tablet(request, role, KIOSK_CHECKLIST)
    response = _checklist_page(request, catalog, language, role, [], language,
                               f"/signalen/{role.id}/advies")
    remember(request, response, ROLE_COOKIE, role.id)
    return response


@router.get(KIOSK_CHECKLIST, include_in_schema=False)
def tablet_checklist(request: Request, catalog: CatalogDep, language: PageLanguage):
    """The checklist of the role chosen on a walk-in tablet, with this visit's ticks."""
    visit = _tablet_visit(request, catalog)
    if visit is None:
        return RedirectResponse("/signalen", status_code=303)
    role, ticked, client_lang = visit
    return _checklist_page(request, catalog, language, role, ticked,
                           client_lang or language, KIOSK_ADVICE)


@router.get("/signalen/{role_id}/advies", include_in_schema=False)
def advice(
    request: Request,
    catalog: CatalogDep,
    language: PageLanguage,
    role: KnownRole,
    s: Annotated[list[str], Query(max_length=signal_check.MAX_SIGNALS)] = [],  # noqa: B006
    postcode: str = "",
    client_lang: str | None = None,
):
    """The advice for the professional and the handout for the client."""
    if in_kiosk(request):
        return _on_the_tablet(request, role, KIOSK_ADVICE)
    return _advice_page(request, catalog, language, role, s, postcode, client_lang,
                        f"/signalen/{role.id}")


@router.get(KIOSK_ADVICE, include_in_schema=False)
def tablet_advice(request: Request, catalog: CatalogDep, language: PageLanguage):
    """The advice for the ticks posted on a walk-in tablet during this visit."""
    visit = _tablet_visit(request, catalog)
    if visit is None:
        return RedirectResponse("/signalen", status_code=303)
    role, ticked, client_lang = visit
    return _advice_page(request, catalog, language, role, ticked,
                        remembered(request, POSTCODE_COOKIE), client_lang, KIOSK_CHECKLIST)


def _on_the_tablet(request: Request, role: ProfessionalRoleRecord, address: str):
    """A role in an address on a walk-in tablet: kept for the visit, and the page shown
    at an address without it."""
    response = RedirectResponse(address, status_code=303)
    remember(request, response, ROLE_COOKIE, role.id)
    return response


def _tablet_visit(request: Request, catalog: Catalog
                  ) -> tuple[ProfessionalRoleRecord, list[str], str | None] | None:
    """The role, ticks and handout language of this visit; None before a role is chosen."""
    role = catalog.professional_roles.get(remembered(request, ROLE_COOKIE))
    if role is None:
        return None
    check = parse_qsl(remembered(request, CHECK_COOKIE))
    ticked = [value for name, value in check if name == "s"][:signal_check.MAX_SIGNALS]
    return role, ticked, dict(check).get("client_lang")


def _checklist_page(request: Request, catalog: Catalog, language: str,
                    role: ProfessionalRoleRecord, ticked: list[str], client_lang: str,
                    action: str):
    return render(request, "signals/checklist.html", language, {
        "role": role,
        "signals": signal_check.signals_for(catalog, role.id),
        "ticked": set(ticked),
        "client_lang": data_language(client_lang),
        "client_languages": [(code, language_name(code)) for code in LANGUAGES],
        "action": action,
    })


def _advice_page(request: Request, catalog: Catalog, language: str,
                 role: ProfessionalRoleRecord, ticked: list[str], postcode: str,
                 client_lang: str | None, checklist_url: str):
    place, postcode_error = locate_if_given(catalog, postcode)
    on_list = {signal.id for signal in signal_check.signals_for(catalog, role.id)}
    known = [signal_id for signal_id in ticked if signal_id in on_list]
    result = signal_check.check(catalog, role.id, known, place)
    handout_language = data_language(client_lang or language)
    help_ = client_help(catalog, result.domains, place)
    site = request.app.state.settings.public_url or str(request.base_url)
    client_page = site.rstrip("/") + client_page_address(help_, handout_language)
    handout = request.app.state.templates.fragment(handout_language, "signals/_handout.html", {
        "help": help_,
        "qr": Markup(qr_code_svg(client_page)),
    })
    return render(request, "signals/advice.html", language, {
        "role": role,
        "result": result,
        "domains": [catalog.domains[d] for d in result.domains],
        "place": place,
        "postcode": postcode.strip()[:10],
        "postcode_error": postcode_error,
        "ignored": len(ticked) - len(known),
        "handout": handout,
        "handout_language": handout_language,
        "handout_language_name": language_name(handout_language),
        "checklist_url": checklist_url,
        "action": request.url.path,
    })
