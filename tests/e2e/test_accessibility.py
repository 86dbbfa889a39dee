"""Accessibility, checked on every run: axe-core 4 (WCAG 2.2 A and AA, and best practice) on
every page and state of each role's journey, the keyboard's focus order through dialogs and
redraws, the focus ring on date fields, and a reflow at 200% text size.

axe-core comes from tools/axe (npm). It is put into each page through the DevTools protocol
(Playwright's init script), which the page's Content-Security-Policy does not govern: the page
itself still runs under the strict policy, with nothing inline."""

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.conftest import HOPE, KOFI, REASON, VICTORIA, Site, sign_in
from tests.e2e.pages import (
    GO_TO,
    cancel_dialog,
    expect,
    nav,
    open_child,
    search_by_name,
    unshielded_child_of,
    wait_for_graph,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
AXE_RUN = """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations']}).then(r => r.violations.map(v => ({
        rule: v.id, impact: v.impact, help: v.help,
        where: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary)})))"""


class Axe:
    """Runs axe on the page in each named state and keeps what it finds."""

    def __init__(self, page: "Page") -> None:
        self.page = page
        self.found: dict[str, list[dict[str, Any]]] = {}
        self.states: list[str] = []

    def check(self, state: str) -> None:
        self.page.wait_for_function("() => typeof window.axe !== 'undefined'")
        self.page.wait_for_timeout(150)  # the flash message's slide, the graph's first frame
        violations: list[dict[str, Any]] = self.page.evaluate(AXE_RUN, RULES)
        self.states.append(state)
        if violations:
            self.found[state] = violations

    def assert_clean(self, at_least: int) -> None:
        assert len(self.states) >= at_least, self.states
        assert self.found == {}, self.found


@pytest.fixture
def axe(page: "Page", axe_script: Path) -> Axe:
    page.context.add_init_script(path=str(axe_script))
    return Axe(page)


def give_reason(page: "Page", reason: str = REASON) -> None:
    page.get_by_label("Reason (at least 10 characters)").fill(reason)
    page.get_by_role("button", name="Continue").click()
    expect()(page.locator("#reason-dialog")).to_be_hidden()


# --- axe on every page and state ------------------------------------------------------------------


def test_a_practitioner_s_pages_and_dialogs_pass_axe(page: "Page", site: Site, axe: Axe) -> None:
    page.goto(site.url + "/login")
    axe.check("sign in")
    page.get_by_role("button", name="Sign in").click()
    expect()(page.locator("#login-error")).to_be_visible()
    axe.check("sign in, refused")
    sign_in(page, site, "lisa")
    axe.check("home: search and own work")
    page.get_by_role("button", name="Show the children I work with").click()
    give_reason(page)
    expect()(page.locator("#caseload-table")).to_be_visible()
    axe.check("home: the children I work with")
    page.get_by_role("button", name="Search").click()
    axe.check("search: refused in words")
    search_by_name(page, "Victoria Adjoa", "2016-03-04")
    expect()(page.locator(".result").first).to_be_visible()
    axe.check("search: results")

    page.evaluate(GO_TO, f"/children/{KOFI}")
    expect()(page.locator("#reason-dialog")).to_be_visible()
    axe.check("reason dialog")
    give_reason(page)
    wait_for_graph(page)
    axe.check("child page: not involved, the form to record")
    page.evaluate(GO_TO, f"/children/{VICTORIA}")
    give_reason(page)
    wait_for_graph(page)
    page.locator(".graph-list summary").click()
    page.locator("#graph-nodes").get_by_role("button", name="Efua Adjoa — parent or carer").click()
    page.locator("#who-body summary").click()
    axe.check("child page: own involvement, details, list and ended open")
    page.locator("#who-current .card-mine").get_by_role("button", name="End my involvement").click()
    axe.check("confirmation dialog")
    cancel_dialog(page)
    page.get_by_label("As it was on a date").check()
    page.get_by_label("Find a person or service in the picture").fill("adjoa")
    page.get_by_role("button", name="Find", exact=True).click()
    axe.check("child page: graph tools in use")
    axe.assert_clean(at_least=11)


def test_area_and_steward_pages_pass_axe(page: "Page", site: Site, axe: Axe) -> None:
    sign_in(page, site, "demo.mash")
    axe.check("MASH home")
    nav(page, "Gaps and coverage").click()
    expect()(page.locator("#gap-chart")).to_be_visible()
    page.locator("#gap-chart button.bar-row:not([disabled])").first.click()
    give_reason(page, "monthly gap review, team meeting")
    expect()(page.locator("#dash-table")).to_be_visible()
    axe.check("dashboard with a list")
    open_child(page, site, HOPE)
    axe.check("a shielded child")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, site, "demo.steward")
    axe.check("steward home")
    nav(page, "Possible duplicates").click()
    give_reason(page, "weekly review of duplicate records")
    expect()(page.locator("#dup-pairs")).to_be_visible()
    axe.check("duplicates to review")
    page.locator("#dup-pairs .dup-pair").first.get_by_role("button").first.click()
    axe.check("a decision with its reason")
    cancel_dialog(page)
    nav(page, "Transfers in").click()
    give_reason(page, "accepting children who moved in")
    axe.check("transfers in")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, site, "demo.shielding")
    axe.check("shielding officer home")
    nav(page, "Shielded records").click()
    give_reason(page, "monthly review of shielded records")
    axe.check("shielded records")
    axe.assert_clean(at_least=9)


def test_auditor_and_admin_pages_pass_axe(page: "Page", site: Site, axe: Axe) -> None:
    sign_in(page, site, "demo.auditor")
    nav(page, "Audit trail").click()
    expect()(page.locator("#audit-table")).to_be_visible()
    axe.check("audit trail")
    page.get_by_label("Child id").fill("not an id!")
    page.get_by_role("button", name="Show events").click()
    axe.check("audit trail: refused in words")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, site, "demo.admin")
    expect()(page.locator("#accounts-table")).to_be_visible()
    axe.check("accounts")
    page.get_by_role("button", name="Create the account").click()
    axe.check("accounts: refused in words")
    axe.assert_clean(at_least=4)


def test_the_child_page_passes_axe_at_tablet_width(page: "Page", site: Site, axe: Axe) -> None:
    page.set_viewport_size({"width": 768, "height": 1024})
    sign_in(page, site, "mash")
    open_child(page, site, VICTORIA)
    axe.check("child page at 768 px")
    axe.assert_clean(at_least=1)


# --- reflow: the reader's own text size -------------------------------------------------------


def boxes_overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def test_at_200_percent_text_the_child_page_reflows_without_overlap(
    page: "Page", site: Site
) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    sign_in(page, site, "mash")
    # the reader's own text size is the page's base: nothing overrides it
    assert page.evaluate("() => getComputedStyle(document.documentElement).fontSize") == "32px"
    open_child(page, site, VICTORIA)
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    ), "the page scrolls sideways at 200% text"
    facts = page.locator("#record-body")
    for term in ("Responsible local authority", "Date of birth", "NHS number"):
        dt = facts.locator("dt", has_text=term)
        dd = dt.locator("xpath=following-sibling::dd[1]")
        dt_box, dd_box = dt.bounding_box(), dd.bounding_box()
        assert dt_box is not None
        assert dd_box is not None
        assert not boxes_overlap(dt_box, dd_box), term
    for card in page.locator(".card").all()[:6]:
        box, body = card.bounding_box(), page.locator("body").bounding_box()
        assert box is not None
        assert body is not None
        assert box["x"] + box["width"] <= body["width"] + 1
    # and at 600 px (a phone on its side): one column, every card within the page
    page.set_viewport_size({"width": 600, "height": 900})
    page.wait_for_timeout(200)
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    ), "the page scrolls sideways at 600 px with 200% text"
    cards = page.evaluate(
        "() => [...document.querySelectorAll('#child-body .card')]"
        ".map(c => c.getBoundingClientRect().right)"
    )
    assert cards
    assert max(cards) <= 600, "a card runs off the page at 600 px with 200% text"


# --- the keyboard: where focus goes --------------------------------------------------------------

ACTIVE = (
    "() => document.activeElement && (document.activeElement.id || document.activeElement.tagName)"
)


def active(page: "Page") -> str:
    found: str = page.evaluate(ACTIVE)
    return found


def test_focus_after_the_reason_dialog_loads_a_child_or_is_escaped(
    page: "Page", site: Site
) -> None:
    sign_in(page, site, "mash")
    page.evaluate(GO_TO, f"/children/{KOFI}")
    expect()(page.locator("#reason-dialog")).to_be_visible()
    expect()(page.get_by_label("Reason (at least 10 characters)")).to_be_focused()
    page.keyboard.press("Escape")
    expect()(page.locator("#child-reason-again")).to_be_focused()
    page.keyboard.press("Enter")  # "Give a reason", by keyboard
    expect()(page.locator("#reason-dialog")).to_be_visible()
    page.keyboard.type(REASON)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Continue
    expect()(page.locator("#child-body")).to_be_visible()
    wait_for_graph(page)
    expect()(page.locator("#child-title")).to_be_focused()
    assert active(page) == "child-title"


def test_focus_stays_on_expand_when_the_details_are_drawn_again(page: "Page", site: Site) -> None:
    sign_in(page, site, "mash")
    open_child(page, site, VICTORIA)
    page.get_by_label("Show", exact=True).select_option("1")
    # drawn again without the sibling: the redraw is done before the keyboard goes on
    page.wait_for_function(f"() => !window.childindex.graph().nodes().some(n => n.id === '{KOFI}')")
    page.locator(".graph-list summary").focus()
    page.keyboard.press("Enter")
    mother = page.locator("#graph-nodes").get_by_role("button", name="Efua Adjoa — parent or carer")
    mother.focus()
    page.keyboard.press("Enter")
    expand = page.locator("#graph-expand")
    expect()(expand).to_be_visible()
    expand.focus()
    page.keyboard.press("Enter")
    expect()(page.locator("#flash")).to_contain_text("Added", timeout=15_000)
    expect()(page.locator("#graph-expand")).to_be_focused()
    assert active(page) != "BODY"


def test_focus_returns_to_the_button_after_a_confirmation_is_escaped(
    page: "Page", site: Site
) -> None:
    sign_in(page, site, "lisa")
    open_child(page, site, VICTORIA)
    end = page.locator("#who-current .card-mine").get_by_role("button", name="End my involvement")
    end.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#confirm-dialog")
    expect()(dialog).to_be_visible()
    expect()(dialog.get_by_role("button", name="Cancel")).to_be_focused()  # the safe default
    page.keyboard.press("Escape")
    expect()(dialog).to_be_hidden()
    expect()(end).to_be_focused()


def test_a_date_field_keeps_the_focus_ring_inside_it(page: "Page", site: Site) -> None:
    sign_in(page, site, "tom")
    open_child(page, site, unshielded_child_of(site))  # a demo child: Tom works with none
    form = page.locator("#involvement-form")
    expect()(form).to_be_visible()
    form.get_by_label("What you do with this child").focus()
    page.keyboard.press("Tab")  # into the date field (its day part)
    since = page.get_by_label("Since")
    expect()(since).to_be_focused()
    ring = since.evaluate(
        "(el) => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth,"
        " s.outlineColor]; }"
    )
    assert ring == ["solid", "3px", "rgb(255, 221, 0)"], ring
    for _ in range(3):  # month, year, then the calendar button: all inside the field
        page.keyboard.press("Tab")
    assert active(page) == "inv-since"
    # on the calendar button the field itself is neither :focus nor :focus-visible (Chromium):
    # the ring must come from :focus-within, or it disappears there
    assert since.evaluate("(el) => [el.matches(':focus'), el.matches(':focus-within')]") == [
        False,
        True,
    ]
    ring = since.evaluate(
        "(el) => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert ring == ["solid", "3px"], ring
