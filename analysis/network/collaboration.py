"""The collaboration graph of an area: professionals joined by the children they share.

A node is whoever is involved with a child: a named practitioner, or an agency involved with
no practitioner named. Two nodes are joined when both currently work with the same child; the
edge's `weight` counts those children. On that graph:

- **brokers** are the professionals with the highest betweenness centrality: most of the
  shortest paths between others pass through them, so when they leave, joining-up is lost;
- **islands** are children with non-universal help whose professionals share no other child
  with anyone: beyond this one child, nobody to join up with.

Registrations without a named person (a GP practice's list, a school roll) would join every
child of a practice or school to every other, so they are left out unless asked for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from itertools import combinations

import networkx as nx

from analysis.network.model import Broker, Involvement, Island, NetworkError, Party

Node = tuple[str, str]
"""(party kind, party id): a practitioner and an agency may share an id."""


def node_of(party: Party) -> Node:
    return (party.kind, party.id)


def _counted(involvement: Involvement, as_of: date, include_registrations: bool) -> bool:
    if not involvement.current(as_of):
        return False
    registration = involvement.universal and involvement.party.kind == "agency"
    return include_registrations or not registration


def parties_by_child(
    involvements: Iterable[Involvement], *, as_of: date, include_registrations: bool = False
) -> dict[str, dict[Node, Party]]:
    """Who is currently involved with each child, as the collaboration graph counts them."""
    by_child: dict[str, dict[Node, Party]] = defaultdict(dict)
    for involvement in involvements:
        if _counted(involvement, as_of, include_registrations):
            by_child[involvement.child_id][node_of(involvement.party)] = involvement.party
    return dict(by_child)


def collaboration_graph(
    involvements: Iterable[Involvement], *, as_of: date, include_registrations: bool = False
) -> nx.Graph[Node]:
    """Nodes carry `party` and `children` (how many children they work with here); edges carry
    `weight` (children shared) and `distance` (1 / weight: close collaborators are near).

    >>> sw = Party("sw", "practitioner", "Lisa", "csc", "social_care")
    >>> hv = Party("hv", "practitioner", "Ann", "hv1", "health_visiting")
    >>> g = collaboration_graph([Involvement("a", sw), Involvement("a", hv),
    ...                          Involvement("b", sw), Involvement("b", hv)],
    ...                         as_of=date(2026, 1, 1))
    >>> g.edges[("practitioner", "sw"), ("practitioner", "hv")]["weight"]
    2
    """
    graph: nx.Graph[Node] = nx.Graph()
    for parties in parties_by_child(
        involvements, as_of=as_of, include_registrations=include_registrations
    ).values():
        for node, party in parties.items():
            if node in graph:
                if graph.nodes[node]["party"] != party:
                    raise NetworkError(f"{party.kind} {party.id} is described two ways")
                graph.nodes[node]["children"] += 1
            else:
                graph.add_node(node, party=party, children=1)
        for a, b in combinations(sorted(parties), 2):
            if graph.has_edge(a, b):
                graph.edges[a, b]["weight"] += 1
            else:
                graph.add_edge(a, b, weight=1)
    for _, _, data in graph.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    return graph


def brokers(
    graph: nx.Graph[Node], *, top: int = 10, sample: int | None = None, seed: int = 0
) -> list[Broker]:
    """The `top` professionals by betweenness centrality (normalised; over `distance`), those
    with none left out. `sample` estimates it from that many source nodes (networkx's `k`),
    seeded so the same graph gives the same answer; None computes it exactly.

    >>> ps = {n: Party(n, "practitioner", n.upper(), "ag", "social_care") for n in "abc"}
    >>> g = collaboration_graph([Involvement("1", ps["a"]), Involvement("1", ps["b"]),
    ...                          Involvement("2", ps["b"]), Involvement("2", ps["c"])],
    ...                         as_of=date(2026, 1, 1))
    >>> [(b.party.id, b.score, b.cut_vertex) for b in brokers(g)]
    [('b', 1.0, True)]
    """
    if graph.number_of_nodes() == 0:
        return []
    k = sample if sample is not None and sample < graph.number_of_nodes() else None
    scores: Mapping[Node, float] = nx.betweenness_centrality(
        graph, k=k, normalized=True, weight="distance", seed=seed
    )
    cut = set(nx.articulation_points(graph))
    ranked = sorted((n for n, s in scores.items() if s > 0), key=lambda n: (-scores[n], n))
    return [
        Broker(
            party=graph.nodes[n]["party"],
            score=round(scores[n], 6),
            children=graph.nodes[n]["children"],
            partners=graph.degree[n],
            cut_vertex=n in cut,
        )
        for n in ranked[:top]
    ]


def islands(
    involvements: Iterable[Involvement], *, as_of: date, include_registrations: bool = False
) -> list[Island]:
    """Children with a current non-universal involvement whose professionals share no other
    child with anyone: whatever joining-up they do, they do only over this child. Sorted by
    child id.

    >>> yot = Party("yot", "practitioner", "Sam", "yot1", "youth_offending")
    >>> sw = Party("sw", "practitioner", "Lisa", "csc", "social_care")
    >>> hv = Party("hv", "practitioner", "Ann", "hv1", "health_visiting")
    >>> facts = [Involvement("a", yot), Involvement("b", sw), Involvement("b", hv),
    ...          Involvement("c", sw), Involvement("c", hv, universal=True)]
    >>> [i.child_id for i in islands(facts, as_of=date(2026, 1, 1))]
    ['a']
    """
    facts = list(involvements)
    by_child = parties_by_child(facts, as_of=as_of, include_registrations=include_registrations)
    shared_over: dict[Node, set[str]] = defaultdict(set)
    """The children over which each professional works alongside somebody else."""
    for child_id, parties in by_child.items():
        if len(parties) > 1:
            for node in parties:
                shared_over[node].add(child_id)
    helped = {f.child_id for f in facts if f.current(as_of) and not f.universal}
    found: list[Island] = []
    for child_id in sorted(helped):
        circle = by_child.get(child_id, {})
        if circle and all(shared_over[node] <= {child_id} for node in circle):
            found.append(Island(child_id=child_id, parties=tuple(sorted(i for _, i in circle))))
    return found
