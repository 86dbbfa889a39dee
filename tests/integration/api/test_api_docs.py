"""/docs, the interactive API page, is this service's own: Swagger UI vendored with its licence,
started by a script file under the pages' Content-Security-Policy, and nothing from any other
host (tests/e2e/test_api_docs.py renders it in Chromium with no network)."""

import hashlib
import re

from fastapi.testclient import TestClient

from service.web.docs import SWAGGER_UI_VERSION
from service.web.pages import STATIC_DIR

VENDOR = STATIC_DIR / "vendor" / "swagger-ui"


def test_the_docs_page_names_only_this_service_s_files(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    html = response.text
    assert "<script>" not in html
    assert " style=" not in html
    assert "//" not in html.replace("<!doctype html>", "")  # no address of another host
    assets = re.findall(r"(?:src|href)=\"(/static/[^\"?]+)", html)
    assert sorted(assets) == [
        "/static/favicon.svg",
        "/static/js/api-docs.js",
        "/static/vendor/swagger-ui/swagger-ui-bundle.js",
        "/static/vendor/swagger-ui/swagger-ui.css",
    ]
    for asset in assets:
        served = client.get(asset)
        assert served.status_code == 200, asset
        assert "script-src 'self'" in served.headers["content-security-policy"]


def test_fastapi_s_own_pages_that_load_from_a_cdn_are_gone(client: TestClient) -> None:
    for path in ("/redoc", "/docs/oauth2-redirect"):
        assert client.get(path).status_code == 404, path


def test_the_vendored_swagger_ui_is_the_version_its_note_names_with_its_licence() -> None:
    note = (VENDOR / "README.md").read_text(encoding="utf-8")
    assert f"**{SWAGGER_UI_VERSION}**" in note
    for name in ("swagger-ui-bundle.js", "swagger-ui.css"):
        digest = hashlib.sha256((VENDOR / name).read_bytes()).hexdigest()
        assert f"`{name}` (sha256 `{digest}`)" in note, name
    assert "Apache License" in (VENDOR / "LICENSE").read_text(encoding="utf-8")
    assert "SmartBear" in (VENDOR / "NOTICE").read_text(encoding="utf-8")


def test_the_starting_script_fetches_nothing_from_elsewhere() -> None:
    script = (STATIC_DIR / "js" / "api-docs.js").read_text(encoding="utf-8")
    assert 'url: "/openapi.json"' in script
    assert "validatorUrl: null" in script  # the default fetches a badge from the public one
    assert "http" not in script
