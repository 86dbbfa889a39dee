"""The real `childindex` command, run as a user would: its own engine in its own data directory,
exit codes that scripts can rely on, and one clear line (never a traceback) when it fails."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from graph_model.enums import Sex
from graph_model.nodes import Agency, LocalAuthority, Practitioner
from graph_model.schemas import ChildCreate, InvolvementCreate, InvolvementUpdate
from service.settings import Settings
from service.store.engines import EmbeddedServer, FalkorEngine
from service.store.graph_store import GraphStore

LA = "E09000009"
CHILD = "ch-victoria"
DEFAULT_GRAPH = str(Settings.model_fields["graph_name"].default)
"""The graph the CLI uses when no CHILDINDEX_GRAPH_NAME is set (the subprocesses get none)."""

_SCRIPT = Path(sys.executable).parent / "childindex"
COMMAND = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "service.cli"]


def childindex(
    data_dir: Path, *args: str, columns: int | None = None, settings: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHILDINDEX_")}
    env.update(settings or {})
    env.pop("COLUMNS", None)
    if columns is not None:
        env["COLUMNS"] = str(columns)
    return subprocess.run(
        [*COMMAND, "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line, got:\n{result.stderr}"
    assert lines[0].startswith("error: ")
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.mark.parametrize(
    ("settings", "fragment"),
    [
        (
            {"CHILDINDEX_BATCH_SIZE": "lots"},
            "CHILDINDEX_BATCH_SIZE: Input should be a valid integer",
        ),
        ({"CHILDINDEX_ENGINE_START_TIMEOUT": "-1"}, "CHILDINDEX_ENGINE_START_TIMEOUT: Input"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it(
    tmp_path: Path, settings: dict[str, str], fragment: str
) -> None:
    result = childindex(tmp_path, "engine", "status", settings=settings)

    assert_one_line_error(result, "bad setting", fragment)


@pytest.fixture
def data_dir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="ci-cli-"))
    try:
        yield path
    finally:
        EmbeddedServer(path).stop()  # whatever a failed test left running
        shutil.rmtree(path, ignore_errors=True)


def seed(socket: Path) -> None:
    """A child with a social worker (current) and a GP registration (ended)."""
    engine = FalkorEngine(graph_name=DEFAULT_GRAPH, unix_socket_path=str(socket))
    store = GraphStore(engine)
    try:
        store.apply_schema()
        store.upsert_local_authority(LocalAuthority(code=LA, name="Ealing"))
        store.upsert_agency(
            Agency(id="csc-ealing", name="Ealing Children's Social Care", kind="social_care", la=LA)
        )
        store.upsert_agency(
            Agency(id="gp-acton", name="Acton Health Centre", kind="gp_practice", la=LA)
        )
        store.upsert_practitioner(
            Practitioner(
                id="sw-lisa",
                given_name="Lisa",
                family_name="Arthurworrey",
                job_title="Social worker",
                email="lisa.a@ealing.example.org",
            ),
            agency_id="csc-ealing",
        )
        store.create_child(
            ChildCreate(
                id=CHILD,
                given_name="Victoria",
                family_name="Adjo",
                sex=Sex.FEMALE,
                date_of_birth=date(2016, 3, 4),
                responsible_la=LA,
            )
        )
        store.record_involvement(
            CHILD,
            InvolvementCreate(
                id="inv-sw",
                practitioner_id="sw-lisa",
                agency_id="csc-ealing",
                service="child in need plan",
                since=date(2024, 5, 2),
                lead_professional=True,
            ),
        )
        store.record_involvement(
            CHILD,
            InvolvementCreate(
                id="inv-gp",
                agency_id="gp-acton",
                service="registered patient",
                since=date(2020, 1, 6),
            ),
        )
        store.update_involvement("inv-gp", InvolvementUpdate(until=date(2024, 1, 31)))
    finally:
        engine.close()


@pytest.fixture(scope="module")
def seeded() -> Iterator[Path]:
    """A data directory whose engine the CLI started, holding one child's data."""
    path = Path(tempfile.mkdtemp(prefix="ci-cli-"))
    try:
        started = childindex(path, "engine", "start")
        assert started.returncode == 0, started.stderr
        seed(EmbeddedServer(path).socket)
        yield path
    finally:
        childindex(path, "engine", "stop")
        EmbeddedServer(path).stop()
        shutil.rmtree(path, ignore_errors=True)


# --- engine commands --------------------------------------------------------------------------


def test_engine_start_status_stop(data_dir: Path) -> None:
    status = childindex(data_dir, "engine", "status")
    assert status.returncode == 3
    assert "not running" in status.stdout

    started = childindex(data_dir, "engine", "start")
    assert started.returncode == 0, started.stderr
    assert "engine started" in started.stdout

    status = childindex(data_dir, "engine", "status", "--json")
    assert status.returncode == 0
    reported = json.loads(status.stdout)
    assert reported["running"] is True
    assert reported["pid"] == EmbeddedServer(data_dir).status().pid
    assert reported["socket"] == str(data_dir / "engine" / "falkordb.sock")

    again = childindex(data_dir, "engine", "start")
    assert again.returncode == 0
    assert "already running" in again.stdout
    assert f"pid {reported['pid']}" in again.stdout

    stopped = childindex(data_dir, "engine", "stop")
    assert stopped.returncode == 0
    assert "engine stopped" in stopped.stdout

    status = childindex(data_dir, "engine", "status", "--json")
    assert status.returncode == 3
    assert json.loads(status.stdout)["running"] is False


def test_engine_status_json_is_plain_json_when_not_running(data_dir: Path) -> None:
    status = childindex(data_dir, "engine", "status", "--json")
    assert status.returncode == 3
    assert json.loads(status.stdout) == {
        "running": False,
        "pid": None,
        "socket": str(data_dir / "engine" / "falkordb.sock"),
        "data_dir": str(data_dir),
        "detail": "not running",
    }


def test_a_data_dir_too_long_for_the_socket_fails_without_a_traceback(data_dir: Path) -> None:
    result = childindex(data_dir / ("d" * 120), "engine", "start", columns=400)
    assert_one_line_error(result, "too long for a unix socket")


def test_a_long_error_stays_on_one_line_at_the_default_width(data_dir: Path) -> None:
    result = childindex(data_dir / ("d" * 120), "engine", "start")
    assert_one_line_error(result, "too long for a unix socket")


# --- query who-else ---------------------------------------------------------------------------


def test_who_else_of_an_unknown_child_is_one_line_error(seeded: Path) -> None:
    result = childindex(
        seeded, "query", "who-else", "--reason", "checking the command line", "UNKNOWN"
    )
    assert_one_line_error(result, "no child", "UNKNOWN")
    assert result.stdout == ""


def test_who_else_prints_a_table_of_who_is_working_with_the_child(seeded: Path) -> None:
    result = childindex(
        seeded, "query", "who-else", "--reason", "checking the command line", CHILD, columns=250
    )
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if "Lisa" in line]
    assert len(rows) == 1, result.stdout
    [row] = rows
    assert "Lisa Arthurworrey (Social worker)" in row
    assert "Ealing Children's Social Care" in row
    assert "lisa.a@ealing.example.org" in row
    assert "lead professional" in row
    assert "Acton Health Centre" not in result.stdout, "ended involvements are left out"


def test_who_else_table_shows_the_agency_kind(seeded: Path) -> None:
    result = childindex(
        seeded, "query", "who-else", "--reason", "checking the command line", CHILD, columns=250
    )
    assert "Ealing Children's Social Care [social_care]" in result.stdout


def test_who_else_all_includes_ended_involvements(seeded: Path) -> None:
    result = childindex(
        seeded,
        "query",
        "who-else",
        "--reason",
        "checking the command line",
        CHILD,
        "--all",
        columns=250,
    )
    assert result.returncode == 0, result.stderr
    [gp_row] = [line for line in result.stdout.splitlines() if "Acton Health Centre" in line]
    assert "(the agency)" in gp_row
    assert "ended 2024-01-31" in gp_row


def test_who_else_as_json(seeded: Path) -> None:
    result = childindex(
        seeded,
        "query",
        "who-else",
        "--reason",
        "checking the command line",
        CHILD,
        "--format",
        "json",
        "--all",
    )
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)["items"]
    by_id = {e["id"]: e for e in entries}
    assert set(by_id) == {"inv-sw", "inv-gp"}
    assert by_id["inv-sw"]["practitioner"]["family_name"] == "Arthurworrey"
    assert by_id["inv-sw"]["agency"]["name"] == "Ealing Children's Social Care"
    assert by_id["inv-sw"]["lead_professional"] is True
    assert by_id["inv-gp"]["until"] == "2024-01-31"
    assert by_id["inv-gp"]["practitioner"] is None


def test_query_uses_the_engine_already_running_and_leaves_it_running(seeded: Path) -> None:
    pid = EmbeddedServer(seeded).status().pid
    result = childindex(
        seeded,
        "query",
        "who-else",
        "--reason",
        "checking the command line",
        CHILD,
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    assert EmbeddedServer(seeded).status().pid == pid


@pytest.mark.parametrize("child_id", ["[/]", "[red]x"])
def test_an_id_that_looks_like_markup_is_reported_as_typed(seeded: Path, child_id: str) -> None:
    result = childindex(
        seeded, "query", "who-else", "--reason", "checking the command line", child_id, columns=250
    )
    assert_one_line_error(result, child_id)
