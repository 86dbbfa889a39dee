"""Tests for tools/cypher-lint/lint.mjs, run on throwaway folders of .cypher files."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import unavailable

REPO = Path(__file__).resolve().parents[2]
LINT_DIR = REPO / "tools" / "cypher-lint"
LINT_SCRIPT = LINT_DIR / "lint.mjs"


def require_linter() -> None:
    """Skip when the linter cannot run here (fail under CI=true: CI runs `npm ci` first)."""
    if shutil.which("node") is None:
        unavailable("cypher-lint cannot run: node is not on PATH")
    elif not (LINT_DIR / "node_modules").is_dir():
        unavailable(
            f"cypher-lint cannot run: {LINT_DIR / 'node_modules'} is missing"
            " (run: npm ci --prefix tools/cypher-lint)"
        )


def run_lint(workdir: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    require_linter()
    return subprocess.run(
        ["node", str(LINT_SCRIPT), *targets],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
    )


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_good_files_pass(tmp_path: Path) -> None:
    write(
        tmp_path,
        "cypher/child/get_child.cypher",
        "// Fetch one child and the people involved with it.\n"
        "// params: $child_id, $include_ended\n"
        "MATCH (c:Child {id: $child_id})\n"
        "OPTIONAL MATCH (c)-[r:INVOLVED_WITH]->(p:Person)\n"
        "WHERE $include_ended OR r.ended IS NULL\n"
        "RETURN c {.id, .given_name} AS child, collect(p.id) AS people\n",
    )
    write(
        tmp_path,
        "cypher/schema/neo4j.cypher",
        "// params: none\n"
        "CREATE INDEX child_id IF NOT EXISTS FOR (c:Child) ON (c.id);\n"
        "CREATE CONSTRAINT child_id_unique IF NOT EXISTS FOR (c:Child) REQUIRE c.id IS UNIQUE;\n",
    )

    result = run_lint(tmp_path, "cypher")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "cypher-lint: 2 files, 0 errors, 0 warnings" in result.stdout


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        pytest.param(
            "syntax.cypher",
            "// params: none\nMATC (c:Child) RETURN c\n",
            "error: ",
            id="syntax-error",
        ),
        pytest.param(
            "undeclared.cypher",
            "// params: none\nMATCH (c:Child {id: $child_id}) RETURN c\n",
            "Parameter $child_id is not defined",
            id="undeclared-param",
        ),
        pytest.param(
            "unused.cypher",
            "// params: $child_id, $limit\nMATCH (c:Child {id: $child_id}) RETURN c\n",
            "parameter $limit is declared in the params header but never used",
            id="unused-param",
        ),
        pytest.param(
            "no_header.cypher",
            "// Fetch every child.\nMATCH (c:Child) RETURN c\n",
            'missing "// params: ..." header line',
            id="missing-header",
        ),
    ],
)
def test_bad_file_fails_and_is_named(tmp_path: Path, name: str, text: str, expected: str) -> None:
    write(tmp_path, "cypher/ok.cypher", "// params: none\nMATCH (c:Child) RETURN c\n")
    write(tmp_path, f"cypher/{name}", text)

    result = run_lint(tmp_path, "cypher")

    assert result.returncode == 1, result.stdout + result.stderr
    bad_lines = [
        line for line in result.stdout.splitlines() if line.startswith(f"{Path('cypher', name)}:")
    ]
    assert bad_lines, result.stdout
    assert any(expected in line for line in bad_lines), result.stdout
    assert not any(
        line.startswith(f"{Path('cypher', 'ok.cypher')}:") for line in result.stdout.splitlines()
    )


def test_deprecation_warning_is_printed_but_does_not_fail(tmp_path: Path) -> None:
    write(
        tmp_path, "cypher/legacy_id.cypher", "// params: none\nMATCH (c:Child) RETURN id(c) AS i\n"
    )

    result = run_lint(tmp_path, "cypher")

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{Path('cypher', 'legacy_id.cypher')}:2:" in result.stdout
    assert "warning: " in result.stdout
    assert "0 errors, 1 warning" in result.stdout


def test_no_files_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "cypher").mkdir()

    result = run_lint(tmp_path, "cypher")

    assert result.returncode == 2, result.stdout + result.stderr
    assert "no .cypher files found" in result.stderr


def test_every_audited_write_as_composed_passes_the_linter(tmp_path: Path) -> None:
    """The text an audited write runs as (the write inside the audit frame, put together by
    the catalogue at load time) is what Neo4j gets: lint that, not only the two files."""
    from service.store.catalog import all_query_files, get_audited_query, get_query

    names = sorted(
        {
            path.removesuffix(".cypher").removesuffix(".falkordb")
            for path in all_query_files()
            if not path.startswith("schema/")
        }
    )
    audited = [name for name in names if get_query(name, "neo4j").audited]
    assert len(audited) >= 20
    for name in audited:
        write(tmp_path, f"composed/{name}.cypher", get_audited_query(name, "neo4j").text)

    result = run_lint(tmp_path, "composed")

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(audited)} files, 0 errors, 0 warnings" in result.stdout, result.stdout
