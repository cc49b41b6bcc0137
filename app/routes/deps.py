"""What every route needs: the current data, the request's language, and rendering."""

from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.responses import HTMLResponse

from app.services.catalog import Catalog
from app.services.i18n import (
    choose_language,
    interface_languages,
    language_name,
    text_direction,
)

LANGUAGE_COOKIE = "lang"
POSTCODE_COOKIE = "postcode"
YEAR = 365 * 24 * 3600


class BadInput(ValueError):
    """Input that the API answers with 422 and this message as `detail`."""


class NotFound(LookupError):
    """An id that does not exist: 404 with this message."""


def get_catalog(request: Request) -> Catalog:
    return request.app.state.catalogs.current()


def page_language(
    request: Request, lang: Annotated[str | None, Query(max_length=20)] = None
) -> str:
    return choose_language(
        lang, request.cookies.get(LANGUAGE_COOKIE), request.headers.get("accept-language")
    )


CatalogDep = Annotated[Catalog, Depends(get_catalog)]
PageLanguage = Annotated[str, Depends(page_language)]


def render(
    request: Request,
    template: str,
    language: str,
    context: dict,
    status_code: int = 200,
) -> HTMLResponse:
    templates = request.app.state.templates.for_language(language)
    response = templates.TemplateResponse(
        request,
        template,
        {
            "lang": language,
            "dir": text_direction(language),
            "languages": [
                (code, language_name(code), str(request.url.include_query_params(lang=code)))
                for code in interface_languages()
            ],
            **context,
        },
        status_code=status_code,
    )
    if request.query_params.get("lang") == language:
        response.set_cookie(LANGUAGE_COOKIE, language, max_age=YEAR, samesite="lax",
                            httponly=True)
    response.headers["Vary"] = "Cookie, Accept-Language"
    return response
