"""Day one for each role, from the stock demo data and with the printed demo logins: each login
opens on its own work and does its job through the pages, every irreversible step asks first
(and a "Cancel" sends nothing), and every page says things in words, not codes."""

from typing import TYPE_CHECKING

from service.auth.accounts import Accounts
from service.store.graph_store import GraphStore
from service.store.identity import IdentityStore, PairStatus
from tests.e2e.conftest import Site, screenshot, sign_in
from tests.e2e.pages import (
    assert_in_words,
    cancel_dialog,
    confirm_dialog,
    expect,
    nav,
    open_child,
    record_writes,
    unshielded_child_of,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


def sign_out(page: "Page") -> None:
    page.get_by_role("button", name="Sign out").click()
    expect()(page.get_by_role("heading", name="Sign in")).to_be_visible()


def give_reason(page: "Page", reason: str) -> None:
    dialog = page.locator("#reason-dialog")
    expect()(dialog).to_be_visible()
    page.get_by_label("Reason (at least 10 characters)").fill(reason)
    page.get_by_role("button", name="Continue").click()
    expect()(dialog).to_be_hidden()


def area_name(site: Site) -> str:
    name = site.store.get_local_authority(site.la).name
    assert name is not None
    return name


# --- MASH and managers ------------------------------------------------------------------------


def test_the_mash_officer_opens_the_dashboard_of_their_area_most_urgent_first(
    page: "Page", site: Site
) -> None:
    sign_in(page, site, "demo.mash")
    work = page.locator("#home-work")
    expect()(work).to_contain_text(f"Gaps in {area_name(site)}")
    expect()(work.locator("#home-gaps li").first).to_contain_text("high priority")
    assert_in_words(page)
    page.get_by_role("link", name="Open the dashboard").click()
    chart = page.locator("#gap-chart")
    expect()(chart).to_be_visible()
    expect()(page.locator("#dash-error")).to_be_hidden()
    expect()(page.locator("#dash-subtitle")).to_have_text(area_name(site))
    bars = chart.locator("button.bar-row")
    shown = [
        (
            SEVERITY_RANK[bar.get_attribute("data-severity") or ""],
            -int(bar.locator(".bar-value").inner_text().replace(",", "")),
        )
        for bar in bars.all()
    ]
    assert len(shown) == 18
    assert shown == sorted(shown)  # by severity, then the most children
    assert shown[0][1] < 0  # some high-priority rule flags children in the demo
    assert_in_words(page)
    screenshot(page, "role-mash", full_page=False)


# --- data stewards ----------------------------------------------------------------------------


def test_the_steward_finds_candidates_waiting_decides_with_a_reason_and_reverses_it(
    page: "Page", site: Site
) -> None:
    waiting = IdentityStore(site.store).pairs_in_la(site.la, PairStatus.CANDIDATE)
    assert waiting, "the demo gives its steward pairs to review"
    sign_in(page, site, "demo.steward")
    tasks = page.locator("#home-tasks")
    expect()(tasks).to_contain_text(f"{len(waiting)} pairs waiting")
    expect()(tasks).to_contain_text("children waiting")
    assert_in_words(page)
    screenshot(page, "role-steward-home", full_page=False)
    tasks.get_by_role("link", name="Possible duplicates").click()
    give_reason(page, "weekly review of duplicate records")
    cards = page.locator("#dup-pairs .dup-pair")
    expect()(cards.first).to_be_visible()
    assert cards.count() == min(len(waiting), 25)
    assert_in_words(page)
    screenshot(page, "role-steward", full_page=False)

    first = cards.first
    pair = first.get_attribute("data-pair")
    assert pair is not None
    a, b = pair.split(" ")
    writes = record_writes(page)
    first.get_by_role("button", name="Different children: reject").click()
    cancel_dialog(page)
    assert writes == []  # "Cancel" sent nothing
    expect()(first.get_by_role("button", name="Different children: reject")).to_be_focused()

    first.get_by_role("button", name="Different children: reject").click()
    # the decision's own reason, not the page's: a short one is refused in the dialog
    confirm_dialog_expecting_reason(page, "Different children: reject")
    assert writes == [f"POST /duplicates/{a}/{b}"]
    expect()(page.locator("#flash")).to_contain_text("Rejected:")
    expect()(page.locator(f'#dup-pairs [data-pair="{pair}"]')).to_have_count(0)

    page.get_by_label("Show pairs").select_option("rejected")
    rejected = page.locator(f'#dup-pairs [data-pair="{pair}"]')
    expect()(rejected).to_contain_text("rejected by you")
    rejected.get_by_role("button", name="Reverse: review again").click()
    confirm_dialog(page, "Reverse the decision", reason="rejected by mistake: same guardian")
    expect()(page.locator("#flash")).to_contain_text("reversed")
    page.get_by_label("Show pairs").select_option("candidate")
    expect()(page.locator(f'#dup-pairs [data-pair="{pair}"]')).to_have_count(1)
    events = [
        e
        for e in site.store.query(
            "audit/list_events_by_user",
            user="demo.steward",
            since=None,
            until=None,
            before=None,
            limit=50,
        )
        if e["event"]["action"] == "decide_duplicate"
    ]
    reasons = {e["event"]["reason"] for e in events}
    assert {"rejected by mistake: same guardian", "two families, checked with both GPs"} <= reasons


def confirm_dialog_expecting_reason(page: "Page", button: str) -> None:
    dialog = page.locator("#confirm-dialog")
    expect()(dialog).to_be_visible()
    dialog.get_by_role("textbox").fill("short")
    dialog.get_by_role("button", name=button, exact=True).click()
    expect()(dialog.locator("#confirm-reason-error")).to_contain_text("at least 10 characters")
    expect()(dialog.get_by_role("textbox")).to_be_focused()
    confirm_dialog(page, button, reason="two families, checked with both GPs")


def test_a_receiving_steward_accepts_transfers_from_the_list_and_from_the_record(
    page: "Page", site: Site
) -> None:
    moved = site.demo.transfers
    assert len(moved) >= 2
    sign_in(page, site, "demo.steward")
    nav(page, "Transfers in").click()
    give_reason(page, "accepting children who moved in this week")
    rows = page.locator("#transfers-table tbody tr")
    expect()(rows).to_have_count(len(moved))
    came_from = site.store.get_local_authority(site.other_la).name or ""
    expect()(rows.first).to_contain_text(came_from)
    assert_in_words(page)
    screenshot(page, "role-steward-transfers", full_page=False)

    first = rows.first.get_attribute("data-child")
    writes = record_writes(page)
    rows.first.get_by_role("button").click()
    cancel_dialog(page)
    assert writes == []
    rows.first.get_by_role("button").click()
    confirm_dialog(page, "Accept responsibility")
    assert [w.split("/moves/")[0] for w in writes] == [f"POST /children/{first}"]
    expect()(rows).to_have_count(len(moved) - 1)
    assert site.store.get_child(str(first)).child.responsible_la == site.la

    # the next one from its record, where the steward sees the move waiting
    second = next(c for c in moved if c != first)
    open_child(page, site, second, reason="accepting children who moved in this week")
    section = page.locator("#transfer-section")
    expect()(section).to_contain_text(f"from {came_from}")
    section.get_by_role("button", name="Accept responsibility").click()
    confirm_dialog(page, "Accept responsibility")
    expect()(section).to_be_hidden()
    expect()(page.locator("#record-body")).to_contain_text(
        f"Responsible local authority{area_name(site)}"
    )
    assert site.store.get_child(second).child.responsible_la == site.la
    assert_in_words(page)


# --- shielding officers -------------------------------------------------------------------------


def test_the_shielding_officer_shields_and_unshields_a_child_from_its_page(
    page: "Page", site: Site
) -> None:
    child = unshielded_child_of(site)
    shielded = site.store.shielded_children(site.la)
    assert set(site.demo.shielded) <= {c["id"] for c in shielded}
    sign_in(page, site, "demo.shielding")
    tasks = page.locator("#home-tasks")
    expect()(tasks).to_contain_text(f"{len(shielded)} records")
    tasks.get_by_role("link", name="Shielded records").click()
    give_reason(page, "monthly review of shielded records")
    expect()(page.locator("#shielded-table tbody tr")).to_have_count(len(shielded))
    assert_in_words(page)
    screenshot(page, "role-shielding", full_page=False)

    open_child(page, site, child, reason="police report: family fled to a refuge")
    section = page.locator("#shield-section")
    expect()(section).to_contain_text("Not shielded")
    writes = record_writes(page)
    section.get_by_role("button", name="Shield this record").click()
    cancel_dialog(page)
    assert writes == []
    section.get_by_role("button", name="Shield this record").click()
    confirm_dialog(page, "Shield this record", reason="police report: family fled to a refuge")
    assert writes == [f"POST /children/{child}/shield"]
    expect()(section).to_contain_text("Shielded: only")
    assert site.store.get_child(child).child.shielded
    assert_in_words(page)
    section.scroll_into_view_if_needed()
    screenshot(page, "role-shielding-record", full_page=False)

    # a MASH officer now sees the notice, not the address
    sign_out(page)
    sign_in(page, site, "demo.mash")
    open_child(page, site, child)
    expect()(page.locator("#child-shielded")).to_contain_text("This record is shielded")
    expect()(page.locator("#shield-section")).to_be_hidden()
    sign_out(page)

    sign_in(page, site, "demo.shielding")
    open_child(page, site, child, reason="risk assessment reviewed at strategy meeting")
    section.get_by_role("button", name="Remove shielding").click()
    confirm_dialog(page, "Remove shielding", reason="risk assessment reviewed at strategy meeting")
    expect()(section).to_contain_text("Not shielded")
    assert not site.store.get_child(child).child.shielded


# --- admins -------------------------------------------------------------------------------------


def test_an_admin_creates_an_account_that_works_and_disables_it(page: "Page", site: Site) -> None:
    sign_in(page, site, "demo.admin")
    expect()(page).to_have_url(f"{site.url}/accounts")
    expect()(page.get_by_role("heading", name="Accounts", level=1)).to_be_visible()
    expect()(nav(page, "Find a child")).to_be_hidden()  # admins see no child: no search to refuse
    expect()(page.locator("#search-form")).to_be_hidden()
    expect()(page.locator("#accounts-table")).to_contain_text("demo.steward")
    assert_in_words(page)

    form = page.locator("#account-form")
    form.get_by_role("button", name="Create the account").click()
    expect()(page.locator("#account-form-error")).to_contain_text("Choose at least one role")
    form.get_by_label("New user name").fill("Nia.Manager")
    form.get_by_label("Manager: the area's gaps and coverage").check()
    form.get_by_label("First password").fill("a first password for Nia")
    form.get_by_role("button", name="Create the account").click()
    expect()(page.locator("#account-form-error")).to_contain_text("Choose the local authority")
    form.get_by_label("Local authority", exact=True).select_option(label=area_name(site))
    form.get_by_role("button", name="Create the account").click()
    expect()(page.locator("#flash")).to_contain_text("Account nia.manager created")
    row = page.locator('#accounts-table tr[data-user="nia.manager"]')
    expect()(row).to_contain_text(area_name(site))
    screenshot(page, "role-admin", full_page=False)
    sign_out(page)

    sign_in(page, site, "nia.manager", password="a first password for Nia")
    expect()(page.locator("#whoami")).to_contain_text(f"nia.manager (manager, {area_name(site)})")
    sign_out(page)

    sign_in(page, site, "demo.admin")
    writes = record_writes(page)
    row.get_by_role("button", name="Disable nia.manager").click()
    cancel_dialog(page)
    assert writes == []
    expect()(row.get_by_role("button", name="Disable nia.manager")).to_be_focused()
    row.get_by_role("button", name="Disable nia.manager").click()
    confirm_dialog(page, "Disable the account")
    expect()(row).to_contain_text("disabled")
    assert _disabled(site.store, "nia.manager")
    sign_out(page)
    page.get_by_label("User name", exact=True).fill("nia.manager")
    page.get_by_label("Password", exact=True).fill("a first password for Nia")
    page.get_by_label("Password", exact=True).press("Enter")
    expect()(page.locator("#login-error")).to_contain_text("do not match an active account")


# --- practitioners and auditors ------------------------------------------------------------------


def test_the_practitioner_opens_their_children_and_is_never_offered_a_second_involvement(
    page: "Page", site: Site
) -> None:
    account = Accounts(site.store).get("demo.practitioner")
    assert account is not None
    assert account.practitioner_id is not None
    practitioner, _ = site.store.get_practitioner(account.practitioner_id)
    name = f"{practitioner.given_name} {practitioner.family_name}"
    sign_in(page, site, "demo.practitioner")
    page.get_by_role("button", name="Show the children I work with").click()
    give_reason(page, "my caseload before the team meeting")
    rows = page.locator("#caseload-table tbody tr")
    expect()(rows.first).to_be_visible()
    assert_in_words(page)
    screenshot(page, "role-practitioner", full_page=False)

    rows.first.get_by_role("link").click()
    give_reason(page, "my caseload before the team meeting")
    expect()(page.locator("#child-body")).to_be_visible()
    mine = page.locator("#who-current .card-mine")
    expect()(mine).to_have_count(1)
    expect()(mine).to_contain_text(name)
    # already involved: no form for a second card, a note where it was
    expect()(page.locator("#mine-already")).to_be_visible()
    expect()(page.locator("#involvement-form")).to_be_hidden()
    # no suggested action asks them to contact themself
    page.wait_for_function(
        "() => !document.querySelector('#gaps-body').textContent.includes('Checking')"
    )
    for action in page.locator("#gap-list li").all():
        text = action.inner_text().split("Suggested action:", 1)[-1]
        assert name not in text, text
    assert_in_words(page)


def test_the_auditor_starts_from_the_audit_trail(page: "Page", site: Site) -> None:
    sign_in(page, site, "demo.auditor")
    page.locator("#home-tasks").get_by_role("link", name="Audit trail").click()
    expect()(page.locator("#audit-table tbody tr").first).to_be_visible()
    assert_in_words(page, ids=True)  # child ids are the auditor's search terms
    screenshot(page, "role-auditor", full_page=False)


def test_every_printed_login_opens_on_work_of_its_own(page: "Page", site: Site) -> None:
    for username, _ in site.demo.logins:
        sign_in(page, site, username)
        home = (
            page.locator("#home-work")
            if username != "demo.admin"
            else page.locator("#view-accounts")
        )
        expect()(home).to_be_visible()
        expect()(page.locator(".error-summary:visible")).to_have_count(0)
        assert_in_words(page, ids=username == "demo.auditor")
        sign_out(page)


def _disabled(store: GraphStore, username: str) -> bool:
    account = Accounts(store).get(username)
    assert account is not None, username
    return account.disabled
