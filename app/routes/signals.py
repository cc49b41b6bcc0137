"""The signal check for professionals: /signalen, /signalen/{role}, and the advice with a
handout for the client at /signalen/{role}/advies (GET: shareable, nothing stored)."""

from typing import Annotated
from urllib.parse import urlencode

import segno
from fastapi import APIRouter, Query, Request
from markupsafe import Markup

from app.config import LANGUAGES
from app.routes.deps import ROLE_COOKIE, CatalogDep, NotFound, PageLanguage, remember, render
from app.services import signals as signal_check
from app.services.geo import locate_if_given
from app.services.i18n import data_language, language_name, text_direction

router = APIRouter()


@router.get("/signalen", include_in_schema=False)
def choose_role(request: Request, catalog: CatalogDep, language: PageLanguage):
    """Pick your role; the last one is remembered on this device."""
    remembered = request.cookies.get(ROLE_COOKIE)
    return render(request, "signals/roles.html", language, {
        "roles": list(catalog.professional_roles.values()),
        "remembered": catalog.professional_roles.get(remembered or ""),
    })


@router.get("/signalen/{role_id}", include_in_schema=False)
def checklist(request: Request, catalog: CatalogDep, language: PageLanguage, role_id: str):
    """The signals for one role, to tick; one screen, large checkboxes."""
    try:
        role = signal_check.role(catalog, role_id)
    except signal_check.UnknownRole:
        raise NotFound(role_id) from None
    response = render(request, "signals/checklist.html", language, {
        "role": role,
        "signals": signal_check.signals_for(catalog, role_id),
        "client_languages": [(code, language_name(code)) for code in LANGUAGES],
    })
    remember(request, response, ROLE_COOKIE, role_id)
    return response


@router.get("/signalen/{role_id}/advies", include_in_schema=False)
def advice(
    request: Request,
    catalog: CatalogDep,
    language: PageLanguage,
    role_id: str,
    s: Annotated[list[str], Query(max_length=signal_check.MAX_SIGNALS)] = [],  # noqa: B006
    postcode: str = "",
    client_lang: str | None = None,
):
    """The advice for the professional and the handout for the client."""
    try:
        role = signal_check.role(catalog, role_id)
    except signal_check.UnknownRole:
        raise NotFound(role_id) from None
    place, postcode_error = locate_if_given(catalog, postcode)
    on_list = {signal.id for signal in signal_check.signals_for(catalog, role_id)}
    known = [signal_id for signal_id in s if signal_id in on_list]
    result = signal_check.check(catalog, role_id, known, place)
    handout_language = data_language(client_lang or language)
    # The QR code opens this advice with the whole page in the client's language.
    shared_query = urlencode(
        [("s", signal.id) for signal in result.signals]
        + ([("postcode", place.postcode)] if place else [])
        + [("lang", handout_language)]
    )
    site = request.app.state.settings.public_url or str(request.base_url)
    shared_url = f"{site.rstrip('/')}{request.url.path}?{shared_query}"
    handout = request.app.state.templates.for_language(handout_language).get_template(
        "signals/_handout.html"
    ).render({
        "result": result,
        "place": place,
        "qr": Markup(segno.make(shared_url, error="m").svg_inline(scale=3, omitsize=True)),
        "lang": handout_language,
        "dir": text_direction(handout_language),
    })
    return render(request, "signals/advice.html", language, {
        "role": role,
        "result": result,
        "domains": [catalog.domains[d] for d in result.domains],
        "place": place,
        "postcode": postcode.strip()[:10],
        "postcode_error": postcode_error,
        "ignored": len(s) - len(known),
        "handout": Markup(handout),
        "handout_language": handout_language,
        "handout_language_name": language_name(handout_language),
        "shared_url": shared_url,
    })
