"""create_app(): settings, database, data, routers, static files."""

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from app.config import Settings
from app.db import make_engine, migrate
from app.middleware import BodyLimit, HeadAsGet
from app.routes import (
    api,
    client_page,
    docs,
    domains,
    home,
    hsds,
    kiosk,
    providers,
    search,
    signals,
    wegwijzer,
)
from app.routes.deps import BadInput, NotFound, page_language, render
from app.services.catalog import CatalogStore
from app.services.loading import DataError, files_version, in_memory_catalog, read_data
from app.services.matching import situation_index
from app.services.ranking import ranking_index
from app.services.semantic import Semantics
from app.services.storage import store_data, stored_version
from app.templating import PageTemplates

log = logging.getLogger("wegwijzer")

ROUTERS = [
    home.router, search.router, domains.router, wegwijzer.router, providers.router,
    signals.router, client_page.router, kiosk.router, api.router, hsds.router, docs.router,
]
STATIC_DIR = Path(__file__).resolve().parent / "static"

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
}


def load_data(engine, data_dir: Path) -> None:
    """Store the data files if they are valid; otherwise keep serving what is stored."""
    try:
        if stored_version(engine) == files_version(data_dir):
            return  # a restart on the same files: they are not read again
    except OSError:
        pass  # a file is missing; read_data names it
    try:
        data = read_data(data_dir)
    except DataError as error:
        if stored_version(engine) is None:
            raise
        log.error("data files not loaded, the previous data stays in use:\n%s", error)
        return
    try:
        stored = store_data(engine, data)
    except SQLAlchemyError:
        if stored_version(engine) is None:
            raise
        log.exception("data files not stored, the previous data stays in use")
        return
    if stored:
        log.info("data version %s loaded", data.version)


def index_builder(semantics: Semantics | None):
    """Builds a new catalog's search indexes before requests see it."""
    def prepare_indexes(catalog) -> None:
        situation_index(catalog)
        ranking_index(catalog)
        if semantics is not None:
            semantics.index(catalog)
    return prepare_indexes


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    engine = make_engine(settings.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.semantics = (Semantics.start(settings.data_dir)
                               if settings.semantic_matching else None)
        prepare = index_builder(app.state.semantics)
        try:
            migrate(engine)
            if settings.load_data_on_start:
                load_data(engine, settings.data_dir)
            app.state.catalogs = CatalogStore(engine, settings.data_check_seconds, prepare)
        except (OperationalError, ValidationError):
            # A process that starts during a database outage serves the data files (when
            # they are valid) and takes the stored data once the database answers. So
            # does one that finds a stored version of another code's shape.
            log.exception("the stored data cannot be read; serving the data files")
            app.state.catalogs = CatalogStore(engine, settings.data_check_seconds, prepare,
                                              initial=in_memory_catalog(settings.data_dir))
        yield
        app.state.catalogs.close()
        engine.dispose()

    app = FastAPI(
        title="Wegwijzer",
        summary="Find free, independent client support (cliëntondersteuning) near you.",
        version="1",
        lifespan=lifespan,
        # FastAPI's own docs pages load scripts from a CDN; /docs is rendered here instead.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.templates = PageTemplates()
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _add_error_handlers(app)

    app.middleware("http")(kiosk.keep_visitor_input_out_of_addresses)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        # A page may show a question, a postcode or ticked signals: never kept in a cache.
        if response.headers.get("content-type", "").startswith("text/html"):
            response.headers.setdefault("Cache-Control", "no-store")
        if settings.https:
            response.headers.setdefault("Strict-Transport-Security",
                                        "max-age=31536000; includeSubDomains")
            _secure_cookies(response)
        return response

    # Outermost last: hosts are checked, then bodies bounded, then HEAD read as GET.
    app.add_middleware(HeadAsGet)
    app.add_middleware(BodyLimit)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)
    return app


def _secure_cookies(response) -> None:
    """Behind HTTPS every cookie is Secure: it never travels over plain HTTP."""
    response.raw_headers[:] = [
        (name, value + b"; Secure")
        if name == b"set-cookie" and b"secure" not in value.lower() else (name, value)
        for name, value in response.raw_headers
    ]


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/healthz"))


def _error_page(request: Request, status_code: int, kind: str) -> HTMLResponse:
    language = page_language(request, request.query_params.get("lang"))
    return render(request, "errors/page.html", language, {"kind": kind}, status_code)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(BadInput)
    async def bad_input(request: Request, error: BadInput):
        if _wants_json(request):
            return JSONResponse({"detail": str(error)}, status_code=422)
        return _error_page(request, 422, "bad-input")

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError):
        if _wants_json(request):
            problems = [
                "the body is not valid JSON" if e["type"] == "json_invalid" else
                f"{'.'.join(str(p) for p in e['loc'][1:]) or e['loc'][0]}: {e['msg']}"
                for e in error.errors()
            ]
            return JSONResponse({"detail": "; ".join(problems)}, status_code=422)
        return _error_page(request, 422, "bad-input")

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound):
        if _wants_json(request):
            return JSONResponse({"detail": str(error)}, status_code=404)
        return _error_page(request, 404, "not-found")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        if error.status_code == 400 and _wants_json(request):
            # FastAPI's answer to a body that cannot be read at all (not UTF-8): as with
            # any other bad input, 422 and what is wrong.
            return JSONResponse({"detail": "the body is not valid JSON in UTF-8"},
                                status_code=422)
        # The error's own headers stay: a 405 says in Allow which methods the address
        # takes, HEAD too where GET is (HeadAsGet answers it).
        headers = dict(error.headers or {})
        if "GET" in headers.get("Allow", "").split(", ") and "HEAD" not in headers["Allow"]:
            headers["Allow"] += ", HEAD"
        if _wants_json(request) or error.status_code not in (404, 405):
            return JSONResponse({"detail": error.detail}, status_code=error.status_code,
                                headers=headers)
        page = _error_page(request, error.status_code, "not-found")
        page.headers.update(headers)
        return page


class _PrivateAccessLog(logging.Filter):
    """Access logs keep method, path and status; never the query (a resident's question)
    nor the client's address."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) == 5:
            _client, method, path, version, status = record.args
            record.args = ("-", method, str(path).split("?", 1)[0], version, status)
        return True


logging.getLogger("uvicorn.access").addFilter(_PrivateAccessLog())


def __getattr__(name: str):
    # `uvicorn app.main:app` builds the app on first use, not at import: tests import this
    # module without a database.
    if name == "app":
        globals()["app"] = application = create_app()
        return application
    raise AttributeError(name)
