"""`childindex duplicates scan` end to end: a subprocess on its own embedded engine."""

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.test_cli import assert_one_line_error, childindex


@pytest.fixture
def seeded() -> Iterator[Path]:
    data_dir = Path(tempfile.mkdtemp(prefix="ci-dup-"))  # short: the engine's unix socket
    try:
        seeded = childindex(data_dir, "seed", "--children", "800", "--las", "2", "--format", "json")
        assert seeded.returncode == 0, seeded.stderr
        yield data_dir
    finally:
        childindex(data_dir, "engine", "stop")
        shutil.rmtree(data_dir, ignore_errors=True)


def test_scan_writes_candidates_once_and_reports_json(seeded: Path) -> None:
    first = childindex(
        seeded, "duplicates", "scan", "--reason", "checking the command line", "--format", "json"
    )
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["candidates"] >= 4
    assert report["new"] == report["written"] == report["candidates"] == len(report["pairs"])
    assert all(pair["a"] < pair["b"] and pair["reasons"] for pair in report["pairs"])
    # every blocking key's cost, and the model that weighed the evidence
    assert report["keys"]["dob+name"]["pairs"] >= report["keys"]["dob+name"]["new_pairs"] > 0
    assert sum(cost["new_pairs"] for cost in report["keys"].values()) == report["pairs_compared"]
    assert report["model"]["weights"]["date of birth"]["exact"]["weight"] > 5
    again = json.loads(
        childindex(
            seeded,
            "duplicates",
            "scan",
            "--reason",
            "checking the command line",
            "--format",
            "json",
        ).stdout
    )
    assert (again["candidates"], again["new"]) == (report["candidates"], 0)


def test_scan_prints_a_table_and_refuses_an_unknown_area(seeded: Path) -> None:
    table = childindex(
        seeded,
        "duplicates",
        "scan",
        "--reason",
        "checking the command line",
        "--dry-run",
        columns=200,
    )
    assert table.returncode == 0, table.stderr
    assert "Candidate duplicates" in table.stdout
    assert "not written: dry run" in table.stdout
    assert_one_line_error(
        childindex(
            seeded,
            "duplicates",
            "scan",
            "--reason",
            "checking the command line",
            "--la",
            "E09999999",
        ),
        "E09999999",
    )


def test_splink_scans_the_same_area(seeded: Path) -> None:
    why = ("--reason", "checking the command line")
    splink = childindex(
        seeded, "duplicates", "scan", *why, "--method", "splink", "--format", "json"
    )
    assert splink.returncode == 0, splink.stderr
    report = json.loads(splink.stdout)
    ours = json.loads(
        childindex(seeded, "duplicates", "scan", *why, "--dry-run", "--format", "json").stdout
    )
    assert report["method"] == "splink"
    assert report["candidates"] >= 4
    assert all(
        pair["reasons"][0].startswith("Splink: match probability") for pair in report["pairs"]
    )
    found = {(pair["a"], pair["b"]) for pair in report["pairs"]}
    assert found & {(pair["a"], pair["b"]) for pair in ours["pairs"]}
    assert_one_line_error(
        childindex(seeded, "duplicates", "scan", *why, "--method", "dedupe"), "--method"
    )
