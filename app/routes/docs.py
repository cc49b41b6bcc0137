"""API documentation rendered here from the OpenAPI schema (no scripts from elsewhere)."""

from fastapi import APIRouter, Request

from app.routes.deps import PageLanguage, render

router = APIRouter()


@router.get("/docs", include_in_schema=False)
def api_docs(request: Request, language: PageLanguage):
    """Every API operation with its parameters; the schema itself is at /openapi.json."""
    schema = request.app.openapi()
    operations = [
        {"method": method.upper(), "path": path, **operation}
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    return render(request, "docs/page.html", language, {"operations": operations})
