"""The command line as an operator meets it: options where they type them, no empty engine
started behind a mistyped directory, a local authority by its code, and output that a file or a
pipe gets whole."""

import json
import os
import subprocess
from pathlib import Path

import pytest
import typer.main

from service.cli import app
from service.store.engines import EmbeddedServer
from tests.integration.test_cli import (
    CHILD,
    COMMAND,
    LA,
    assert_one_line_error,
    childindex,
    data_dir,
    seeded,
)

__all__ = ["data_dir", "seeded"]  # fixtures: an empty directory; one with Victoria's index


WHY = ("--reason", "checking the command line")
"""Commands that show child data need a reason (issue 13): given, so the rest is tested."""


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`childindex` with exactly these arguments, its output to pipes, and no COLUMNS."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHILDINDEX_")}
    env.pop("COLUMNS", None)
    return subprocess.run(
        [*COMMAND, *map(str, args)], capture_output=True, text=True, env=env, timeout=120
    )


def leaf_commands() -> list[str]:
    root = typer.main.get_command(app)
    found: list[str] = []

    def walk(command: object, path: list[str]) -> None:
        children = getattr(command, "commands", None)
        if children:
            for name, child in children.items():
                walk(child, [*path, name])
        else:
            found.append(" ".join(path))

    walk(root, [])
    return sorted(found)


# --- --data-dir and --engine, before or after the command --------------------------------------


@pytest.mark.parametrize("command", leaf_commands())
def test_every_command_takes_data_dir_and_engine_after_its_name(command: str) -> None:
    shown = run(*command.split(), "--help")
    assert shown.returncode == 0, shown.stderr
    assert "--data-dir" in shown.stdout
    if command != "demo":  # the demo always runs an embedded engine of its own
        assert "--engine" in shown.stdout


def test_data_dir_after_the_command_is_used(seeded: Path) -> None:
    result = run("query", "who-else", CHILD, *WHY, "--data-dir", seeded, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert {entry["id"] for entry in json.loads(result.stdout)["items"]} == {"inv-sw"}


def test_an_option_after_the_command_wins_over_one_before_it(seeded: Path, data_dir: Path) -> None:
    result = run("--data-dir", data_dir, "query", "who-else", CHILD, *WHY, "--data-dir", seeded)
    assert result.returncode == 0, result.stderr
    assert "Lisa Arthurworrey" in result.stdout
    assert not EmbeddedServer(data_dir).holds_data()


def test_engine_after_the_command_is_used(data_dir: Path) -> None:
    result = run("engine", "status", "--data-dir", data_dir, "--engine", "neo4j")
    assert_one_line_error(result, "the engine is neo4j")


# --- no empty engine behind a data directory that holds no index -------------------------------

READERS = [
    ["query", "who-else", CHILD, *WHY],
    ["gaps", *WHY],
    ["coverage", "--la", LA],
    ["export", "--la", LA, *WHY],
    ["audit", "verify"],
    ["users", "list"],
    ["users", "add", "sam", "--role", "mash", "--password-stdin"],
    ["duplicates", "scan", *WHY],
]


def reason_for(command: str) -> tuple[str, ...]:
    return () if command == "coverage" else WHY


@pytest.mark.parametrize("args", READERS, ids=lambda args: " ".join(args[:2]))
def test_a_command_that_reads_an_index_stops_where_there_is_none(
    data_dir: Path, args: list[str]
) -> None:
    result = childindex(data_dir, *args)
    assert_one_line_error(result, f"no index in {data_dir}", "--data-dir")
    assert not EmbeddedServer(data_dir).holds_data()
    assert not EmbeddedServer(data_dir).status().running


def test_seed_creates_an_index_that_the_readers_then_find(data_dir: Path) -> None:
    seeded_now = childindex(data_dir, "seed", "--children", "20", "--las", "1", "--format", "json")
    assert seeded_now.returncode == 0, seeded_now.stderr
    assert EmbeddedServer(data_dir).holds_data()
    [la] = json.loads(seeded_now.stdout)["local_authorities"]
    covered = childindex(data_dir, "coverage", "--la", la, "--format", "json")
    assert covered.returncode == 0, covered.stderr
    assert json.loads(covered.stdout)["children"] == 20


# --- --la takes a code ---------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["coverage", "export", "gaps", "duplicates scan"])
def test_a_local_authority_s_name_is_refused_with_its_code(seeded: Path, command: str) -> None:
    result = childindex(seeded, *command.split(), *reason_for(command), "--la", "ealing")
    assert_one_line_error(result, "--la takes a local authority's ONS code, not its name")
    assert "Ealing is E09000009" in result.stderr


@pytest.mark.parametrize("command", ["coverage", "export", "gaps", "duplicates scan"])
def test_a_code_of_no_local_authority_and_a_word_that_is_none_are_refused(
    seeded: Path, command: str
) -> None:
    unknown = childindex(seeded, *command.split(), *reason_for(command), "--la", "E09999999")
    assert_one_line_error(unknown, "no local authority E09999999 in the index")
    nonsense = childindex(seeded, *command.split(), *reason_for(command), "--la", "Narnia")
    assert_one_line_error(nonsense, "--la takes a local authority's ONS code", "'Narnia'")


def test_a_code_in_lower_case_is_taken(seeded: Path) -> None:
    result = childindex(seeded, "coverage", "--la", LA.lower(), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["la"] == LA


# --- output to a file or a pipe is not cut -------------------------------------------------------


def test_import_problems_stay_one_line_each_in_a_pipe(seeded: Path, tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    child = {
        "record": "child",
        "id": "ch-long",
        "given_name": "A",
        "family_name": "B",
        "sex": "female",
        "date_of_birth": "2016-03-04",
        "responsible_la": LA,
        "nhs_number": "9434765871",
        "postcode": "not a postcode at all",
    }
    rows.write_text(json.dumps(child) + "\n", encoding="utf-8")
    result = run("import", rows, "--data-dir", seeded)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        "line 1: nhs_number: 943 476 5871 is not a valid NHS number (its check digit does not"
        " match)",
        "line 1: postcode: not a postcode at all is not a UK postcode (a postcode looks like"
        " W3 6RS)",
    ]


def test_a_table_in_a_pipe_keeps_each_row_on_one_line(seeded: Path) -> None:
    result = run("query", "who-else", CHILD, *WHY, "--data-dir", seeded)
    assert result.returncode == 0, result.stderr
    [row] = [line for line in result.stdout.splitlines() if "Lisa" in line]
    assert "Lisa Arthurworrey (Social worker)" in row
    assert "lisa.a@ealing.example.org" in row
    assert "lead professional" in row


# --- ./dev help --------------------------------------------------------------------------------


def test_dev_help_prints_its_usage() -> None:
    script = Path(__file__).resolve().parents[2] / "dev"
    for word in ("help", "--help"):
        result = subprocess.run(
            ["bash", str(script), word], capture_output=True, text=True, timeout=30, check=False
        )
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert lines[0].startswith("childindex developer entry point")
        assert any(line.strip().startswith("./dev demo") for line in lines)
        assert any(line.strip().startswith("./dev test") for line in lines)
        assert not any("set -" in line or "VENV" in line for line in lines)


def test_a_refused_account_is_said_in_words(data_dir: Path) -> None:
    result = childindex(data_dir, "users", "add", "Bad Name", "--role", "mash", "--password-stdin")
    assert_one_line_error(result, "User name: must be 2 to 64 letters, digits and _ . @ -")
    assert "pattern" not in result.stderr
