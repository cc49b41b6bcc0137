"""What every route needs: the current data, the request's language, and rendering."""

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote, unquote

from fastapi import Depends, Query, Request
from fastapi.responses import HTMLResponse

from app.services.catalog import Catalog, Place
from app.services.geo import PostcodeError, locate, locate_if_given
from app.services.i18n import (
    choose_language,
    interface_languages,
    language_name,
    text_direction,
)
from app.services.semantic import Semantics

LANGUAGE_COOKIE = "lang"
POSTCODE_COOKIE = "postcode"
ROLE_COOKIE = "role"
KIOSK_COOKIE = "kiosk"
# Only on a walk-in tablet, where a visitor's input never goes into an address
# (app/routes/kiosk.py): the question, and the ticked signals with the handout language.
QUESTION_COOKIE = "question"
# On a tablet: the question was cut to fit its cookie.
QUESTION_CUT_COOKIE = "question_cut"
CHECK_COOKIE = "check"
# What a device remembers of its user; a walk-in tablet forgets it between visitors.
VISITOR_COOKIES = (LANGUAGE_COOKIE, POSTCODE_COOKIE, ROLE_COOKIE, QUESTION_COOKIE,
                   QUESTION_CUT_COOKIE, CHECK_COOKIE)
YEAR = 365 * 24 * 3600
KIOSK_IDLE_SECONDS = 180
# The walk-in tablet asks "are you still there?" this long before it starts again.
KIOSK_WARNING_SECONDS = 20


class BadInput(ValueError):
    """Input that the API answers with 422 and this message as `detail`."""


class NotFound(LookupError):
    """An id that does not exist: 404 with this message."""


def get_catalog(request: Request) -> Catalog:
    return request.app.state.catalogs.current()


def get_semantics(request: Request) -> Semantics | None:
    """The sentence model, or None when matching runs on keywords only."""
    return getattr(request.app.state, "semantics", None)


def page_language(request: Request, lang: str | None = None) -> str:
    # Any unknown value, however long, falls back: it is only compared with the list.
    return choose_language(
        lang, remembered(request, LANGUAGE_COOKIE), request.headers.get("accept-language")
    )


def wants_fragment(request: Request) -> bool:
    """Whether htmx asks for a part of the page to swap in. The one place that decides:
    htmx asks for the whole page again when it restores history (Back)."""
    return (request.headers.get("hx-request") == "true"
            and request.headers.get("hx-history-restore-request") != "true")


CatalogDep = Annotated[Catalog, Depends(get_catalog)]


def api_place(
    catalog: CatalogDep,
    postcode: Annotated[str | None, Query(
        max_length=20, examples=["2011"],
        description="a Dutch postcode: 4 digits, with or without its letters")] = None,
) -> Place | None:
    """The place of the API's `postcode`; 422 when it is not one."""
    if not postcode:
        return None
    try:
        return locate(catalog, postcode)
    except PostcodeError as error:
        raise BadInput(str(error)) from None


@dataclass(frozen=True)
class PostcodeInput:
    """A page's postcode: typed now, or remembered on this device."""

    shown: str  # as it is shown back in the form
    place: Place | None
    error: bool  # something was typed that is not a Dutch postcode
    typed: bool  # in this request's address, not remembered


def page_postcode(request: Request, catalog: CatalogDep,
                  postcode: str | None = None) -> PostcodeInput:
    given = postcode if postcode is not None else remembered(request, POSTCODE_COOKIE)
    place, error = locate_if_given(catalog, given)
    return PostcodeInput(given.strip()[:10], place, error, postcode is not None)


ApiPlace = Annotated[Place | None, Depends(api_place)]
PagePostcode = Annotated[PostcodeInput, Depends(page_postcode)]
HtmxFragment = Annotated[bool, Depends(wants_fragment)]
SemanticsDep = Annotated[Semantics | None, Depends(get_semantics)]
PageLanguage = Annotated[str, Depends(page_language)]


def in_kiosk(request: Request) -> bool:
    """Walk-in tablet mode: ?kiosk=1 turns it on for the browser session, ?kiosk=0 off."""
    asked = request.query_params.get("kiosk")
    if asked in ("0", "1"):
        return asked == "1"
    return request.cookies.get(KIOSK_COOKIE) == "1"


def remember(request: Request, response, name: str, value: str) -> None:
    """Keep a choice in a cookie: for a year on a personal device, and only for the
    browser session on a walk-in tablet, where the idle reset also clears it."""
    response.set_cookie(name, quote(value, safe=""),
                        max_age=None if in_kiosk(request) else YEAR,
                        samesite="lax", httponly=True)


def remembered(request: Request, name: str) -> str:
    return unquote(request.cookies.get(name, ""))


def forget_visitor(response) -> None:
    for name in VISITOR_COOKIES:
        response.delete_cookie(name)


def language_link(request: Request, language: str) -> str:
    """This page in another language (without its query when the address is absurdly long)."""
    link = str(request.url.include_query_params(lang=language))
    return link if len(link) <= 2000 else f"{request.url.path}?lang={language}"


def render(
    request: Request,
    template: str,
    language: str,
    context: dict,
    status_code: int = 200,
) -> HTMLResponse:
    templates = request.app.state.templates.for_language(language)
    kiosk = in_kiosk(request)
    response = templates.TemplateResponse(
        request,
        template,
        {
            "lang": language,
            "dir": text_direction(language),
            "languages": [
                (code, language_name(code), language_link(request, code))
                for code in interface_languages()
            ],
            "kiosk": kiosk,
            "kiosk_idle_seconds": KIOSK_IDLE_SECONDS,
            "kiosk_warning_seconds": KIOSK_WARNING_SECONDS,
            # On a walk-in tablet forms are posted, so that what a visitor fills in never
            # becomes part of an address in the browser's history.
            "form_method": "post" if kiosk else "get",
            **context,
        },
        status_code=status_code,
    )
    if request.query_params.get("lang") == language:
        remember(request, response, LANGUAGE_COOKIE, language)
    if kiosk:
        # The next visitor must not find this one's pages with the back button.
        response.headers["Cache-Control"] = "no-store"
    response.headers["Vary"] = "Cookie, Accept-Language"
    return response
