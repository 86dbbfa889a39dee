"""Every shipped query passes Neo4j's own Cypher linter (tools/cypher-lint)."""

import subprocess

from service.store.catalog import all_query_files
from tests.unit.test_cypher_lint import LINT_SCRIPT, REPO, require_linter


def test_every_shipped_query_passes_the_neo4j_linter() -> None:
    require_linter()

    # No arguments: the linter checks the repository's cypher/ folder.
    result = subprocess.run(
        ["node", str(LINT_SCRIPT)], cwd=REPO, capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stdout + result.stderr
    # The count proves it read the same files the service ships, not an empty or other folder.
    assert f"cypher-lint: {len(all_query_files())} files, 0 errors," in result.stdout, result.stdout
