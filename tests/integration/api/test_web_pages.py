"""The web UI's pages through the real app: shells with strict security headers, no child data
rendered on the server, nothing from another host, and out of the API's OpenAPI document."""

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph_model.types import ID_PATTERN
from service.store.graph_store import GraphStore
from service.web.pages import STATIC_DIR
from tests.integration.api.conftest import SHIELDED_SECRETS, VICTORIA

PAGES = [
    "/",
    "/login",
    f"/children/{VICTORIA}",
    "/dashboard",
    "/duplicates",
    "/audit",
    "/transfers",
    "/shielded",
    "/accounts",
]


@pytest.mark.parametrize("path", PAGES)
def test_each_page_is_the_shell_with_a_strict_policy_and_no_child_data(
    path: str, family: GraphStore, client: TestClient
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    html = response.text
    assert "<script>" not in html  # nothing inline for the CSP to refuse
    assert " style=" not in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)  # nothing from another host
    for secret in (*SHIELDED_SECRETS, "Victoria", "Adjo"):
        assert secret not in html


def test_page_routes_are_not_in_the_api_document(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert not [p for p in paths if not p.startswith(("/api/", "/health", "/metrics"))]


def test_a_child_page_address_with_a_bad_id_is_refused(client: TestClient) -> None:
    assert client.get("/children/x'%7D)%20DETACH%20DELETE%20(n").status_code == 422


def test_static_files_carry_the_headers_and_the_vendored_graph_library_its_licence(
    client: TestClient,
) -> None:
    for path in (
        "/static/app.css",
        "/static/js/app.js",
        "/static/vendor/cytoscape/cytoscape.min.js",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
    vendor = STATIC_DIR / "vendor" / "cytoscape"
    assert "Permission is hereby granted" in (vendor / "LICENSE").read_text(encoding="utf-8")
    assert "3.34.4" in (vendor / "README.md").read_text(encoding="utf-8")


def test_the_scripts_build_the_page_from_text_only() -> None:
    """Data from the API is put in with textContent: no script writes markup from strings."""
    for script in (STATIC_DIR / "js").glob("*.js"):
        source = script.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in source, f"{script.name} uses {sink}"


def test_every_asset_the_shell_names_exists() -> None:
    template = (Path(STATIC_DIR).parent / "web" / "templates" / "app.html").read_text("utf-8")
    for asset in re.findall(r"/static/([\w./-]+)\?", template):
        assert (STATIC_DIR / asset).is_file(), asset
    assert re.fullmatch(ID_PATTERN, VICTORIA)
