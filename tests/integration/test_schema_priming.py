"""A fresh graph answers correctly on the very first query that mentions a relationship type.

FalkorDB 4.16 caches query plans; a pattern comprehension planned before its relationship type
existed kept returning [] afterwards. apply_schema primes every type, and this proves it on a
graph no other test has touched.
"""

import uuid
from datetime import date

from graph_model.nodes import LocalAuthority
from graph_model.schemas import CarerCreate, CarerLink, ChildCreate
from service.store.engines import EngineHandle, FalkorEngine
from service.store.graph_store import GraphStore


def test_a_new_graph_reads_carers_linked_after_its_first_read(
    falkordb_handle: EngineHandle,
) -> None:
    assert falkordb_handle.server is not None
    engine = FalkorEngine(
        graph_name=f"prime_{uuid.uuid4().hex[:8]}",
        unix_socket_path=str(falkordb_handle.server.socket),
    )
    store = GraphStore(engine)
    try:
        store.apply_schema()
        store.upsert_local_authority(LocalAuthority(code="E09000009", name="Ealing"))
        store.create_child(
            ChildCreate(
                id="ch-1",
                given_name="Ada",
                family_name="Lovelace",
                sex="female",
                date_of_birth=date(2018, 12, 10),
                responsible_la="E09000009",
            )
        )
        assert store.get_child("ch-1").carers == []  # planned before any CARES_FOR edge exists

        store.link_carer(
            "ch-1",
            CarerLink(
                carer=CarerCreate(given_name="Anne", family_name="Byron"),
                relationship="mother",
                parental_responsibility=True,
                lives_with=True,
            ),
        )

        carers = store.get_child("ch-1").carers
        assert [(c.carer.given_name, c.relationship.value) for c in carers] == [("Anne", "mother")]
    finally:
        engine.delete_graph()
        engine.close()
