"""The demo area gives every printed login work to do in its own area: the steward candidate
duplicates and transfers to accept, MASH and the manager an area, the shielding officer shielded
records, the practitioner children. (The browser suite then does each job through the UI.)"""

import pytest

from service.auth.accounts import Accounts
from service.auth.principal import Role
from service.data.demo import (
    DEMO_CHILDREN,
    DEMO_LAS,
    DEMO_PASSWORD,
    DEMO_TRANSFERS,
    DemoArea,
    prepare_demo,
)
from service.data.generator import SeedOptions
from service.store.graph_store import GraphStore
from service.store.identity import IdentityStore, PairStatus


@pytest.fixture
def demo(store: GraphStore) -> DemoArea:
    """The demo exactly as `./dev demo` seeds it (its default options)."""
    return prepare_demo(store, SeedOptions(children=DEMO_CHILDREN, las=DEMO_LAS, seed=1))


def test_every_login_signs_in_and_each_area_role_acts_for_the_first_area(
    store: GraphStore, demo: DemoArea
) -> None:
    first = demo.manifest.local_authorities[0]
    accounts = Accounts(store)
    principals = {name: accounts.authenticate(name, DEMO_PASSWORD) for name, _ in demo.logins}
    assert None not in principals.values()
    roles = {role for p in principals.values() if p for role in p.roles}
    assert roles == set(Role)
    for principal in principals.values():
        assert principal is not None
        if principal.roles & {Role.MASH, Role.MANAGER, Role.DATA_STEWARD, Role.SHIELDING_OFFICER}:
            assert principal.la == first, principal.username  # MASH too: the dashboard needs it
    described = dict(demo.logins)
    name = store.get_local_authority(first).name
    assert name is not None
    assert name in described["demo.steward"]
    assert first not in described["demo.steward"]  # words, not codes


def test_the_steward_has_candidate_duplicates_and_transfers_waiting(
    store: GraphStore, demo: DemoArea
) -> None:
    first = demo.manifest.local_authorities[0]
    assert demo.duplicates > 0
    waiting = IdentityStore(store).pairs_in_la(first, PairStatus.CANDIDATE)
    assert waiting, "the demo's steward would open an empty review page"
    transfers = store.pending_transfers(first)
    assert len(transfers) == DEMO_TRANSFERS
    assert {t["child_id"] for t in transfers} == set(demo.transfers)
    assert all(t["from_la"] == demo.manifest.local_authorities[1] for t in transfers)
    assert all(t["from_la_name"] for t in transfers)


def test_the_shielding_officer_and_the_practitioner_have_their_own_children(
    store: GraphStore, demo: DemoArea
) -> None:
    first = demo.manifest.local_authorities[0]
    assert store.shielded_children(first)
    practitioner = Accounts(store).get("demo.practitioner")
    assert practitioner is not None
    assert practitioner.practitioner_id is not None
    assert store.caseload(practitioner.practitioner_id)
