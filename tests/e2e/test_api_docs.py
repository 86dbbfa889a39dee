"""The interactive API page (/docs) in a real browser with no way out: Swagger UI comes from this
service, runs under the pages' Content-Security-Policy, and can call the API."""

from typing import TYPE_CHECKING

from tests.e2e.conftest import PASSWORD, Site, Watch

if TYPE_CHECKING:
    from playwright.sync_api import Page


def test_the_api_page_renders_every_operation_offline_under_the_csp(
    page: "Page", site: Site, watch: Watch
) -> None:
    response = page.goto(site.url + "/docs")
    assert response is not None
    assert response.ok
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    page.get_by_role("heading", name="childindex").wait_for()
    operations = page.locator(".opblock")
    operations.first.wait_for()
    assert operations.count() == sum(
        len(methods)
        for methods in page.request.get(site.url + "/openapi.json").json()["paths"].values()
    )
    # the rules are there for a reader too: the search's NHS number with its description
    page.locator(".opblock-summary-path[data-path='/api/v1/children']").first.click()
    page.get_by_text("modulus 11 check digit").first.wait_for()
    assert watch.hosts == {"127.0.0.1"}
    assert watch.outside == []
    assert watch.errors == []  # a Content-Security-Policy violation is a console error


def test_the_api_page_signs_in_and_calls_the_api(page: "Page", site: Site, watch: Watch) -> None:
    page.goto(site.url + "/docs")
    page.get_by_role("button", name="Authorize").click()
    dialog = page.locator(".modal-ux")
    dialog.locator("input#oauth_username").fill("auditor")
    dialog.locator("input#oauth_password").fill(PASSWORD)
    dialog.get_by_role("button", name="Apply given OAuth2 credentials").click()
    dialog.get_by_text("Authorized", exact=True).wait_for()
    dialog.locator("button.btn-done").click()
    me = page.locator("#operations-auth-me_api_v1_me_get")
    me.locator(".opblock-summary").click()
    me.get_by_role("button", name="Try it out").click()
    me.get_by_role("button", name="Execute").click()
    body = me.locator(".responses-wrapper .live-responses-table .response-col_description pre")
    body.first.wait_for()
    assert '"username": "auditor"' in body.first.inner_text()
    assert watch.outside == []
    assert watch.errors == []
