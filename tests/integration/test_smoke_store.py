"""First proof that the fixtures give a real engine with a clean graph per test."""

from service.store.graph_store import GraphStore


def test_area_fixture_loads_into_an_empty_graph(area: GraphStore) -> None:
    counts = area.counts()
    assert counts["LocalAuthority"] == 2
    assert counts["Agency"] == 4
    assert counts["Practitioner"] == 2
    assert "Child" not in counts


def test_schema_is_complete(store: GraphStore) -> None:
    status = store.schema_status()
    assert status.ok, status.missing
