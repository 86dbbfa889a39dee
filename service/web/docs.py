"""`/docs`: the interactive API page (Swagger UI), served from this service alone.

FastAPI's own page loads Swagger UI from a CDN and starts it with an inline script: blank
without internet, and refused by the Content-Security-Policy every other page carries. This one
uses the vendored copy (service/static/vendor/swagger-ui/) and a script file.
"""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from service.web.pages import ASSET_VERSION, SECURITY_HEADERS, templates

SWAGGER_UI_VERSION = "5.35.0"
DOCS_PATH = "/docs"

router = APIRouter(include_in_schema=False)


@router.get(DOCS_PATH, response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    response = templates.TemplateResponse(
        request, "docs.html", {"version": f"{SWAGGER_UI_VERSION}-{ASSET_VERSION}"}
    )
    response.headers.update(SECURITY_HEADERS)
    response.headers["Cache-Control"] = "no-cache"
    return response
