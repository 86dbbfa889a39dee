"""The demo area that `childindex demo` serves, and the browser suite starts from: a generated
area, its duplicate candidates found, a few children waiting to be accepted into the first
local authority, and one login per role with work waiting for it there."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from graph_model.schemas import MoveCreate
from service.auth.accounts import Accounts, NewAccount
from service.auth.principal import Role
from service.data.generator import SeedOptions
from service.data.seed import seed_store
from service.data.truth import Manifest
from service.store.graph_store import GraphStore
from service.store.identity import IdentityStore

DEMO_CHILDREN = 5000
DEMO_LAS = 3
DEMO_PASSWORD = "demo-password-not-secret"  # noqa: S105 - printed on purpose, demo data only
DEMO_TRANSFERS = 3
"""Children who moved into the first local authority a week ago, for its steward to accept."""
DEMO_SHIELDED = 2
"""Children of the first local authority shielded, for its shielding officer (the generator
shields a few at random, which may all fall elsewhere)."""


@dataclass
class DemoArea:
    manifest: Manifest
    logins: list[tuple[str, str]] = field(default_factory=list)
    """(user name, what the login is) for each demo account."""
    examples: list[tuple[str, str]] = field(default_factory=list)
    """(child id, why it is worth a look)."""
    transfers: list[str] = field(default_factory=list)
    """Children whose move into the first local authority waits for its steward."""
    shielded: list[str] = field(default_factory=list)
    """Children of the first local authority the demo shielded."""
    duplicates: int = 0
    """Candidate pairs the duplicate scan found."""


def prepare_demo(
    store: GraphStore,
    options: SeedOptions,
    *,
    batch_size: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> DemoArea:
    """Seed the demo area into an empty store and give every role its work: the duplicate
    scan's candidates for the steward, transfers to accept, an area for MASH."""
    result = seed_store(store, options, batch_size=batch_size, progress=progress)
    manifest = result.manifest
    scan = IdentityStore(store).scan()
    area = DemoArea(manifest=manifest, duplicates=scan.written)
    area.transfers = _moves_into_first_area(store, manifest)
    area.shielded = _shield_in_first_area(store, manifest)
    area.logins = _logins(store, manifest)
    area.examples = _examples(manifest)
    return area


def _moves_into_first_area(store: GraphStore, manifest: Manifest) -> list[str]:
    """A few children of the second local authority (none planted on) moved into the first a
    week ago; the first has not yet accepted responsibility for them."""
    if len(manifest.local_authorities) < 2:
        return []
    home, away = manifest.local_authorities[:2]
    moved_on = store.today() - timedelta(days=7)
    planted = _planted(manifest)
    moved: list[str] = []
    for row in store.query("identity/list_child_ids_in_la", la=away):
        if str(row["id"]) in planted:
            continue
        record = store.get_child(str(row["id"]))
        child = record.child
        settled = all(r.since < moved_on for r in record.residence)
        if child.shielded or child.status != "active" or record.current_la != away or not settled:
            continue
        store.move_child(child.id, MoveCreate(to_la=home, date=moved_on))
        moved.append(child.id)
        if len(moved) == DEMO_TRANSFERS:
            break
    return moved


def _planted(manifest: Manifest) -> set[str]:
    """Children the generator planted a gap, a duplicate or shielding on: the demo's own
    changes leave them as planted, so the examples it prints stay what they say."""
    planted = {child for ids in manifest.planted.values() for child in ids}
    planted |= {c for pair in manifest.duplicates for c in (pair.original, pair.duplicate)}
    return planted | set(manifest.shielded)


def _shield_in_first_area(store: GraphStore, manifest: Manifest) -> list[str]:
    """Shield a few children of the first local authority that nothing was planted on, so the
    examples the demo prints stay open to everyone."""
    home = manifest.local_authorities[0]
    planted = _planted(manifest)
    chosen: list[str] = []
    for row in store.query("identity/list_child_ids_in_la", la=home):
        child_id = str(row["id"])
        if child_id in planted:
            continue
        store.set_shielded(child_id, True)
        chosen.append(child_id)
        if len(chosen) == DEMO_SHIELDED:
            break
    return chosen


def _logins(store: GraphStore, manifest: Manifest) -> list[tuple[str, str]]:
    """One account per role, acting in the demo's first local authority; the practitioner is
    one already involved with a child the demo suggests trying."""
    la = manifest.local_authorities[0]
    name = store.get_local_authority(la).name or la
    planted = manifest.planted["MULTI_AGENCY_NO_LEAD"] or manifest.planted["NO_GP"]
    named = [e for child in planted[:1] for e in store.who_else(child) if e.practitioner]
    plan: list[tuple[str, set[Role], dict[str, str], str]] = [
        ("demo.steward", {Role.DATA_STEWARD}, {"la": la}, f"data steward, {name}"),
        ("demo.manager", {Role.MANAGER}, {"la": la}, f"manager, {name}"),
        ("demo.mash", {Role.MASH}, {"la": la}, f"MASH officer, {name}"),
        ("demo.shielding", {Role.SHIELDING_OFFICER}, {"la": la}, f"shielding officer, {name}"),
        ("demo.auditor", {Role.AUDITOR}, {}, "auditor"),
        ("demo.admin", {Role.ADMIN}, {}, "admin: accounts"),
    ]
    who = named[0] if named else None
    if who is not None and who.practitioner is not None and who.agency is not None:
        plan.insert(
            0,
            (
                "demo.practitioner",
                {Role.PRACTITIONER},
                {"practitioner_id": who.practitioner.id, "agency_id": who.agency.id},
                f"{who.practitioner.given_name} {who.practitioner.family_name}, {who.agency.name}",
            ),
        )
    accounts = Accounts(store)
    made: list[tuple[str, str]] = []
    for username, roles, scope, what in plan:
        accounts.add(
            NewAccount(username=username, roles=frozenset(roles), **scope),
            DEMO_PASSWORD,
        )
        made.append((username, what))
    return made


def _examples(manifest: Manifest) -> list[tuple[str, str]]:
    picks = [
        ("SIBLING_NOT_CONSIDERED", "a sibling is on a child in need plan"),
        ("MULTI_AGENCY_NO_LEAD", "two agencies, nobody leading"),
        ("INFO_TO_SHARE_UNACKNOWLEDGED", "information to share, unacknowledged"),
        ("MOVED_WITHOUT_HANDOVER", "moved, no social care handover"),
    ]
    found = [(manifest.planted[rule][0], why) for rule, why in picks if manifest.planted[rule]]
    return found[:3]
