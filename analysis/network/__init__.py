"""Network analytics (DESIGN §7): households, the collaboration graph of an area and its
brokers and islands, caseload outliers, and GraphML/GEXF exports. Pure functions over plain
data with networkx inside; no driver, no web framework.

>>> from datetime import date
>>> ties = [CarerTie("mum", "amy"), CarerTie("mum", "ben")]
>>> [h.children for h in households(["amy", "ben"], ties, as_of=date(2026, 1, 1))]
[('amy', 'ben')]
"""

from analysis.network.caseloads import caseload_outliers
from analysis.network.collaboration import (
    Node,
    brokers,
    collaboration_graph,
    islands,
    node_of,
    parties_by_child,
)
from analysis.network.export import (
    GraphFormat,
    child_network_graph,
    collaboration_export_graph,
    write_graph,
)
from analysis.network.households import household_graph, households
from analysis.network.model import (
    Address,
    Broker,
    CarerTie,
    CaseloadOutlier,
    Household,
    Involvement,
    Island,
    NetworkError,
    Party,
)

__all__ = [
    "Address",
    "Broker",
    "CarerTie",
    "CaseloadOutlier",
    "GraphFormat",
    "Household",
    "Involvement",
    "Island",
    "NetworkError",
    "Node",
    "Party",
    "brokers",
    "caseload_outliers",
    "child_network_graph",
    "collaboration_export_graph",
    "collaboration_graph",
    "household_graph",
    "households",
    "islands",
    "node_of",
    "parties_by_child",
    "write_graph",
]
