"""Walk-in tablet mode: a fresh start for every visitor, and a question before leaving."""

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse

from app.routes.deps import VISITOR_COOKIES, BadInput, PageLanguage, render

router = APIRouter()


@router.get("/kiosk/opnieuw", include_in_schema=False)
def start_again(request: Request):
    """Forget the last visitor (language, postcode, role) and go to the start page."""
    response = RedirectResponse("/", status_code=303)
    for name in VISITOR_COOKIES:
        response.delete_cookie(name)
    response.headers["Cache-Control"] = "no-store"
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
