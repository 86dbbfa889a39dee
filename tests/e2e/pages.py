"""What the browser tests do on the app's pages, shared by the suites: move around as the app's
own links do, open a child with a reason, answer the dialogs, read what cytoscape reports, and
check that a page says things in words (no codes, ids or validator messages)."""

import re
from typing import TYPE_CHECKING, Any

from tests.e2e.conftest import REASON, Site

if TYPE_CHECKING:
    from playwright.sync_api import Page

GRAPH_NODES = "() => window.childindex.graph().nodes()"
GRAPH_EDGES = "() => window.childindex.graph().edges()"
GO_TO = "(p) => { history.pushState(null, '', p); dispatchEvent(new PopStateEvent('popstate')); }"
"""Move within the app as its own links do (a reload would end the in-memory session)."""
GRAPH_DRAWN = "() => window.childindex?.graph()?.nodes().length > 1"
FOCUS_AT_CENTRE = """(id) => {
    const cy = window.childindex.graph().cy;
    const bb = cy.nodes().boundingBox();
    const p = cy.getElementById(id).position();
    return Math.abs(p.x - (bb.x1 + bb.x2) / 2) < 40 && Math.abs(p.y - (bb.y1 + bb.y2) / 2) < 40;
}"""


def expect() -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def search_by_name(page: "Page", name: str, dob: str, reason: str = REASON) -> None:
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Date of birth").fill(dob)
    page.get_by_label("Reason for this search").fill(reason)
    page.get_by_role("button", name="Search").click()


def open_child(page: "Page", site: Site, child_id: str, reason: str = REASON) -> None:
    """Sign-in done: go to the child's page in the app and give the reason when asked."""
    page.evaluate(GO_TO, f"/children/{child_id}")
    dialog = page.locator("#reason-dialog")
    expect()(dialog).to_be_visible()
    page.get_by_label("Reason (at least 10 characters)").fill(reason)
    page.get_by_role("button", name="Continue").click()
    expect()(page.locator("#child-body")).to_be_visible()
    wait_for_graph(page)


def nav(page: "Page", name: str) -> Any:
    """A link of the main navigation (the home page may link to the same place)."""
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name)


def confirm_dialog(page: "Page", button: str, *, reason: str | None = None) -> None:
    """Answer the confirmation dialog: give this decision's reason if asked, and confirm."""
    dialog = page.locator("#confirm-dialog")
    expect()(dialog).to_be_visible()
    if reason is not None:
        dialog.get_by_role("textbox").fill(reason)
    dialog.get_by_role("button", name=button, exact=True).click()
    expect()(dialog).to_be_hidden()


def wait_for_graph(page: "Page") -> list[dict[str, Any]]:
    page.wait_for_function(GRAPH_DRAWN)
    nodes: list[dict[str, Any]] = page.evaluate(GRAPH_NODES)
    return nodes


def double_click_node(page: "Page", node_id: str) -> None:
    page.locator("#graph").scroll_into_view_if_needed()
    x, y = page.evaluate(
        """(id) => {
            const cy = window.childindex.graph().cy;
            const node = cy.getElementById(id);
            cy.resize();  // forget the container position cytoscape cached before the scroll
            cy.center(node);
            const p = node.renderedPosition();
            const box = cy.container().getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
        node_id,
    )
    page.mouse.dblclick(x, y)


def cancel_dialog(page: "Page") -> None:
    """Say no to the confirmation dialog (Cancel)."""
    dialog = page.locator("#confirm-dialog")
    expect()(dialog).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()
    expect()(dialog).to_be_hidden()


def record_writes(page: "Page") -> list[str]:
    """Every request the page sends to the API other than a read, as 'METHOD path', from now."""
    sent: list[str] = []

    def seen(request: Any) -> None:
        if "/api/" in request.url and request.method != "GET":
            sent.append(f"{request.method} {request.url.split('/api/v1', 1)[-1]}")

    page.on("request", seen)
    return sent


EMAIL = re.compile(r"\S+@\S+")
CODES = {
    "a local authority code": re.compile(r"\bE\d{8}\b"),
    "a gap rule's code": re.compile(r"\b[A-Z]{2,}(?:_[A-Z]+)+\b"),
    "a stored value": re.compile(r"\b[a-z]+_[a-z_]+\b"),
    "a validator's message": re.compile(r"Value error|String should|Input should|Field required"),
}
RECORD_ID = re.compile(r"\b(?:ch|pr|ag|cr|iv|rs|inv)\d*-(?:\d+|e2e-[a-z0-9-]+)\b")


def assert_in_words(page: "Page", *, ids: bool = False) -> None:
    """What the page shows a person holds no code: no local authority code, rule code, stored
    value (snake_case), validator message, nor (unless `ids`, the auditor's columns) a record's
    id. E-mail addresses are left out: they are what they are."""
    text = EMAIL.sub(" ", page.locator("body").inner_text())
    checks = {**CODES, **({} if ids else {"a record's id": RECORD_ID})}
    found = {what: sorted(set(rx.findall(text)))[:5] for what, rx in checks.items()}
    assert not any(found.values()), f"codes on the page: { {k: v for k, v in found.items() if v} }"


def unshielded_child_of(site: Site) -> str:
    """A child of the demo's first area, not shielded, with a carer: no e2e account works
    with any demo child, so the page offers each practitioner the form to record one."""
    for row in site.store.query("identity/list_child_ids_in_la", la=site.la):
        record = site.store.get_child(str(row["id"]))
        if not record.child.shielded and record.child.status == "active" and record.carers:
            return record.child.id
    raise AssertionError("the demo area has no unshielded child with a carer")
