"""The web UI in a real browser: the real app served by uvicorn on a free localhost port, over
the embedded engine, with a small seeded area plus a known family, and an account per role.

Headless Chromium is Debian's `chromium` driven by Playwright (`executable_path`; no
`playwright install`). Without it the suite skips with the reason — except under CI=true,
where .ci/run installs it and its absence fails the run (tests/support.py `unavailable`).
"""

import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from graph_model import clock
from graph_model.enums import CarerRelationship, Sex
from graph_model.nodes import Agency, Practitioner
from graph_model.schemas import (
    CarerCreate,
    CarerLink,
    ChildCreate,
    InvolvementCreate,
    InvolvementUpdate,
    MoveCreate,
)
from service.auth.accounts import Accounts, NewAccount
from service.auth.passwords import hash_password
from service.auth.principal import LA_SCOPED_ROLES, Role
from service.data.generator import SeedOptions
from service.data.seed import seed_store
from service.settings import Environment, Settings
from service.store.engines import EngineHandle, open_engine
from service.store.graph_store import GraphStore
from service.store.identity import IdentityStore
from tests.support import unavailable

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
PASSWORD = "e2e password, not secret"
SECRET = "e2e-test-signing-secret-0123456789abcdefghij"
REASON = "strategy meeting today, section 47"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}

VICTORIA = "ch-e2e-victoria"
KOFI = "ch-e2e-kofi"
KOFI_FATHER = "cr-e2e-kofi-father"
HOPE = "ch-e2e-hope"
AMA = "ch-e2e-ama"
"""A child of another family: Lisa works with her, and Tom has information to share."""
AMA_TWICE = "ch-e2e-amma"
"""Ama recorded a second time, her name spelt another way: a candidate duplicate."""
AMA_POSTCODE = "W3 9QA"
DOB = date(2016, 3, 4)
KOFI_DOB = date(2018, 9, 21)
HOPE_DOB = date(2015, 11, 2)
VICTORIA_POSTCODE = "W3 6RS"

HOPE_ADDRESS = "14 Refuge Lane"
HOPE_POSTCODE = "W5 2BB"
HOPE_NHS = "9434765870"
HOPE_CARER_PHONE = "07700 900456"
HOPE_CARER_EMAIL = "guardian@example.org"
HOPE_SECRETS = (HOPE_ADDRESS, HOPE_POSTCODE, HOPE_NHS, HOPE_CARER_EMAIL, "7700900456", "900456")
"""None of this may reach the page of anyone but the responsible LA's shielding officer."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in item.nodeid:
            item.add_marker(pytest.mark.e2e)


@dataclass
class Site:
    """The running app: its address, the seeded area's codes, and the engine behind it."""

    url: str
    la: str
    other_la: str
    store: GraphStore
    paths: set[str] = field(default_factory=set)

    def has_api(self, path: str) -> bool:
        return path in self.paths


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _family(store: GraphStore, la: str, other_la: str) -> None:
    """Victoria and her brother Kofi (one mother), Victoria's father; a social worker (lead),
    CAMHS (sensitive, no consent), a GP practice, a school that ended; Kofi's own GP practice;
    Victoria lived in another area for a year. Hope: shielded, with a guardian."""
    for agency_id, name, kind in (
        ("ag-e2e-gp", "Acton Health Centre", "gp_practice"),
        ("ag-e2e-gp2", "Vale Surgery", "gp_practice"),
        ("ag-e2e-school", "St Mary's Primary", "school"),
        ("ag-e2e-school2", "Greenfield Primary", "school"),
        ("ag-e2e-csc", "Children's Social Care", "social_care"),
        ("ag-e2e-camhs", "CAMHS West", "camhs"),
    ):
        store.upsert_agency(
            Agency(
                id=agency_id,
                name=name,
                kind=kind,
                la=la,
                sensitive=kind == "camhs",
                phone="020 8000 0000",
                email=f"{agency_id}@example.org",
            )
        )
    for practitioner_id, given, family, job, agency_id, extra in (
        ("pr-e2e-lisa", "Lisa", "Arthur", "Social worker", "ag-e2e-csc",
         {"phone": "020 8825 1234", "email": "lisa.arthur@example.org"}),
        ("pr-e2e-ravi", "Ravi", "Shah", "Clinical psychologist", "ag-e2e-camhs", {}),
        ("pr-e2e-tom", "Tom", "Baker", "Class teacher", "ag-e2e-school2",
         {"email": "t.baker@example.org"}),
    ):  # fmt: skip
        store.upsert_practitioner(
            Practitioner(
                id=practitioner_id, given_name=given, family_name=family, job_title=job, **extra
            ),
            agency_id=agency_id,
            since=date(2019, 1, 7),
        )
    for child_id, given, dob, extra in (
        (VICTORIA, "Victoria", DOB, {"postcode": VICTORIA_POSTCODE, "address_line": "3 Acton Lane",
                                     "nhs_number": "9434765919", "other_names": ["Anna Kouao"]}),
        (KOFI, "Kofi", KOFI_DOB, {}),
        (HOPE, "Hope", HOPE_DOB, {"postcode": HOPE_POSTCODE, "address_line": HOPE_ADDRESS,
                                  "nhs_number": HOPE_NHS}),
        (AMA, "Ama", KOFI_DOB, {"family_name": "Owusu", "postcode": AMA_POSTCODE}),
        (AMA_TWICE, "Amma", KOFI_DOB, {"family_name": "Owusu", "postcode": AMA_POSTCODE}),
    ):  # fmt: skip
        store.create_child(
            ChildCreate(
                id=child_id,
                given_name=given,
                family_name=extra.pop("family_name", "Adjoa"),
                sex=Sex.FEMALE if given != "Kofi" else Sex.MALE,
                date_of_birth=dob,
                responsible_la=la,
                resident_since=dob,
                **extra,
            )
        )
    mother = CarerCreate(
        id="cr-e2e-mother",
        given_name="Efua",
        family_name="Adjoa",
        phone="07700 900123",
        email="efua@example.org",
    )
    for child_id in (VICTORIA, KOFI):
        store.link_carer(
            child_id,
            CarerLink(
                carer=mother,
                relationship=CarerRelationship.MOTHER,
                parental_responsibility=True,
                lives_with=True,
            ),
        )
    store.link_carer(
        VICTORIA,
        CarerLink(
            carer=CarerCreate(id="cr-e2e-father", given_name="Kwame", family_name="Mensah"),
            relationship=CarerRelationship.FATHER,
            parental_responsibility=True,
            lives_with=False,
        ),
    )
    store.link_carer(
        KOFI,
        CarerLink(
            carer=CarerCreate(id=KOFI_FATHER, given_name="Yaw", family_name="Boateng"),
            relationship=CarerRelationship.FATHER,
            parental_responsibility=True,
            lives_with=False,
        ),
    )
    store.link_carer(
        HOPE,
        CarerLink(
            carer=CarerCreate(
                id="cr-e2e-guardian",
                given_name="Grace",
                family_name="Adjoa",
                phone=HOPE_CARER_PHONE,
                email=HOPE_CARER_EMAIL,
                address_line=HOPE_ADDRESS,
                postcode=HOPE_POSTCODE,
            ),
            relationship=CarerRelationship.SPECIAL_GUARDIAN,
            parental_responsibility=True,
            lives_with=True,
        ),
    )
    recent = clock.today() - timedelta(days=60)
    for child_id, inv in (
        (VICTORIA, InvolvementCreate(
            id="inv-e2e-sw", practitioner_id="pr-e2e-lisa", agency_id="ag-e2e-csc",
            service="child in need plan", since=recent, lead_professional=True,
            assessment_kind="child_in_need", assessment_date=recent)),
        (VICTORIA, InvolvementCreate(
            id="inv-e2e-camhs", practitioner_id="pr-e2e-ravi", agency_id="ag-e2e-camhs",
            service="eating disorder therapy", since=recent)),
        (VICTORIA, InvolvementCreate(
            id="inv-e2e-gp", agency_id="ag-e2e-gp", service="registered patient",
            since=date(2016, 4, 1))),
        (VICTORIA, InvolvementCreate(
            id="inv-e2e-school", agency_id="ag-e2e-school", service="year 3 pupil",
            since=date(2021, 9, 1))),
        (KOFI, InvolvementCreate(
            id="inv-e2e-kofi-gp", agency_id="ag-e2e-gp2", service="registered patient",
            since=date(2018, 10, 1))),
        (HOPE, InvolvementCreate(
            id="inv-e2e-hope", practitioner_id="pr-e2e-lisa", agency_id="ag-e2e-csc",
            service="family support at the refuge", since=recent)),
        (AMA, InvolvementCreate(
            id="inv-e2e-ama-sw", practitioner_id="pr-e2e-lisa", agency_id="ag-e2e-csc",
            service="early help assessment", since=recent)),
        (AMA, InvolvementCreate(
            id="inv-e2e-ama-school", practitioner_id="pr-e2e-tom", agency_id="ag-e2e-school2",
            service="year 2 class teacher", since=recent, info_to_share=True)),
    ):  # fmt: skip
        store.record_involvement(child_id, inv)
    store.update_involvement("inv-e2e-school", InvolvementUpdate(until=date(2023, 7, 21)))
    store.move_child(VICTORIA, MoveCreate(to_la=other_la, date=date(2022, 8, 1)))
    store.move_child(
        VICTORIA,
        MoveCreate(
            to_la=la,
            date=date(2023, 7, 30),
            address_line="3 Acton Lane",
            postcode=VICTORIA_POSTCODE,
        ),
    )
    store.set_shielded(HOPE, True)
    IdentityStore(store).check_child(AMA_TWICE)


USERS: dict[str, dict[str, Any]] = {
    "lisa": {"roles": {Role.PRACTITIONER}, "practitioner_id": "pr-e2e-lisa",
             "agency_id": "ag-e2e-csc"},
    "tom": {"roles": {Role.PRACTITIONER}, "practitioner_id": "pr-e2e-tom",
            "agency_id": "ag-e2e-school2"},
    "mash": {"roles": {Role.MASH}},
    "manager": {"roles": {Role.MANAGER}},
    "shield": {"roles": {Role.SHIELDING_OFFICER}},
    "steward": {"roles": {Role.DATA_STEWARD}},
    "auditor": {"roles": {Role.AUDITOR}},
}  # fmt: skip
"""The e2e accounts; the LA-scoped ones act for the seeded area's first local authority."""


def _accounts(store: GraphStore, la: str) -> None:
    hashed = hash_password(PASSWORD)
    for username, fields in USERS.items():
        scope = {"la": la} if fields["roles"] & LA_SCOPED_ROLES else {}
        if Role.MASH in fields["roles"]:
            scope = {"la": la}
        Accounts(store).add(NewAccount(username=username, **fields, **scope), password_hash=hashed)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        unavailable(
            f"the browser suite needs Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("the browser suite needs the playwright package (pip install -e '.[dev]')")
    return CHROMIUM


@pytest.fixture(scope="session")
def site(chromium_path: Path) -> Iterator[Site]:
    import uvicorn

    from service.api.app import create_app

    where = Path(tempfile.mkdtemp(prefix="ci-e2e-"))  # short: the engine's socket path
    settings = Settings(
        data_dir=where,
        graph_name="e2e",
        environment=Environment.DEVELOPMENT,
        jwt_secret=SECRET,
        rate_limit_token="1000/minute",
        rate_limit_search="1000/minute",
    )
    handle: EngineHandle = open_engine(settings)
    try:
        store = GraphStore(handle.engine)
        store.apply_schema()
        store.clear()
        result = seed_store(store, SeedOptions(children=400, las=2, seed=11), batch_size=500)
        la, other_la = result.manifest.local_authorities[:2]
        _family(store, la, other_la)
        _accounts(store, la)
        app = create_app(settings, handle=handle)
        port = _free_port()
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
        )
        thread = threading.Thread(target=server.run, name="e2e-uvicorn", daemon=True)
        thread.start()
        ready = threading.Event()
        while thread.is_alive() and not server.started:
            ready.wait(0.05)
        if not server.started:
            pytest.fail("the app did not start under uvicorn")
        paths = set(app.openapi()["paths"])
        try:
            yield Site(url=f"http://127.0.0.1:{port}", la=la, other_la=other_la, store=store,
                       paths=paths)  # fmt: skip
        finally:
            server.should_exit = True
            thread.join(timeout=30)
    finally:
        handle.close(stop_server=True)
        shutil.rmtree(where, ignore_errors=True)


@pytest.fixture(scope="session")
def playwright_session(chromium_path: Path) -> Iterator["Playwright"]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_session: "Playwright", chromium_path: Path) -> Iterator["Browser"]:
    browser = playwright_session.chromium.launch(executable_path=str(chromium_path), headless=True)
    yield browser
    browser.close()


@dataclass
class Watch:
    """What a page asked for and complained about: every request's host, console errors
    (a Content-Security-Policy violation is one), and requests refused for leaving localhost."""

    hosts: set[str] = field(default_factory=set)
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def page(browser: "Browser", site: Site, watch: Watch) -> Iterator["Page"]:
    """A fresh browser context at 1280 by 800. Every request is routed through a check: one to
    any host but this machine is recorded and aborted, and fails the test at the end."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    context.set_default_timeout(15_000)

    def guard(route: Any) -> None:
        url = route.request.url
        host = urlsplit(url).hostname or ""
        if url.startswith(("blob:", "data:")):
            route.continue_()
            return
        watch.hosts.add(host)
        if host not in LOCAL_HOSTS:
            watch.outside.append(url)
            route.abort()
            return
        route.continue_()

    context.route("**/*", guard)
    tab = context.new_page()
    tab.on(
        "console",
        lambda message: watch.errors.append(message.text) if message.type == "error" else None,
    )
    tab.on("pageerror", lambda error: watch.errors.append(str(error)))
    yield tab
    context.close()
    assert watch.outside == [], f"requests left localhost: {watch.outside}"
    unexpected = [e for e in watch.errors if not _expected_console_error(e)]
    assert unexpected == [], f"the page logged errors: {unexpected}"


def _expected_console_error(text: str) -> bool:
    # a refused sign-in or a 404 from an endpoint not in this build is logged by the browser
    return "Failed to load resource" in text


def sign_in(page: "Page", site: Site, username: str, *, path: str = "/") -> None:
    page.goto(site.url + path)
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.locator("#whoami").wait_for(state="visible")


def screenshot(page: "Page", name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
