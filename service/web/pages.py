"""Routes of the web UI's pages and the static files, each answered with strict security headers.

The pages are one shell (sign-in, search, child, dashboard and each role's own views) that the
script switches between; the server renders no child data, so the page routes need no token and
stay out of the OpenAPI document (they are not part of the API).
"""

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from graph_model.types import ID_PATTERN

WEB_DIR = Path(__file__).parent
STATIC_DIR = WEB_DIR.parent / "static"
ASSET_VERSION = "1"
"""Appended to asset URLs; bump it when the static files change in a way caches must notice."""

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)
"""No inline script or style, nothing from any other host: a page can only run and fetch what
this service serves."""

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}

templates = Jinja2Templates(directory=WEB_DIR / "templates")
router = APIRouter(include_in_schema=False)

ChildId = Annotated[str, PathParam(pattern=ID_PATTERN)]


class SecureStaticFiles(StaticFiles):
    """Static files with the pages' security headers."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers.update(SECURITY_HEADERS)
        response.headers["Cache-Control"] = "no-cache"  # revalidate: ETag makes it cheap
        return response


def _shell(request: Request, view: str, title: str) -> HTMLResponse:
    response = templates.TemplateResponse(
        request,
        "app.html",
        {"view": view, "title": title, "asset_version": ASSET_VERSION},
    )
    response.headers.update(SECURITY_HEADERS)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request) -> HTMLResponse:
    return _shell(request, "search", "Find a child")


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    return _shell(request, "login", "Sign in")


@router.get("/children/{child_id}", response_class=HTMLResponse)
def child_page(request: Request, child_id: ChildId) -> HTMLResponse:
    del child_id  # the script reads it from the address and asks the API
    return _shell(request, "child", "A child's record")


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(request: Request) -> HTMLResponse:
    return _shell(request, "dashboard", "Gaps and coverage")


@router.get("/duplicates", response_class=HTMLResponse)
def duplicates_page(request: Request) -> HTMLResponse:
    return _shell(request, "duplicates", "Possible duplicates")


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request) -> HTMLResponse:
    return _shell(request, "audit", "Audit trail")


@router.get("/transfers", response_class=HTMLResponse)
def transfers_page(request: Request) -> HTMLResponse:
    return _shell(request, "transfers", "Transfers in")


@router.get("/shielded", response_class=HTMLResponse)
def shielded_page(request: Request) -> HTMLResponse:
    return _shell(request, "shielded", "Shielded records")


@router.get("/accounts", response_class=HTMLResponse)
def accounts_page(request: Request) -> HTMLResponse:
    return _shell(request, "accounts", "Accounts")
