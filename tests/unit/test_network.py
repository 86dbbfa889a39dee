"""Network analytics on small named families and areas, each answer worked out by hand."""

import itertools
from datetime import date

import networkx as nx
import pytest

from analysis.network import (
    Address,
    CarerTie,
    GraphFormat,
    Involvement,
    NetworkError,
    Party,
    brokers,
    caseload_outliers,
    child_network_graph,
    collaboration_export_graph,
    collaboration_graph,
    households,
    islands,
    write_graph,
)

AS_OF = date(2026, 6, 1)
BEFORE = date(2026, 1, 1)
AFTER = date(2026, 9, 1)


def worker(pid: str, kind: str = "social_care", agency: str | None = None) -> Party:
    return Party(pid, "practitioner", pid.title(), agency or f"ag-{kind}", kind)


def agency(aid: str, kind: str) -> Party:
    return Party(aid, "agency", aid.title(), aid, kind)


# --- households --------------------------------------------------------------------------


def test_a_step_family_is_one_household_through_the_parent_both_children_share() -> None:
    # Mum cares for Amy and Ben; Ben's stepdad also cares for Cal, his son from before.
    ties = [
        CarerTie("mum", "amy"),
        CarerTie("mum", "ben"),
        CarerTie("stepdad", "ben"),
        CarerTie("stepdad", "cal"),
    ]
    (home,) = households(["amy", "ben", "cal"], ties, as_of=AS_OF)
    assert home.children == ("amy", "ben", "cal")
    assert home.carers == ("mum", "stepdad")
    assert home.id == "amy"
    assert home.size == 3


def test_an_ended_or_future_tie_joins_nobody() -> None:
    ties = [
        CarerTie("dad", "dan", until=AS_OF),  # ends on the day: over as of that day
        CarerTie("dad", "eve"),
        CarerTie("gran", "eve", since=AFTER),  # not yet
        CarerTie("gran", "fay"),
    ]
    found = households(["dan", "eve", "fay"], ties, as_of=AS_OF)
    assert [h.children for h in found] == [("dan",), ("eve",), ("fay",)]
    assert found[1].carers == ("dad",)


def test_a_tie_that_ends_tomorrow_still_joins() -> None:
    ties = [CarerTie("dad", "dan", until=date(2026, 6, 2)), CarerTie("dad", "eve")]
    assert [h.children for h in households(["dan", "eve"], ties, as_of=AS_OF)] == [("dan", "eve")]


def test_children_at_one_front_door_are_one_household_without_a_shared_carer() -> None:
    addresses = [
        Address("gus", "Flat 2, 14 Acton Lane", "W3 6RS"),
        Address("hal", "flat 2  14 acton lane", "w36rs"),  # the same dwelling, typed another way
        Address("ivy", "Flat 3, 14 Acton Lane", "W3 6RS"),  # the flat next door
        Address("jon", None, "W3 6RS"),  # a postcode alone is a street, not a home
        Address("kit", "2 Elm Road", None),  # nor is a first line without its postcode
        Address("lea", None, None),
    ]
    found = households(["gus", "hal", "ivy", "jon", "kit", "lea"], [], addresses, as_of=AS_OF)
    assert [h.children for h in found] == [("gus", "hal"), ("ivy",), ("jon",), ("kit",), ("lea",)]
    assert found[0].addresses == 1
    assert found[0].carers == ()


def test_a_carer_is_not_followed_to_children_outside_the_area() -> None:
    ties = [CarerTie("mum", "amy"), CarerTie("mum", "elsewhere")]
    (home,) = households(["amy"], ties, as_of=AS_OF)
    assert home.children == ("amy",)
    assert home.carers == ("mum",)


def test_a_household_lists_the_agencies_currently_around_its_children() -> None:
    ties = [CarerTie("mum", "amy"), CarerTie("mum", "ben")]
    involvements = [
        Involvement("amy", worker("sw", agency="csc")),
        Involvement("ben", agency("school-1", "school"), universal=True),
        Involvement("ben", worker("yot", agency="yot-1"), until=BEFORE),  # ended
    ]
    (home,) = households(["amy", "ben"], ties, [], involvements, as_of=AS_OF)
    assert home.agencies == ("csc", "school-1")


def test_households_come_largest_first_and_can_skip_single_children() -> None:
    ties = [CarerTie("a", "x1"), CarerTie("b", "y1"), CarerTie("b", "y2"), CarerTie("b", "y3")]
    found = households(["x1", "y1", "y2", "y3"], ties, as_of=AS_OF)
    assert [h.id for h in found] == ["y1", "x1"]
    assert [h.id for h in households(["x1", "y1"], ties, as_of=AS_OF, min_children=2)] == []


# --- the collaboration graph ---------------------------------------------------------------


def test_professionals_are_joined_by_the_children_they_share_weighted_by_how_many() -> None:
    sw, hv, gp = worker("sw"), worker("hv", "health_visiting"), worker("gp", "gp_practice")
    graph = collaboration_graph(
        [
            Involvement("amy", sw),
            Involvement("amy", hv),
            Involvement("ben", sw),
            Involvement("ben", hv),
            Involvement("ben", gp),
        ],
        as_of=AS_OF,
    )
    assert graph.edges[("practitioner", "sw"), ("practitioner", "hv")]["weight"] == 2
    assert graph.edges[("practitioner", "sw"), ("practitioner", "gp")]["weight"] == 1
    assert graph.edges[("practitioner", "sw"), ("practitioner", "gp")]["distance"] == 1.0
    assert graph.edges[("practitioner", "sw"), ("practitioner", "hv")]["distance"] == 0.5
    assert graph.nodes[("practitioner", "sw")]["children"] == 2
    assert graph.nodes[("practitioner", "gp")]["children"] == 1


def test_registrations_without_a_named_person_join_nobody_unless_asked() -> None:
    school = agency("school-1", "school")
    teacher = worker("teacher", "school", agency="school-1")
    police = agency("police-1", "police")
    facts = [
        Involvement("amy", school, universal=True),
        Involvement("ben", school, universal=True),
        Involvement("amy", worker("sw")),
        Involvement("ben", worker("yot", "youth_offending")),
        Involvement("ben", teacher, universal=True),  # a named teacher is a real colleague
        Involvement("ben", police),  # an agency with nobody named, but not a registration
    ]
    graph = collaboration_graph(facts, as_of=AS_OF)
    assert ("agency", "school-1") not in graph
    assert graph.has_edge(("practitioner", "yot"), ("practitioner", "teacher"))
    assert graph.has_edge(("practitioner", "yot"), ("agency", "police-1"))
    assert not graph.has_edge(("practitioner", "sw"), ("practitioner", "yot"))
    wide = collaboration_graph(facts, as_of=AS_OF, include_registrations=True)
    assert wide.has_edge(("practitioner", "sw"), ("agency", "school-1"))
    assert nx.has_path(wide, ("practitioner", "sw"), ("practitioner", "yot"))


def test_ended_and_future_involvements_are_not_collaboration() -> None:
    sw, hv = worker("sw"), worker("hv", "health_visiting")
    graph = collaboration_graph(
        [
            Involvement("amy", sw),
            Involvement("amy", hv, until=AS_OF),
            Involvement("ben", sw),
            Involvement("ben", hv, since=AFTER),
        ],
        as_of=AS_OF,
    )
    assert ("practitioner", "hv") not in graph
    assert graph.nodes[("practitioner", "sw")]["children"] == 2


def test_a_practitioner_and_an_agency_with_the_same_id_stay_apart() -> None:
    graph = collaboration_graph(
        [Involvement("amy", worker("x1")), Involvement("amy", agency("x1", "police"))],
        as_of=AS_OF,
    )
    assert graph.has_edge(("practitioner", "x1"), ("agency", "x1"))


def test_one_professional_described_two_ways_is_refused() -> None:
    with pytest.raises(NetworkError, match="described two ways"):
        collaboration_graph(
            [Involvement("amy", worker("sw")), Involvement("ben", worker("sw", "early_help"))],
            as_of=AS_OF,
        )


# --- brokers -------------------------------------------------------------------------------


def bow_tie() -> list[Involvement]:
    """Two teams of three joined only through Cai: (Ann, Bob, Cai) share child x; (Cai, Dee,
    Eli) share child y."""
    a, b, c, d, e = (worker(n) for n in ("ann", "bob", "cai", "dee", "eli"))
    return [
        Involvement("x", a),
        Involvement("x", b),
        Involvement("x", c),
        Involvement("y", c),
        Involvement("y", d),
        Involvement("y", e),
    ]


def test_the_professional_joining_two_teams_is_the_broker() -> None:
    graph = collaboration_graph(bow_tie(), as_of=AS_OF)
    (cai,) = brokers(graph)
    # Every path from {Ann, Bob} to {Dee, Eli} (4 of the 10 pairs) passes through Cai:
    # 4 / ((5 - 1)(5 - 2) / 2) = 4 / 6.
    assert cai.party.id == "cai"
    assert cai.score == pytest.approx(4 / 6, abs=1e-6)
    assert cai.cut_vertex
    assert cai.children == 2
    assert cai.partners == 4


def test_close_collaborators_are_near_so_paths_go_the_way_of_shared_children() -> None:
    # Ann and Cai share one child directly; each shares three with Bob. Through Bob is
    # 1/3 + 1/3 apart, nearer than the direct 1: Bob brokers the one pair (Ann, Cai).
    ann, bob, cai = worker("ann"), worker("bob"), worker("cai")
    facts = [Involvement("direct", ann), Involvement("direct", cai)]
    for i in range(3):
        facts += [Involvement(f"ab{i}", ann), Involvement(f"ab{i}", bob)]
        facts += [Involvement(f"bc{i}", bob), Involvement(f"bc{i}", cai)]
    (bob_broker,) = brokers(collaboration_graph(facts, as_of=AS_OF))
    assert bob_broker.party.id == "bob"
    assert bob_broker.score == 1.0
    assert not bob_broker.cut_vertex  # Ann and Cai still meet without him


def test_brokers_are_ranked_and_cut_to_the_top_asked() -> None:
    # A chain Ann - Bob - Cai - Dee: Bob and Cai each lie on 2 of the 3 pairs' paths... by hand:
    # pairs (A,C) via B; (A,D) via B and C; (B,D) via C -> B: 2, C: 2, normalised 2/3 each.
    chain = [worker(n) for n in ("ann", "bob", "cai", "dee")]
    facts = []
    for i, (p, q) in enumerate(itertools.pairwise(chain)):
        facts += [Involvement(f"c{i}", p), Involvement(f"c{i}", q)]
    graph = collaboration_graph(facts, as_of=AS_OF)
    ranked = brokers(graph)
    assert [(b.party.id, round(b.score, 4)) for b in ranked] == [
        ("bob", round(2 / 3, 4)),
        ("cai", round(2 / 3, 4)),
    ]
    assert [b.party.id for b in brokers(graph, top=1)] == ["bob"]


def test_a_sample_as_large_as_the_graph_is_the_exact_answer() -> None:
    graph = collaboration_graph(bow_tie(), as_of=AS_OF)
    assert brokers(graph, sample=5) == brokers(graph)
    sampled = brokers(graph, sample=2, seed=1)
    assert sampled == brokers(graph, sample=2, seed=1)  # seeded: the same answer each time


def test_an_empty_area_has_no_brokers() -> None:
    assert brokers(collaboration_graph([], as_of=AS_OF)) == []


# --- islands -------------------------------------------------------------------------------


def test_islands_are_children_whose_professionals_join_up_over_no_other_child() -> None:
    yot, sw, hv, gp, police = (
        worker("yot", "youth_offending"),
        worker("sw"),
        worker("hv", "health_visiting"),
        worker("gp", "gp_practice"),
        agency("police-1", "police"),
    )
    facts = [
        Involvement("amy", yot),  # alone, and Sam works with nobody else: an island
        Involvement("ben", sw),  # Lisa works with Ann over Cal: Ben is not an island
        Involvement("cal", sw),  # Lisa and Ann meet over Cal and no other child: an island
        Involvement("cal", hv),
        Involvement("dan", gp, universal=True),  # only universal help: not considered
        Involvement("eve", police),  # police, nobody named, nobody else: an island
        Involvement("fay", police, until=AS_OF),  # ended: not help any more
        Involvement("gus", yot, since=AFTER),  # not yet: Sam is still alone with Amy
    ]
    assert [(i.child_id, i.parties) for i in islands(facts, as_of=AS_OF)] == [
        ("amy", ("yot",)),
        ("cal", ("hv", "sw")),
        ("eve", ("police-1",)),
    ]


def test_professionals_who_share_a_second_child_are_not_an_island() -> None:
    sw, hv = worker("sw"), worker("hv", "health_visiting")
    facts = [
        Involvement("amy", sw),
        Involvement("amy", hv),
        Involvement("ben", sw),
        Involvement("ben", hv, universal=True),
    ]
    assert islands(facts, as_of=AS_OF) == []


def test_a_universal_colleague_who_joins_up_elsewhere_ends_the_island() -> None:
    sw, gp, hv = worker("sw"), worker("gp", "gp_practice"), worker("hv", "health_visiting")
    facts = [
        Involvement("amy", sw),
        Involvement("amy", gp, universal=True),
        Involvement("ben", gp, universal=True),
        Involvement("ben", hv, universal=True),
    ]
    assert islands(facts, as_of=AS_OF) == []
    alone = [f for f in facts if f.child_id == "amy"]
    assert [i.child_id for i in islands(alone, as_of=AS_OF)] == ["amy"]


def test_a_registration_does_not_end_an_island_unless_counted() -> None:
    school = agency("school-1", "school")
    facts = [
        Involvement("amy", worker("yot", "youth_offending")),
        Involvement("amy", school, universal=True),
        Involvement("ben", school, universal=True),
        Involvement("ben", worker("sw")),
    ]
    assert [i.child_id for i in islands(facts, as_of=AS_OF)] == ["amy", "ben"]
    assert islands(facts, as_of=AS_OF, include_registrations=True) == []


# --- caseloads -----------------------------------------------------------------------------


def staff(kind: str, counts: list[int]) -> dict[Party, int]:
    return {worker(f"{kind}-{i}", kind): n for i, n in enumerate(counts)}


def test_a_caseload_far_above_the_peers_median_stands_out() -> None:
    (outlier,) = caseload_outliers(staff("health_visiting", [20, 22, 25, 21, 23, 60]))
    # median 22.5; deviations 2.5 0.5 2.5 1.5 0.5 37.5 -> MAD 2.0; 0.6745 * 37.5 / 2 = 12.65
    assert outlier.party.id == "health_visiting-5"
    assert outlier.peer_median == 22.5
    assert outlier.peers == 6
    assert outlier.score == pytest.approx(12.647, abs=1e-3)


def test_peers_are_of_the_same_kind() -> None:
    # 60 is ordinary for social workers here; only compared with health visitors is 60 high.
    caseloads = staff("health_visiting", [20, 22, 25, 21, 23, 60]) | staff(
        "social_care", [55, 60, 58, 62, 57]
    )
    assert [o.party.id for o in caseload_outliers(caseloads)] == ["health_visiting-5"]


def test_too_few_peers_or_identical_caseloads_name_nobody() -> None:
    assert caseload_outliers(staff("police", [1, 2, 3, 90])) == []  # four peers
    assert caseload_outliers(staff("police", [7, 7, 7, 7, 7])) == []


def test_when_most_peers_carry_the_same_caseload_the_mean_deviation_is_the_yardstick() -> None:
    (outlier,) = caseload_outliers(staff("school", [10, 10, 10, 10, 10, 30]))
    # MAD is 0; mean absolute deviation 20 / 6; 0.7979 * 20 / (20 / 6) = 4.787
    assert outlier.score == pytest.approx(4.787, abs=1e-3)


def test_the_threshold_is_inclusive() -> None:
    caseloads = staff("health_visiting", [20, 22, 25, 21, 23, 60])
    (found,) = caseload_outliers(caseloads)
    assert caseload_outliers(caseloads, threshold=found.score) == [found]
    assert caseload_outliers(caseloads, threshold=found.score + 0.001) == []


# --- exports -------------------------------------------------------------------------------

HOSTILE = 'O\'Brien <script>&amp; "x"\x00\x07'


def a_child_network() -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    nodes: list[dict[str, object]] = [
        {"id": "c1", "kind": "child", "label": "Anna Kouao", "focus": True, "gaps": ["NO_GP"]},
        {"id": "k1", "kind": "carer", "label": HOSTILE, "properties": {"phone": None}},
        {"id": "p1", "kind": "practitioner", "label": "Lisa A", "properties": {"job": "SW"}},
        {"id": "a1", "kind": "agency", "label": "Ealing CSC"},
    ]
    edges: list[dict[str, object]] = [
        {"source": "k1", "target": "c1", "type": "CARES_FOR", "properties": {"lives_with": True}},
        {"source": "p1", "target": "c1", "type": "INVOLVED_WITH", "current": False},
        {"source": "p1", "target": "c1", "type": "INVOLVED_WITH", "gaps": ["STALE_INVOLVEMENT"]},
        {"source": "p1", "target": "a1", "type": "WORKS_FOR"},
    ]
    return nodes, edges


@pytest.mark.parametrize("fmt", list(GraphFormat))
def test_a_child_network_reads_back_as_written(fmt: GraphFormat) -> None:
    nodes, edges = a_child_network()
    document = write_graph(child_network_graph(nodes, edges), fmt)
    read = nx.read_graphml if fmt is GraphFormat.GRAPHML else nx.read_gexf
    back = read(__import__("io").BytesIO(document))
    assert set(back.nodes) == {"c1", "k1", "p1", "a1"}
    assert back.nodes["c1"]["label"] == "Anna Kouao"
    assert back.nodes["c1"]["kind"] == "child"
    assert back.nodes["k1"]["label"] == 'O\'Brien <script>&amp; "x"\ufffd\ufffd'
    assert "phone" not in back.nodes["k1"]
    assert back.nodes["p1"]["color"] == "#00703c"
    relationships = sorted(d["relationship"] for _, _, d in back.edges(data=True))
    assert relationships == ["CARES_FOR", "INVOLVED_WITH", "INVOLVED_WITH", "WORKS_FOR"]
    ended = [d for _, _, d in back.edges(data=True) if not d["current"]]
    assert len(ended) == 1
    if fmt is GraphFormat.GEXF:
        assert back.nodes["a1"]["viz"]["color"] == {"r": 138, "g": 74, "b": 0, "a": 1.0}
    else:
        assert (back.nodes["a1"]["r"], back.nodes["a1"]["g"], back.nodes["a1"]["b"]) == (
            138,
            74,
            0,
        )


def test_an_edge_to_a_node_left_out_is_refused() -> None:
    with pytest.raises(NetworkError, match="not in the network"):
        child_network_graph(
            [{"id": "c1", "kind": "child", "label": "A"}],
            [{"source": "gone", "target": "c1", "type": "CARES_FOR"}],
        )


@pytest.mark.parametrize("fmt", list(GraphFormat))
def test_the_collaboration_graph_exports_with_its_brokers(fmt: GraphFormat) -> None:
    graph = collaboration_graph(bow_tie(), as_of=AS_OF)
    found = brokers(graph)
    document = write_graph(collaboration_export_graph(graph, found), fmt)
    read = nx.read_graphml if fmt is GraphFormat.GRAPHML else nx.read_gexf
    back = read(__import__("io").BytesIO(document))
    assert back.number_of_nodes() == 5
    assert back.number_of_edges() == 6
    assert back.nodes["practitioner:cai"]["betweenness"] == pytest.approx(4 / 6, abs=1e-6)
    assert "betweenness" not in back.nodes["practitioner:ann"]
    assert back.nodes["practitioner:ann"]["children"] == 1
    assert back.edges["practitioner:ann", "practitioner:bob"]["weight"] == 1
