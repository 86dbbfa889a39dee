"""Bulk import and export against a real engine: bad rows, idempotence, round trips."""

import io
import json
import shutil
import tempfile
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph_model import clock
from service.cli import app
from service.data.exporter import export_lines
from service.data.generator import SeedOptions
from service.data.importer import import_lines
from service.data.seed import seed_store
from service.store.graph_store import GraphStore

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EALING = "E09000009"
AS_OF = date(2026, 10, 30)


def _line(record: dict[str, object]) -> str:
    return json.dumps(record) + "\n"


CHILD = {
    "record": "child",
    "id": "imp-child-1",
    "given_name": "Mia",
    "family_name": "Khan",
    "sex": "female",
    "date_of_birth": "2017-03-09",
    "nhs_number": "9434765919",
    "postcode": "W5 2AB",
    "responsible_la": EALING,
    "resident_since": "2017-03-09",
}
GOOD = [
    {"record": "local_authority", "code": EALING, "name": "Ealing"},
    {"record": "agency", "id": "imp-gp", "name": "Acton Health Centre", "kind": "gp_practice",
     "la": EALING},
    {"record": "practitioner", "id": "imp-gp-1", "given_name": "Ruth", "family_name": "Ng",
     "job_title": "General practitioner"},
    {"record": "works_for", "practitioner_id": "imp-gp-1", "agency_id": "imp-gp",
     "since": "2020-01-06"},
    CHILD,
    {"record": "carer", "id": "imp-carer-1", "given_name": "Sara", "family_name": "Khan"},
    {"record": "cares_for", "carer_id": "imp-carer-1", "child_id": "imp-child-1",
     "relationship": "mother", "parental_responsibility": True, "lives_with": True},
    {"record": "involvement", "id": "imp-inv-1", "child_id": "imp-child-1",
     "agency_id": "imp-gp", "practitioner_id": "imp-gp-1", "service": "asthma review",
     "since": "2024-05-01"},
]  # fmt: skip


def _bad_rows() -> list[tuple[str, str]]:
    """(line, field the report must name) for ten-odd kinds of bad row."""
    future = (clock.today() + timedelta(days=10)).isoformat()
    inv = {
        "record": "involvement",
        "id": "imp-inv-x",
        "child_id": "imp-child-1",
        "agency_id": "imp-gp",
        "service": "registered patient",
        "since": "2024-01-01",
    }
    return [
        ('{"record": "child", "id": "imp-broken", "given_name": "Al', "(line)"),
        (_line({"record": "pet", "id": "rex"}), "record"),
        (_line({**CHILD, "id": "imp-2"} | {"family_name": None}), "family_name"),
        (_line({**CHILD, "id": "imp-3", "nhs_number": "9434765918"}), "nhs_number"),
        (_line({**CHILD, "id": "imp-4", "postcode": "NOT A PC"}), "postcode"),
        (_line({**CHILD, "id": "imp-5", "date_of_birth": future}), "date_of_birth"),
        (_line({**inv, "id": "imp-inv-6", "since": "2999-01-01"}), "since"),
        (_line({**CHILD, "id": "imp-7", "responsible_la": "X0000001"}), "responsible_la"),
        (_line({**inv, "id": "imp-inv-8", "child_id": "ghost-child"}), "child_id"),
        (_line({**CHILD, "id": "imp-9", "sex": "male'}) MATCH (n) DETACH DELETE n //"}), "sex"),
        (_line({**CHILD, "id": "imp-10", "given_name": "A" * 5000}), "given_name"),
        (_line({**CHILD, "id": "imp-11", "colour": "blue"}), "colour"),
        ("[1, 2, 3]\n", "(line)"),
    ]


def test_a_file_with_bad_rows_loads_exactly_the_good_ones(store: GraphStore) -> None:
    bad = _bad_rows()
    lines = [_line(r) for r in GOOD[:5]] + [text for text, _ in bad] + [_line(r) for r in GOOD[5:]]
    rejects = io.StringIO()

    report = import_lines(store, lines, fmt="jsonl", batch_size=3, rejects=rejects)

    assert report.rows_read == len(GOOD) + len(bad)
    assert report.rows_loaded == len(GOOD)
    assert report.rows_rejected == len(bad)
    reported = {(e.line, e.field) for e in report.errors}
    for offset, (_, field) in enumerate(bad):
        assert (6 + offset, field) in reported, (6 + offset, field, report.errors)
    assert {e.line for e in report.errors} == set(range(6, 6 + len(bad)))
    assert rejects.getvalue().splitlines() == [text.rstrip("\n") for text, _ in bad]
    counts = store.counts()
    assert counts["Child"] == 1
    assert counts["INVOLVED_WITH"] == 1
    assert counts["RESIDENT_IN"] == 1
    record = store.get_child("imp-child-1")
    assert record.current_la == EALING
    assert [c.carer.id for c in record.carers] == ["imp-carer-1"]
    assert [i.practitioner.id for i in record.involvements if i.practitioner] == ["imp-gp-1"]
    messages = {e.field: e.message for e in report.errors}
    assert "not a valid NHS number" in messages["nhs_number"]
    assert "unknown child 'ghost-child'" in messages["child_id"]


def test_rows_depending_on_a_rejected_row_are_rejected_too(store: GraphStore) -> None:
    orphan_child = {**CHILD, "responsible_la": "E09000033"}  # a local authority not loaded
    lines = [_line(GOOD[0]), _line(GOOD[1]), _line(orphan_child), _line(GOOD[5]), _line(GOOD[6])]

    report = import_lines(store, lines, fmt="jsonl")

    assert [(e.line, e.field) for e in report.errors] == [(3, "responsible_la"), (5, "child_id")]
    assert "Child" not in store.counts()


def test_importing_the_same_file_again_changes_nothing(store: GraphStore) -> None:
    lines = [_line(r) for r in GOOD]
    import_lines(store, lines, fmt="jsonl")
    before = store.dump()

    again = import_lines(store, lines, fmt="jsonl")

    assert again.rows_loaded == len(GOOD)
    assert store.dump() == before


def test_a_changed_row_updates_the_record_and_its_version(store: GraphStore) -> None:
    import_lines(store, [_line(r) for r in GOOD], fmt="jsonl")
    renamed = {**CHILD, "given_name": "Maya"}

    import_lines(store, [_line(renamed)], fmt="jsonl")

    child = store.get_child("imp-child-1").child
    assert child.given_name == "Maya"
    assert child.version == 2


def test_restricting_to_one_authority_refuses_the_others(store: GraphStore) -> None:
    westminster = {"record": "local_authority", "code": "E09000033", "name": "Westminster"}
    import_lines(store, [_line(westminster), *(_line(r) for r in GOOD)], fmt="jsonl")
    theirs = {**CHILD, "id": "imp-w", "responsible_la": "E09000033"}
    link = {**GOOD[6], "child_id": "imp-w"}
    ours = {**CHILD, "given_name": "Mina"}

    report = import_lines(
        store, [_line(theirs), _line(link), _line(ours)], fmt="jsonl", restrict_la=EALING
    )

    assert [(e.line, e.field) for e in report.errors] == [(1, "responsible_la"), (2, "child_id")]
    assert report.rows_loaded == 1
    assert store.get_child("imp-child-1").child.given_name == "Mina"


def test_a_scoped_import_adds_practitioners_and_carers_but_changes_only_its_own(
    store: GraphStore,
) -> None:
    """Practitioners and carers belong to no one authority: a scoped import may add them, and
    change one only while every agency it works for (every child it cares for) is the
    importer's. A row the same as the stored record is accepted (a re-run)."""
    westminster = {"record": "local_authority", "code": "E09000033", "name": "Westminster"}
    w_agency = {**GOOD[1], "id": "imp-w-gp", "la": "E09000033"}
    w_child = {**CHILD, "id": "imp-w-child", "responsible_la": "E09000033"}
    import_lines(store, [_line(r) for r in (westminster, w_agency, w_child, *GOOD)], fmt="jsonl")
    practitioner = next(r for r in GOOD if r["record"] == "practitioner")
    carer = next(r for r in GOOD if r["record"] == "carer")
    changed = [
        {**practitioner, "phone": "020 7946 0999"},
        {**carer, "family_name": "Someone-Else"},
        {**practitioner, "id": "imp-new-practitioner"},
    ]
    report = import_lines(store, [_line(r) for r in changed], fmt="jsonl", restrict_la=EALING)
    assert report.errors == []  # Ealing's own: its agency, its child
    shared = [
        {"record": "works_for", "practitioner_id": practitioner["id"], "agency_id": "imp-w-gp",
         "since": "2021-01-01"},
        {"record": "cares_for", "carer_id": carer["id"], "child_id": "imp-w-child",
         "relationship": "mother", "parental_responsibility": True, "lives_with": True},
    ]  # fmt: skip
    assert import_lines(store, [_line(r) for r in shared], fmt="jsonl").errors == []
    again = [{**changed[0], "phone": "020 7946 0111"}, {**changed[1], "family_name": "Other"}]

    report = import_lines(
        store, [_line(r) for r in (*again, *changed)], fmt="jsonl", restrict_la=EALING
    )

    assert [(e.line, e.field) for e in report.errors] == [(1, "id"), (2, "id")]
    assert "already in the index" in report.errors[0].message
    assert report.rows_loaded == 3, "the rows the same as the stored records are accepted"
    practitioner_now, _ = store.get_practitioner(str(practitioner["id"]))
    assert practitioner_now.phone == "+442079460999"


@pytest.fixture
def seeded(store: GraphStore) -> GraphStore:
    seed_store(store, SeedOptions(children=300, las=2, seed=8, as_of=AS_OF), batch_size=1000)
    return store


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_then_import_into_an_empty_index_gives_the_same_export(
    seeded: GraphStore, fmt: str
) -> None:
    kind = "csv" if fmt == "csv" else "jsonl"
    first = list(export_lines(seeded, EALING, kind))
    seeded.clear()

    report = import_lines(seeded, first, fmt=kind, batch_size=400)
    second = list(export_lines(seeded, EALING, kind))

    assert report.rows_rejected == 0, report.errors[:5]
    assert first == second
    assert sum(1 for line in first if '"record": "child"' in line or line.startswith("child,")) > 50


class _Crash(Exception):
    pass


def test_an_interrupted_import_completes_when_run_again(seeded: GraphStore) -> None:
    lines = list(export_lines(seeded, EALING, "jsonl"))
    seeded.clear()
    import_lines(seeded, lines, fmt="jsonl")
    complete, total = seeded.dump(), sum(seeded.counts().values())
    seeded.clear()
    loaded = 0

    def crash(n: int) -> None:
        nonlocal loaded
        loaded += n
        if loaded > 600:
            raise _Crash

    with pytest.raises(_Crash):
        import_lines(seeded, lines, fmt="jsonl", batch_size=200, progress=crash)
    assert 0 < sum(seeded.counts().values()) < total

    import_lines(seeded, lines, fmt="jsonl", batch_size=200)

    assert seeded.dump() == complete


def test_the_example_files_import_cleanly_and_alike(store: GraphStore) -> None:
    jsonl = (EXAMPLES / "import.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    report = import_lines(store, jsonl, fmt="jsonl")
    assert (report.rows_rejected, report.errors) == (0, [])
    from_jsonl = _untimed(export_lines(store, EALING, "jsonl"))
    assert store.who_else("ex-child-ava")

    store.clear()
    with (EXAMPLES / "import.csv").open(encoding="utf-8", newline="") as handle:
        report = import_lines(store, handle, fmt="csv")
    assert (report.rows_rejected, report.errors) == (0, [])
    assert _untimed(export_lines(store, EALING, "jsonl")) == from_jsonl


def _untimed(lines: Iterable[str]) -> list[dict[str, object]]:
    """Records without the timestamps the store stamped at import time."""
    records = [json.loads(line) for line in lines]
    for record in records:
        record.pop("created_at", None)
        record.pop("updated_at", None)
    return records


def test_csv_problems_are_reported_by_line(store: GraphStore) -> None:
    text = (
        "record,code,name,id,given_name\n"
        "local_authority,E09000009,Ealing,,\n"
        "local_authority,E09000033\n"
        "carer,,,imp-c,\n"
    )
    report = import_lines(store, io.StringIO(text), fmt="csv")

    assert [(e.line, e.field) for e in report.errors] == [
        (3, "(line)"),
        (4, "given_name"),
        (4, "family_name"),
    ]
    assert report.rows_loaded == 1


def test_import_and_export_commands(tmp_path: Path) -> None:
    data = Path(tempfile.mkdtemp(prefix="ci-t-"))  # short: the engine's socket lives there
    runner = CliRunner()
    env = {"CHILDINDEX_DATA_DIR": str(data)}
    source = tmp_path / "in.jsonl"
    source.write_text("".join(_line(r) for r in GOOD) + _bad_rows()[3][0], encoding="utf-8")
    rejects = tmp_path / "rejects.jsonl"
    try:
        result = runner.invoke(app, ["import", str(source), "--rejects", str(rejects)], env=env)
        assert result.exit_code == 2, result.output
        assert (
            "line 9: nhs_number: 943 476 5918 is not a valid NHS number"
            " (its check digit does not match)"
        ) in result.stderr
        assert "8 loaded, 1 rejected" in result.stdout
        assert rejects.read_text(encoding="utf-8").count("\n") == 1

        exported = runner.invoke(
            app, ["export", "--la", EALING, "--reason", "checking the command line"], env=env
        )
        assert exported.exit_code == 0, exported.output
        kinds = [json.loads(line)["record"] for line in exported.stdout.splitlines()]
        assert kinds.count("child") == 1

        unknown = runner.invoke(
            app, ["export", "--la", "E09000033", "--reason", "checking the command line"], env=env
        )
        assert unknown.exit_code == 1
        assert "no local authority" in unknown.stderr

        missing = runner.invoke(app, ["import", str(tmp_path / "nope.jsonl")], env=env)
        assert missing.exit_code == 1
        assert "Traceback" not in missing.output
    finally:
        runner.invoke(app, ["engine", "stop"], env=env)
        shutil.rmtree(data, ignore_errors=True)


HOSTILE_NAMES = [
    'a"b',
    "a'b",
    "back\\slash",
    "ends with a backslash\\",
    '\\"}) DETACH DELETE (n) //',
    "x\\u0041y",
    "é ü 😀 עברית",
    "`tick`",
    "$param",
]


def test_hostile_text_survives_the_bulk_path_byte_for_byte(store: GraphStore) -> None:
    """Bulk rows reach FalkorDB as JSON text (bulk.py); quotes, backslashes and escapes in the
    data must come back exactly as sent, and nothing in them may run."""
    lines = [
        json.dumps({"record": "carer", "id": f"k{i}", "given_name": name, "family_name": "F"})
        for i, name in enumerate(HOSTILE_NAMES)
    ]

    report = import_lines(store, lines, fmt="jsonl")

    assert report.errors == []
    nodes, _ = store.dump()
    stored = {n["props"]["id"]: n["props"]["given_name"] for n in nodes if n["label"] == "Carer"}
    assert stored == {f"k{i}": name for i, name in enumerate(HOSTILE_NAMES)}
