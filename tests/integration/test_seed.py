"""Seeding a real engine: what the store reads back, determinism, re-runs and resumed runs."""

import itertools
import json
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app
from service.data.bulk import BulkLoader, Mode, load_records
from service.data.exporter import export_lines
from service.data.generator import SeedOptions, SyntheticArea
from service.data.records import FIELDS
from service.data.seed import seed_store
from service.data.truth import Manifest
from service.errors import EngineError
from service.store.graph_store import GraphStore

AS_OF = date(2026, 10, 30)
OPTIONS = SeedOptions(children=400, las=2, seed=21, as_of=AS_OF)


def _export_all(store: GraphStore, manifest: Manifest) -> list[str]:
    return [line for la in manifest.local_authorities for line in export_lines(store, la, "jsonl")]


@pytest.fixture
def seeded(store: GraphStore) -> tuple[GraphStore, Manifest]:
    result = seed_store(store, OPTIONS, batch_size=700)
    return store, result.manifest


def test_seed_loads_every_row_it_writes(seeded: tuple[GraphStore, Manifest]) -> None:
    store, manifest = seeded
    counts = store.counts()

    assert counts["Child"] == manifest.children == 400
    assert counts["LocalAuthority"] == 2
    records = list(SyntheticArea(OPTIONS).records())
    by_kind: dict[str, int] = {}
    for record in records:
        by_kind[record["record"]] = by_kind.get(record["record"], 0) + 1
    assert counts["Carer"] == by_kind["carer"]
    assert counts["INVOLVED_WITH"] == by_kind["involvement"]
    assert counts["RESIDENT_IN"] == by_kind["residence"]
    assert counts["CARES_FOR"] == by_kind["cares_for"]
    assert counts["WORKS_FOR"] == by_kind["works_for"]
    assert counts["LOCATED_IN"] == counts["Agency"] == by_kind["agency"]


def test_the_store_reads_seeded_children(seeded: tuple[GraphStore, Manifest]) -> None:
    store, manifest = seeded
    sibling_case = manifest.planted["SIBLING_NOT_CONSIDERED"][0]
    moved = manifest.planted["MOVED_WITHOUT_HANDOVER"][0]
    no_gp = manifest.planted["NO_GP"][0]

    record = store.get_child(sibling_case)
    assert record.child.id == sibling_case
    assert record.child.version == 1
    assert record.carers
    assert record.current_la == record.child.responsible_la
    network = store.network(sibling_case, depth=2)
    siblings = [n for n in network.nodes if n.kind == "child" and n.id != sibling_case]
    assert siblings, "the supported sibling shares a carer"
    sibling_services = store.who_else(siblings[0].id, today=AS_OF)
    assert any(i.lead_professional and i.assessment_kind for i in sibling_services)
    assert {e.type for e in network.edges} >= {"CARES_FOR", "INVOLVED_WITH", "RESIDENT_IN"}

    history = store.get_child(moved)
    assert len(history.residence) == 2
    assert history.residence[0].la != history.residence[1].la
    assert history.residence[0].until == history.residence[1].since
    ended = [i for i in history.involvements if i.until is not None]
    assert any(i.agency and i.agency.kind == "social_care" for i in ended)

    kinds = {i.agency.kind for i in store.who_else(no_gp, today=AS_OF) if i.agency}
    assert "gp_practice" not in kinds
    assert "school" in kinds


def test_who_else_names_practitioners_and_agencies(seeded: tuple[GraphStore, Manifest]) -> None:
    store, manifest = seeded
    child_id = manifest.planted["MULTI_AGENCY_NO_LEAD"][0]

    entries = store.who_else(child_id, today=AS_OF)

    named = [e for e in entries if e.practitioner is not None]
    assert {e.agency.kind for e in named if e.agency} >= {"hospital", "police"}
    assert all(e.practitioner.job_title for e in named if e.practitioner)
    assert any(
        e.source == "agency" and e.agency and e.agency.kind == "gp_practice" for e in entries
    )


def test_same_seed_gives_the_same_export(seeded: tuple[GraphStore, Manifest]) -> None:
    store, manifest = seeded
    first = _export_all(store, manifest)
    store.clear()

    seed_store(store, OPTIONS, batch_size=333)
    second = _export_all(store, manifest)

    assert first == second
    assert len(first) > 1000


def test_running_the_seed_again_changes_nothing(seeded: tuple[GraphStore, Manifest]) -> None:
    store, _ = seeded
    before = store.dump()

    seed_store(store, OPTIONS)

    assert store.dump() == before


def test_an_interrupted_seed_completes_without_duplicates(store: GraphStore) -> None:
    # A run that died part-way: only the first records reached the engine.
    records = SyntheticArea(OPTIONS).records()
    load_records(store, itertools.islice(records, 2500), mode=Mode.SEED, batch_size=500)
    partial = store.counts().get("Child", 0)
    assert 0 < partial < OPTIONS.children

    seed_store(store, OPTIONS, batch_size=500)
    resumed = store.dump()
    store.clear()
    seed_store(store, OPTIONS, batch_size=500)

    assert store.dump() == resumed


def test_rows_naming_unknown_records_are_skipped_and_counted(store: GraphStore) -> None:
    link = {
        "record": "cares_for",
        "carer_id": "nobody",
        "child_id": "no-child",
        "relationship": "mother",
        "parental_responsibility": True,
        "lives_with": True,
        "since": None,
        "until": None,
    }
    with BulkLoader(store, mode=Mode.SEED, batch_size=10) as loader:
        loader.add(link)

    assert loader.stats.written == {"cares_for": 1}
    assert loader.stats.skipped == 1


def test_a_failing_batch_raises_the_engine_error(store: GraphStore) -> None:
    child = dict.fromkeys(FIELDS["child"])
    child["record"] = "child"  # an id of null: the engine refuses to MERGE on it

    loader = BulkLoader(store, mode=Mode.SEED, batch_size=10)
    loader.add(child)
    with pytest.raises(EngineError):
        loader.close()


def test_seed_command_prints_json_and_writes_the_truth(tmp_path: Path) -> None:
    data = Path(tempfile.mkdtemp(prefix="ci-t-"))  # short: the engine's socket lives there
    truth = tmp_path / "truth.json"
    runner = CliRunner()
    env = {"CHILDINDEX_DATA_DIR": str(data)}
    try:
        result = runner.invoke(
            app,
            ["seed", "--children", "150", "--las", "2", "--seed", "4", "--as-of", "2026-10-30",
             "--truth", str(truth), "--format", "json"],
            env=env,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        summary = json.loads(result.stdout)
        assert summary["counts"]["Child"] == 150
        assert summary["rows"] > 150
        manifest = Manifest.model_validate_json(truth.read_text())
        assert manifest.children == 150
        assert manifest.as_of == AS_OF

        bad = runner.invoke(app, ["seed", "--children", "10", "--las", "999"], env=env)
        assert bad.exit_code == 1
        assert "las must be between" in bad.stderr
        assert "Traceback" not in bad.output
    finally:
        runner.invoke(app, ["engine", "stop"], env=env)
        shutil.rmtree(data, ignore_errors=True)
