"""GraphML and GEXF, written and read by networkx, with what Gephi shows: a label, a kind and
a colour per node (the web UI's colours), a relationship and a weight per edge.

GEXF reserves the edge attributes `type`, `label`, `id`, `start` and `end` for itself, so a
relationship is written as `relationship`; values GraphML cannot hold (None, lists, maps) are
flattened to text or left out.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

import networkx as nx

from analysis.network.collaboration import Node
from analysis.network.model import Broker, NetworkError, Party

COLOURS: Mapping[str, str] = {
    "child": "#1d70b8",
    "carer": "#4c2c92",
    "practitioner": "#00703c",
    "agency": "#8a4a00",
    "local_authority": "#505a5f",
}
"""The web UI's colours by kind (service/static/js/graph.js)."""
OTHER_COLOUR = "#6f777b"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot carry at all, even escaped (NUL and most control characters)."""
_GEXF_RESERVED = frozenset({"type", "label", "id", "start", "end", "weight"})


class GraphFormat(StrEnum):
    GRAPHML = "graphml"
    GEXF = "gexf"

    @property
    def media_type(self) -> str:
        return "application/graphml+xml" if self is GraphFormat.GRAPHML else "application/gexf+xml"


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def _scalar(value: Any) -> str | int | float | bool | None:
    if value is None or isinstance(value, int | float | bool):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        return _text("; ".join(str(v) for v in value)) or None
    return _text(str(value))


def _plain(values: Mapping[str, Any]) -> dict[str, Any]:
    """What GraphML and GEXF can carry: scalars, with nothing for what is absent."""
    plain = {key: _scalar(value) for key, value in values.items()}
    return {key: value for key, value in plain.items() if value is not None}


def _node_attributes(kind: str, label: str, extra: Mapping[str, Any]) -> dict[str, Any]:
    colour = COLOURS.get(kind, OTHER_COLOUR)
    r, g, b = _rgb(colour)
    attributes = _plain(extra)
    attributes.update(label=_text(label), kind=kind, color=colour, r=r, g=g, b=b)
    return attributes


def child_network_graph(
    nodes: Iterable[Mapping[str, Any]], edges: Iterable[Mapping[str, Any]]
) -> nx.MultiDiGraph[str]:
    """A child's network as the reader may see it (the API's `nodes` and `edges`), ready to
    write. Node properties and gap codes travel as attributes; nothing else is added.

    >>> g = child_network_graph(
    ...     [{"id": "c1", "kind": "child", "label": "Anna", "focus": True},
    ...      {"id": "k1", "kind": "carer", "label": "Marie"}],
    ...     [{"source": "k1", "target": "c1", "type": "CARES_FOR", "current": True}])
    >>> g.nodes["c1"]["color"], g.edges["k1", "c1", 0]["relationship"]
    ('#1d70b8', 'CARES_FOR')
    """
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node in nodes:
        extra = {
            **dict(node.get("properties") or {}),
            "focus": bool(node.get("focus", False)),
            "gaps": node.get("gaps") or None,
        }
        graph.add_node(str(node["id"]), **_node_attributes(node["kind"], node["label"], extra))
    for edge in edges:
        source, target = str(edge["source"]), str(edge["target"])
        if source not in graph or target not in graph:
            raise NetworkError(f"edge {source} -> {target} names a node not in the network")
        extra = {
            k: v for k, v in dict(edge.get("properties") or {}).items() if k not in _GEXF_RESERVED
        }
        extra.update(gaps=edge.get("gaps") or None)
        attributes = _plain(extra)
        attributes.update(relationship=str(edge["type"]), current=bool(edge.get("current", True)))
        graph.add_edge(source, target, **attributes)
    return graph


def collaboration_export_graph(
    graph: nx.Graph[Node], broker_scores: Iterable[Broker] = ()
) -> nx.Graph[str]:
    """The collaboration graph with text node ids (`kind:id`), labels, colours and, for the
    brokers given, their `betweenness`."""
    scores = {(b.party.kind, b.party.id): b.score for b in broker_scores}
    out: nx.Graph[str] = nx.Graph()
    for node, data in graph.nodes(data=True):
        party: Party = data["party"]
        extra: dict[str, Any] = {
            "agency_id": party.agency_id,
            "agency_kind": party.agency_kind,
            "agency_name": party.agency_name or None,
            "children": data["children"],
            "betweenness": scores.get(node),
        }
        out.add_node(f"{node[0]}:{node[1]}", **_node_attributes(party.kind, party.label, extra))
    for a, b, data in graph.edges(data=True):
        out.add_edge(f"{a[0]}:{a[1]}", f"{b[0]}:{b[1]}", weight=data["weight"])
    return out


def write_graph(graph: nx.Graph[str] | nx.MultiDiGraph[str], fmt: GraphFormat) -> bytes:
    """The graph as a GraphML or GEXF document (UTF-8). In GEXF the colour is also written
    as the node's `viz:color`, which Gephi draws."""
    buffer = io.BytesIO()
    if fmt is GraphFormat.GRAPHML:
        nx.write_graphml(graph, buffer, encoding="utf-8")
    else:
        copy = graph.copy()
        for _, data in copy.nodes(data=True):
            data["viz"] = {"color": {"r": data["r"], "g": data["g"], "b": data["b"], "a": 1.0}}
        nx.write_gexf(copy, buffer, encoding="utf-8", version="1.2draft")
    return buffer.getvalue()
