"""`childindex gaps` and `childindex coverage`, run as a user would (the CLI's own engine)."""

import csv
import io
import json
from pathlib import Path

from tests.integration.test_cli import CHILD, LA, assert_one_line_error, childindex, seeded

__all__ = ["seeded"]  # the fixture: one child, Victoria, whose GP registration has ended


def test_gaps_as_json_lists_the_childs_gaps(seeded: Path) -> None:
    result = childindex(
        seeded, "gaps", "--reason", "checking the command line", "--la", LA, "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    mine = {g["code"]: g for g in body["gaps"] if g["child_id"] == CHILD}
    assert set(mine) == {"NO_GP", "MISSING_EDUCATION", "INVISIBLE_CHILD", "NO_CARER_RECORDED"}
    assert "Acton Health Centre until 2024-01-31" in mine["NO_GP"]["reason"]
    assert "inv-gp" in mine["NO_GP"]["evidence"]
    [area] = body["areas"]
    assert area["la"] == LA
    assert area["children"] == 1
    assert area["counts"]["NO_GP"] == 1


def test_gaps_as_csv_for_one_rule(seeded: Path) -> None:
    result = childindex(
        seeded,
        "gaps",
        "--reason",
        "checking the command line",
        "--la",
        LA,
        "--rule",
        "NO_GP",
        "--format",
        "csv",
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["child_id"], r["code"]) for r in rows] == [(CHILD, "NO_GP")]


def test_gaps_table(seeded: Path) -> None:
    result = childindex(
        seeded, "gaps", "--reason", "checking the command line", "--la", LA, columns=200
    )
    assert result.returncode == 0, result.stderr
    assert "MISSING_EDUCATION" in result.stdout
    assert CHILD in result.stdout


def test_gaps_refuses_an_unknown_area_or_rule(seeded: Path) -> None:
    assert_one_line_error(
        childindex(seeded, "gaps", "--reason", "checking the command line", "--la", "E09999999"),
        "E09999999",
    )
    assert_one_line_error(
        childindex(seeded, "gaps", "--reason", "checking the command line", "--rule", "NOT_A_RULE"),
        "NOT_A_RULE",
    )
    assert_one_line_error(
        childindex(seeded, "gaps", "--reason", "checking the command line", "--format", "xml"),
        "--format",
    )


def test_coverage_as_json(seeded: Path) -> None:
    result = childindex(seeded, "coverage", "--la", LA, "--format", "json")
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    gp = next(m for m in body["measures"] if m["key"] == "gp")
    assert (gp["numerator"], gp["denominator"]) == (0, 1)
    assert body["caseloads"]["max"] == 1
    assert body["queries"]["caseloads"] == "coverage/get_caseloads"
