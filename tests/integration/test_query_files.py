"""Every shipped query compiles on FalkorDB: a file only Neo4j accepts fails here, by name.
And none scans a whole label unless it is meant to: a lookup that FalkorDB plans as a scan
answers at once on a test graph and in seconds at 1M children.

Each query name is planned (EXPLAIN, nothing runs) in the text it resolves to for the
`falkordb` dialect, so a `name.falkordb.cypher` variant stands in for its Neo4j-only original.
"""

import re
from typing import Any

import pytest

from service.errors import EngineError
from service.store.catalog import all_query_files, get_audited_query, get_query
from service.store.engines import EngineHandle, FalkorEngine

SCHEMA_DDL = {"schema/falkordb", "schema/neo4j"}
"""Multi-statement DDL run by `apply_schema`, not single queries; the schema tests cover them."""

LIST_PARAMS = ("ids", "dates", "rows", "codes", "names")
MAP_PARAMS = {"props", "link", "carer", "row", "filters"}
NUMBER_PARAMS = {"limit", "depth", "skip", "offset", "batch_size"}
BOOLEAN_PARAMS = {"include_ended", "clear_assessment"}

SCANS_BY_DESIGN = {
    "accounts/list_accounts": "every account, for `users list` (a few hundred at most)",
    "admin/delete_everything": "empties the graph",
    "audit/get_last_seq": "verify reads every event anyway; first, how far the events go",
    "audit/list_events_in_period": (
        "a period with an end reads the trail once: FalkorDB's index cannot bound text from"
        " above (issue #2239), and from the start alone it would read every later event"
    ),
    "bulk/holds_people": "whether any child or carer exists at all (stops at the first)",
    "count_graph": "counts every node and edge",
    "dump_edges": "the whole graph, for tests and export checks",
    "dump_nodes": "the whole graph, for tests and export checks",
    "gaps/list_local_authorities": "every local authority (about 150)",
    "identity/list_child_ids": "every child, for a whole-index duplicate sweep",
    "sample_child_ids": "a sample of children for the benchmarks",
}
"""The queries that read a whole label (or the whole graph) on purpose, and why."""


def query_names() -> list[str]:
    names = {
        path.removesuffix(".cypher").removesuffix(".falkordb").removesuffix(".neo4j")
        for path in all_query_files()
    }
    return sorted(names - SCHEMA_DDL)


def dummy_value(param: str) -> Any:
    """A value of the right shape for a parameter: the planner needs lists to UNWIND and maps
    to merge with `+=`; for the rest, null plans as well as any value."""
    if param.endswith(LIST_PARAMS):
        return []
    if param in MAP_PARAMS:
        return {}
    if param in NUMBER_PARAMS:
        return 1
    return None


@pytest.fixture(scope="module")
def falkordb(falkordb_handle: EngineHandle) -> FalkorEngine:
    assert isinstance(falkordb_handle.engine, FalkorEngine)
    return falkordb_handle.engine


def test_the_catalogue_is_not_empty() -> None:
    assert len(query_names()) >= 20
    assert "get_who_else" in query_names()


@pytest.mark.parametrize("name", query_names())
def test_query_compiles_on_falkordb(falkordb: FalkorEngine, name: str) -> None:
    query = get_query(name, falkordb.dialect)
    params = {param: dummy_value(param) for param in sorted(query.params)}
    plan = falkordb.explain(query.text, params)
    assert plan.strip(), f"FalkorDB gave no plan for {name}"


def planning_value(param: str) -> Any:
    """A value an index lookup can be planned with: null makes FalkorDB plan a scan, since
    `n.id = null` matches nothing by any route."""
    if param in BOOLEAN_PARAMS:
        return False
    value = dummy_value(param)
    return "x" if value is None else value


@pytest.mark.parametrize("name", query_names())
def test_query_scans_no_label_it_could_look_up(falkordb: FalkorEngine, name: str) -> None:
    query = get_query(name, falkordb.dialect)
    plan = falkordb.explain(query.text, {p: planning_value(p) for p in sorted(query.params)})
    scans = re.findall(r"(?:All Node Scan|Label Scan)[^\n]*", plan)
    if name in SCANS_BY_DESIGN:
        assert scans, f"{name} no longer scans: take it out of SCANS_BY_DESIGN"
    else:
        assert not scans, f"{name} is planned with a scan:\n{plan}"


@pytest.mark.parametrize(
    "text",
    [
        "SHOW INDEXES YIELD labelsOrTypes RETURN labelsOrTypes",
        "MATCH (n) WHERE EXISTS { MATCH (n)--() } RETURN n",
        "MATCH (n) RETURN COUNT { (n)--() } AS c",
        "MATCH (n) WHERE n.name =~ 'a.*' RETURN n",
        "RETURN datetime() AS t",
        "MATCH p = shortestPath((a)-[*]-(b)) RETURN p",
    ],
)
def test_explain_refuses_what_only_neo4j_accepts(falkordb: FalkorEngine, text: str) -> None:
    """The check above would pass anything if planning did not parse; show that it does."""
    with pytest.raises(EngineError):
        falkordb.explain(text, {})


def audited_names() -> list[str]:
    return [name for name in query_names() if get_query(name, "falkordb").audited]


@pytest.mark.parametrize("name", audited_names())
def test_an_audited_write_as_composed_compiles_and_scans_no_label(
    falkordb: FalkorEngine, name: str
) -> None:
    """The statement an audited write really runs: the write inside the audit frame."""
    query = get_audited_query(name, falkordb.dialect)
    values = {p: planning_value(p) for p in sorted(query.params)}
    values.update(audit_event={}, audit_child_ids=[], audit_expected_seq=0, audit_seq=1)
    plan = falkordb.explain(query.text, values)
    scans = re.findall(r"(?:All Node Scan|Label Scan)[^\n]*", plan)
    assert not scans, f"{name} in the audit frame is planned with a scan:\n{plan}"
