"""Walk-in tablet mode: what one visitor fills in never goes into an address, a fresh
start for every visitor, and a question before leaving the site.

On a tablet the browser's history is shared by every visitor. So a visitor's input (the
question, postcode, language, role, ticked signals) is kept only in cookies that last
for the browser session, and every page address stays free of it: forms are posted, and
a posted form or an address with such input is answered with a redirect to the bare
address. "New visitor" and the idle reset delete those cookies; pages are never stored
(no-store), so Back, Forward and reload find only empty pages.
"""

from typing import Annotated
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException

from app.routes.deps import (
    CHECK_COOKIE,
    KIOSK_COOKIE,
    LANGUAGE_COOKIE,
    POSTCODE_COOKIE,
    QUESTION_COOKIE,
    QUESTION_CUT_COOKIE,
    ROLE_COOKIE,
    BadInput,
    PageLanguage,
    forget_visitor,
    in_kiosk,
    remember,
    render,
)
from app.services.i18n import interface_languages
from app.services.matching import MAX_SCAN_LENGTH
from app.services.signals import MAX_SIGNALS

router = APIRouter()

VISITOR_FIELDS = ("q", "postcode", "lang", "role", "s", "client_lang", "kiosk")
# Addresses that are not pages a visitor fills in.
NOT_FORM_PAGES = ("/api/", "/static/", "/healthz", "/docs", "/openapi.json", "/kiosk/opnieuw")
# A posted form is small; anything else (an upload, thousands of fields) is ignored.
MAX_FORM_FIELDS = 200


async def keep_visitor_input_out_of_addresses(request: Request, call_next) -> Response:
    """On a walk-in tablet, move a visitor's input from a posted form or an address into
    session cookies, and redirect to the address without it. ?kiosk=1 and ?kiosk=0
    switch tablet mode on and off, each with a clean slate."""
    switch = request.query_params.get("kiosk")
    if request.url.path.startswith(NOT_FORM_PAGES) or not (in_kiosk(request) or switch):
        return await call_next(request)
    if request.method == "POST":
        fields = await _posted_fields(request)
    elif request.method == "GET" and any(f in request.query_params for f in VISITOR_FIELDS):
        fields = list(request.query_params.multi_items())
    else:
        return await call_next(request)
    # What is not the visitor's own input (a page's subjects, a link's target) stays.
    others = [(name, value) for name, value in [*request.query_params.multi_items(), *(
        fields if request.method == "POST" else [])] if name not in VISITOR_FIELDS]
    target = request.url.path + (f"?{urlencode(others)}" if others else "")
    response = RedirectResponse(target, status_code=303)
    response.headers["Cache-Control"] = "no-store"
    if switch in ("0", "1"):
        forget_visitor(response)
    if switch == "0":
        response.delete_cookie(KIOSK_COOKIE)
        return response
    if switch == "1":
        response.set_cookie(KIOSK_COOKIE, "1", samesite="lax", httponly=True)
    keep_visitor_input(request, response, fields)
    return response


async def _posted_fields(request: Request) -> list[tuple[str, str]]:
    """The text fields of a posted form; nothing when the body is not a small form."""
    try:
        form = await request.form(max_files=0, max_fields=MAX_FORM_FIELDS)
    except (HTTPException, MultiPartException):  # malformed, too many fields, an upload
        return []
    return [(name, value) for name, value in form.multi_items() if isinstance(value, str)]


def keep_visitor_input(request: Request, response: Response,
                       fields: list[tuple[str, str]]) -> None:
    given = dict(fields)
    if "q" in given:
        question = given["q"].strip()
        kept = fit_in_cookie(question)
        _keep(request, response, QUESTION_COOKIE, kept)
        _keep(request, response, QUESTION_CUT_COOKIE, "1" if len(kept) < len(question) else "")
    if "postcode" in given:
        _keep(request, response, POSTCODE_COOKIE, given["postcode"].strip()[:10])
    if given.get("lang") in interface_languages():
        _keep(request, response, LANGUAGE_COOKIE, given["lang"])
    if "role" in given:
        _keep(request, response, ROLE_COOKIE, given["role"][:60])
    if "s" in given or "client_lang" in given:
        # A submitted checklist replaces the last one, also when nothing is ticked.
        signals = [("s", value[:60]) for name, value in fields if name == "s"]
        check = signals[:MAX_SIGNALS] + [("client_lang", given.get("client_lang", "")[:10])]
        _keep(request, response, CHECK_COOKIE, urlencode(check))


# A browser keeps about 4 KB per cookie, and the question is URL-quoted in it: an Arabic
# or Ukrainian letter takes 6 bytes there. On a tablet a very long question is cut to fit.
MAX_COOKIE_VALUE = 3500


def fit_in_cookie(question: str) -> str:
    question = question[:MAX_SCAN_LENGTH]
    while len(quote(question, safe="")) > MAX_COOKIE_VALUE:
        question = question[:len(question) * 9 // 10]
    return question


def _keep(request: Request, response: Response, name: str, value: str) -> None:
    if value:
        remember(request, response, name, value)
    else:
        response.delete_cookie(name)


@router.get("/kiosk/opnieuw", include_in_schema=False)
def start_again(request: Request):
    """Forget the last visitor (everything they chose or filled in) and go to the start."""
    response = RedirectResponse("/", status_code=303)
    forget_visitor(response)
    response.headers["Cache-Control"] = "no-store"
    # Also drops this site's pages from the browser's caches, the back-forward cache too.
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


@router.get("/verlaten", include_in_schema=False)
def leaving(request: Request, language: PageLanguage,
            naar: Annotated[str, Query(max_length=500)]):
    """On a walk-in tablet, a link to another site asks first."""
    try:
        target = urlsplit(naar)
        host = target.hostname
    except ValueError:
        raise BadInput("not a web address") from None
    # No "user@" part and no backslash: they make an address look like another site.
    if (target.scheme not in ("http", "https") or not host or "@" in target.netloc
            or "\\" in naar):
        raise BadInput("not a web address")
    return render(request, "kiosk/leaving.html", language, {"target": naar, "host": host})
