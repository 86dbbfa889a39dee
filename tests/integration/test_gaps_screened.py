"""A screened area run (`GapService.for_area`, the default) finds exactly the gaps that running
every rule on every child of the area finds (`screened=False`): same children, rules, dates,
reasons and evidence, in the same order. The screens only choose which children to evaluate,
so a screen that misses a child a rule would flag shows up here as a missing gap.

The area is generated (3 local authorities, every rule planted), with identity-resolution
output (candidate, confirmed and rejected SAME_AS pairs, within and across areas) and a few
records the generator never writes: a child living in one area that another is responsible
for, with two open residences; an involvement with an empty `until`; a practitioner acting for
an agency they never worked for; an involvement whose agency is not in the index."""

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from analysis.gaps import RULES, Thresholds
from analysis.gaps.context import UNIVERSAL
from service.data.generator import SeedOptions
from service.data.seed import seed_store
from service.data.truth import Manifest
from service.gaps import AreaRun, GapService
from service.settings import Settings
from service.store import gap_screens
from service.store.engines import FalkorEngine, open_engine
from service.store.gap_facts import GapFacts
from service.store.graph_store import GraphStore

AS_OF = date(2026, 10, 30)
OPTIONS = SeedOptions(children=6_000, las=3, seed=11, as_of=AS_OF)
NOW = "2026-10-29T12:00:00.000+00:00"
DATES = [AS_OF, AS_OF - timedelta(days=45), AS_OF - timedelta(days=400)]
"""The generator's date, when every planted case fires; and two earlier dates, when the
residences, involvements and carers current are others."""


@pytest.fixture(scope="module")
def seeded(engine_dir: Path) -> Iterator[tuple[GraphStore, Manifest]]:
    handle = open_engine(Settings(data_dir=engine_dir, graph_name="gaps_screened"))
    store = GraphStore(handle.engine)
    store.apply_schema()
    manifest = seed_store(store, OPTIONS, batch_size=5000).manifest
    pairs = [sorted((p.original, p.duplicate)) for p in manifest.duplicates]
    store.write_batch(
        "identity/merge_candidates", [[a, b, 0.9, ["planted"]] for a, b in pairs], now=NOW
    )
    _odd_records(store, manifest, pairs)
    yield store, manifest
    if isinstance(handle.engine, FalkorEngine):
        handle.engine.delete_graph()
    handle.close()


def _odd_records(store: GraphStore, manifest: Manifest, pairs: list[list[str]]) -> None:
    la1, la2, la3 = manifest.local_authorities
    first = {la: GapFacts(store, as_of=AS_OF).area_children(la) for la in (la1, la2, la3)}
    # Confirmed pairs: two planted duplicates, one pair within an area, one across two areas;
    # and a rejected one.
    decisions = [(*pairs[0], "confirmed"), (*pairs[1], "rejected")]
    decisions.append((*sorted((first[la1][10], first[la2][10])), "confirmed"))
    decisions.append((*sorted((first[la1][11], first[la1][12])), "confirmed"))
    store.write_batch(
        "bulk/merge_same_as",
        [[a, b, status, 0.9, ["planted"], "steward", None] for a, b, status in decisions],
        la=None,
    )
    # A child of la1 now also living in la2 (and still in la1): two open residences.
    store.write_batch(
        "bulk/create_residences",
        [["rs-odd-1", first[la1][20], la2, "2026-07-01", None, None, None, la1, NOW, None, None]],
    )
    facts = GapFacts(store, as_of=AS_OF)
    sample = facts.children(first[la1][:400])
    social = next(a.id for a in facts.agencies.values() if a.kind == "social_care")
    someone = next(
        p.id
        for p in facts.practitioners.values()
        if p.employment and all(e.agency_id != social for e in p.employment)
    )
    child = next(iter(sample.values()))
    rows = [
        # Acting for an agency they never worked for (orphaned, and social care).
        ["iv-odd-1", first[la1][30], social, someone, "visit", "2026-01-05", None, False,
         None, None, False, None, [], False, None, NOW],
        # For an agency that is not in the index, with an empty `until` (open).
        ["iv-odd-2", first[la1][31], "ag-missing", someone, "visit", "2026-02-01", "", False,
         None, None, True, "2026-09-01", [], False, None, NOW],
        ["iv-odd-3", first[la1][31], social, someone, "visit", "2026-02-01", "", False,
         None, None, False, None, [], False, None, NOW],
        # An assessment on a child whose sibling then needs considering.
        ["iv-odd-4", child.id, social, someone, "assessment", "2026-03-01", None, False,
         "early_help", "2026-03-02", False, None, [], False, None, NOW],
    ]  # fmt: skip
    # A child of la2 with an assessment, newly cared for by a carer of a child of la1 who has
    # no additional service: that child's sibling of concern is not the area's.
    long_ago = DATES[-1]
    plain = next(
        c
        for c in sample.values()
        if c.id != child.id
        and any(k.until is None and k.since and k.since <= long_ago for k in c.carers)
        and not c.same_as
        and all(
            (facts.agencies[i.agency_id].kind if i.agency_id in facts.agencies else "") in UNIVERSAL
            for i in c.involvements
        )
    )
    carer = next(k.carer_id for k in plain.carers if k.until is None)
    other = first[la2][40]
    store.write_batch(
        "bulk/create_cares_for", [[carer, other, "father", True, False, "2025-01-01", None]]
    )
    rows.append(
        ["iv-odd-5", other, social, someone, "assessment", "2026-03-01", None, False,
         "child_in_need", "2026-03-02", False, None, [], False, None, NOW]
    )  # fmt: skip
    store.write_batch("bulk/create_practitioner_involvements", rows)


def _listed(run: AreaRun) -> list[tuple[str, str, date | None, tuple[str, ...], str, str]]:
    return [
        (item.child.id, item.gap.code, item.gap.since, item.gap.evidence, item.gap.reason,
         item.gap.action)
        for item in run.found
    ]  # fmt: skip


def _both(
    service: GapService, la: str, as_of: date, rules: list[str] | None = None
) -> tuple[AreaRun, AreaRun]:
    screened = service.for_area(la, as_of=as_of, rules=rules)
    full = service.for_area(la, as_of=as_of, rules=rules, screened=False)
    return screened, full


@pytest.mark.parametrize("as_of", DATES, ids=[d.isoformat() for d in DATES])
def test_a_screened_run_finds_what_evaluating_every_child_finds(
    seeded: tuple[GraphStore, Manifest], as_of: date
) -> None:
    store, manifest = seeded
    service = GapService(store)
    codes: set[str] = set()
    for la in manifest.local_authorities:
        screened, full = _both(service, la, as_of)
        assert screened.children == full.children > 0
        assert _listed(screened) == _listed(full)
        assert screened.evaluated < full.evaluated  # the screens did leave children out
        codes |= {item.gap.code for item in full.found}
    if as_of == AS_OF:
        assert codes == set(RULES), f"rules that found nothing: {set(RULES) - codes}"


def test_the_same_with_other_thresholds_and_some_rules(
    seeded: tuple[GraphStore, Manifest],
) -> None:
    store, manifest = seeded
    thresholds = Thresholds(
        school_age_from=4,
        school_age_to=17,
        info_to_share_working_days=0,
        handover_window_days=400,
        handover_working_days=1,
        services_after_move_days=3,
        frequent_moves=2,
        frequent_moves_window_days=900,
        stale_days=200,
        multi_agency_min=1,
    )
    service = GapService(store, thresholds=thresholds)
    subsets = [
        ["SIBLING_NOT_CONSIDERED", "MULTI_AGENCY_NO_LEAD", "FREQUENT_MOVES", "NO_GP"],
        ["INVISIBLE_CHILD", "CARER_WITHOUT_PR", "SHIELDED_DUPLICATE"],
    ]
    for la in manifest.local_authorities:
        for as_of in (AS_OF, AS_OF - timedelta(days=45)):
            screened, full = _both(service, la, as_of)
            assert _listed(screened) == _listed(full)
            for rules in subsets:
                screened, full = _both(service, la, as_of, rules)
                assert _listed(screened) == _listed(full)
                assert {item.gap.code for item in full.found} <= set(rules)


def test_a_rule_with_no_screen_is_run_on_every_child(
    seeded: tuple[GraphStore, Manifest], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, manifest = seeded
    screens = dict(gap_screens.SCREENS)
    del screens["STALE_INVOLVEMENT"]
    monkeypatch.setattr(gap_screens, "SCREENS", screens)
    la = manifest.local_authorities[0]
    screened, full = _both(GapService(store), la, AS_OF)
    assert screened.evaluated == full.evaluated
    assert _listed(screened) == _listed(full)


def test_the_comparison_notices_a_screen_that_misses_children(
    seeded: tuple[GraphStore, Manifest], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check above can fail: a screen listing nobody loses that rule's gaps."""
    store, manifest = seeded
    screens = dict(gap_screens.SCREENS)
    screens["STALE_INVOLVEMENT"] = lambda screener: set()
    monkeypatch.setattr(gap_screens, "SCREENS", screens)
    la = manifest.local_authorities[0]
    screened, full = _both(GapService(store), la, AS_OF, ["STALE_INVOLVEMENT"])
    assert full.found
    assert _listed(screened) != _listed(full)


def test_a_confirmed_pair_is_listed_once_under_the_first_id(
    seeded: tuple[GraphStore, Manifest],
) -> None:
    store, manifest = seeded
    la1 = manifest.local_authorities[0]
    ids = GapFacts(store, as_of=AS_OF).area_children(la1)
    a, b = sorted((ids[11], ids[12]))
    run = GapService(store).for_area(la1, as_of=AS_OF)
    listed = {item.child.id for item in run.found}
    assert b not in listed
    merged = [item.child for item in run.found if item.child.id == a]
    assert not merged or b in merged[0].also_known_as
    assert run.children == len(ids)
