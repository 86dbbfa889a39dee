"""A property of the import door (issue 13, "Also"): whatever rows a steward of Ealing sends —
any kind, any mix, ids taken from Westminster's records, Ealing's, both authorities' shared
carer, or new ones — nothing Westminster owns changes."""

import json
from datetime import date
from typing import Any

from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from graph_model.enums import CarerRelationship, Sex
from graph_model.nodes import Agency, LocalAuthority, Practitioner
from graph_model.schemas import CarerCreate, CarerLink, ChildCreate, InvolvementCreate
from service.data.importer import import_lines
from service.store.graph_store import GraphStore
from tests.integration.conftest import LA_EALING, LA_WESTMINSTER
from tests.integration.security.test_import_scope import owned_by

CHILDREN = ["ch-west", "ch-east", "ch-new"]
CARERS = ["cr-west", "cr-east", "cr-both", "cr-new"]
AGENCIES = ["ag-west", "ag-east", "ag-new"]
PRACTITIONERS = ["pr-west", "pr-east", "pr-new"]
INVOLVEMENTS = ["inv-west", "inv-east", "inv-new"]
LAS = [LA_EALING, LA_WESTMINSTER]


def build(store: GraphStore) -> None:
    """Two authorities with a child, an agency with a practitioner involved, a carer each, and
    a carer of both children."""
    store.clear()
    for code, name in ((LA_EALING, "Ealing"), (LA_WESTMINSTER, "Westminster")):
        store.upsert_local_authority(LocalAuthority(code=code, name=name))
    for side, la in (("west", LA_WESTMINSTER), ("east", LA_EALING)):
        store.upsert_agency(Agency(id=f"ag-{side}", name=f"{side} GP", kind="gp_practice", la=la))
        store.upsert_practitioner(
            Practitioner(id=f"pr-{side}", given_name="Pat", family_name=side, job_title="GP"),
            agency_id=f"ag-{side}",
            since=date(2020, 1, 1),
        )
        store.create_child(
            ChildCreate(
                id=f"ch-{side}", given_name="Sam", family_name=side, sex=Sex.MALE,
                date_of_birth=date(2015, 5, 5), responsible_la=la, address_line="1 High St",
                postcode="W5 1AA", nhs_number="9434765870" if side == "west" else None,
                resident_since=date(2016, 1, 1),
            )
        )  # fmt: skip
        store.record_involvement(
            f"ch-{side}",
            InvolvementCreate(
                id=f"inv-{side}", practitioner_id=f"pr-{side}", agency_id=f"ag-{side}",
                service="registered patient", since=date(2020, 2, 2),
            ),
        )  # fmt: skip
        store.link_carer(
            f"ch-{side}",
            CarerLink(
                carer=CarerCreate(id=f"cr-{side}", given_name="Kim", family_name=side),
                relationship=CarerRelationship.MOTHER, lives_with=True,
                parental_responsibility=True,
            ),
        )  # fmt: skip
    for child in ("ch-west", "ch-east"):
        store.link_carer(
            child,
            CarerLink(
                carer=CarerCreate(id="cr-both", given_name="Lee", family_name="Both"),
                relationship=CarerRelationship.GRANDPARENT,
                parental_responsibility=False,
                lives_with=False,
            ),
        )


def rows() -> st.SearchStrategy[dict[str, Any]]:
    flag = st.booleans()
    since = st.sampled_from(["2021-01-01", "2024-06-30"])
    return st.one_of(
        st.builds(
            lambda code, name: {"record": "local_authority", "code": code, "name": name},
            st.sampled_from(LAS), st.sampled_from(["Ealing", "Taken"]),
        ),
        st.builds(
            lambda i, la, kind, s: {"record": "agency", "id": i, "name": "Agency", "kind": kind,
                                    "la": la, "sensitive": s},
            st.sampled_from(AGENCIES), st.sampled_from(LAS),
            st.sampled_from(["camhs", "voluntary", "gp_practice"]), flag,
        ),
        st.builds(
            lambda i, email: {"record": "practitioner", "id": i, "given_name": "Pat",
                              "family_name": "Hostile", "job_title": "GP", "email": email},
            st.sampled_from(PRACTITIONERS), st.sampled_from([None, "x@example.org"]),
        ),
        st.builds(
            lambda p, a, s: {"record": "works_for", "practitioner_id": p, "agency_id": a,
                             "since": s},
            st.sampled_from(PRACTITIONERS), st.sampled_from(AGENCIES), since,
        ),
        st.builds(
            lambda i, la, shielded: {"record": "child", "id": i, "given_name": "Sam",
                                     "family_name": "Taken", "sex": "male",
                                     "date_of_birth": "2015-05-05", "responsible_la": la,
                                     "shielded": shielded, "resident_since": "2016-01-01"},
            st.sampled_from(CHILDREN), st.sampled_from(LAS), flag,
        ),
        st.builds(
            lambda i: {"record": "carer", "id": i, "given_name": "Kim", "family_name": "Taken",
                       "phone": "07700 900000"},
            st.sampled_from(CARERS),
        ),
        st.builds(
            lambda k, c, lives: {"record": "cares_for", "carer_id": k, "child_id": c,
                                 "relationship": "father", "lives_with": lives,
                                 "parental_responsibility": True},
            st.sampled_from(CARERS), st.sampled_from(CHILDREN), flag,
        ),
        st.builds(
            lambda i, c, la, s: {"record": "residence", "id": i, "child_id": c, "la": la,
                                 "since": s},
            st.sampled_from(["r0.ch-west", "r0.ch-east", "res-new"]),
            st.sampled_from(CHILDREN), st.sampled_from(LAS), since,
        ),
        st.builds(
            lambda i, c, a, p, consent: {"record": "involvement", "id": i, "child_id": c,
                                         "agency_id": a, "practitioner_id": p,
                                         "service": "taken", "since": "2024-01-01",
                                         "consent": consent},
            st.sampled_from(INVOLVEMENTS), st.sampled_from(CHILDREN),
            st.sampled_from(AGENCIES), st.sampled_from([*PRACTITIONERS, None]), flag,
        ),
        st.builds(
            lambda c, o, status: {"record": "same_as", "child_id": c, "other_id": o,
                                  "status": status, "score": 0.9},
            st.sampled_from(CHILDREN), st.sampled_from(CHILDREN),
            st.sampled_from(["confirmed", "rejected"]),
        ),
    )  # fmt: skip


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],  # explain: prints no example here
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batch=st.lists(rows(), min_size=1, max_size=8))
def test_rows_naming_another_authoritys_ids_never_change_what_it_owns(
    store: GraphStore, batch: list[dict[str, Any]]
) -> None:
    note(f"rows: {json.dumps(batch)}")
    build(store)
    before = owned_by(store, LA_WESTMINSTER)
    involvement_ids = {
        edge["props"]["id"] for edge in store.dump()[1] if edge["type"] == "INVOLVED_WITH"
    }

    import_lines(store, [json.dumps(row) for row in batch], fmt="jsonl", restrict_la=LA_EALING)

    assert owned_by(store, LA_WESTMINSTER) == before
    edges = [edge for edge in store.dump()[1] if edge["type"] == "INVOLVED_WITH"]
    ids = [edge["props"]["id"] for edge in edges]
    assert len(ids) == len(set(ids)), "an involvement id names two edges"
    assert involvement_ids <= set(ids)
