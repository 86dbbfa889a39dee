"""Households: children joined through the carers they share or the dwelling they share.

Siblings are derived, never stored (DESIGN §3): a child, its current carers and its current
address are nodes of one undirected graph, and each connected component that holds a child is
a household. A step-family joins through the parent both children share; a child whose carer
record is missing still joins the others at the same front door.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import networkx as nx

from analysis.network.model import Address, CarerTie, Household, Involvement


def household_graph(
    children: Iterable[str],
    ties: Iterable[CarerTie],
    addresses: Iterable[Address],
    *,
    as_of: date,
) -> nx.Graph[tuple[str, str]]:
    """Children, carers and dwellings as nodes `(kind, id)`; an edge per current tie.

    >>> g = household_graph(["a", "b"], [CarerTie("m", "a"), CarerTie("m", "b")], [],
    ...                     as_of=date(2026, 1, 1))
    >>> sorted(g.neighbors(("carer", "m")))
    [('child', 'a'), ('child', 'b')]
    """
    graph: nx.Graph[tuple[str, str]] = nx.Graph()
    known = set(children)
    graph.add_nodes_from(("child", c) for c in known)
    for tie in ties:
        if tie.child_id in known and tie.current(as_of):
            graph.add_edge(("carer", tie.carer_id), ("child", tie.child_id))
    for address in addresses:
        key = address.key()
        if key is not None and address.child_id in known:
            graph.add_edge(("address", key), ("child", address.child_id))
    return graph


def households(
    children: Iterable[str],
    ties: Iterable[CarerTie],
    addresses: Iterable[Address] = (),
    involvements: Iterable[Involvement] = (),
    *,
    as_of: date,
    min_children: int = 1,
) -> list[Household]:
    """Every household of the given children, largest first (then by id).

    Only current carer ties and current addresses join children; a carer linked to children
    outside `children` is followed no further (the caller chooses the area).

    >>> ties = [CarerTie("mum", "a"), CarerTie("mum", "b"), CarerTie("dad", "c")]
    >>> [h.children for h in households(["a", "b", "c"], ties, as_of=date(2026, 1, 1))]
    [('a', 'b'), ('c',)]
    """
    graph = household_graph(children, ties, addresses, as_of=as_of)
    agencies_of: dict[str, set[str]] = {}
    for involvement in involvements:
        if involvement.current(as_of):
            agencies_of.setdefault(involvement.child_id, set()).add(involvement.party.agency_id)
    found: list[Household] = []
    for component in nx.connected_components(graph):
        members = sorted(component)
        kids = tuple(i for kind, i in members if kind == "child")
        if len(kids) < min_children:
            continue
        found.append(
            Household(
                id=kids[0],
                children=kids,
                carers=tuple(i for kind, i in members if kind == "carer"),
                addresses=sum(1 for kind, _ in members if kind == "address"),
                agencies=tuple(sorted(set().union(*(agencies_of.get(c, set()) for c in kids)))),
            )
        )
    found.sort(key=lambda h: (-h.size, h.id))
    return found
