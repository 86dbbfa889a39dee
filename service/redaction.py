"""THE redaction function (DESIGN §4): what of a child's data a principal may see.

`redact(principal, view, facts)` is applied to every response that carries child data: a
record, who-else, the network, search results, a caseload, residence history. Whether a detail
is shown is the policy's call (service.policy's `sees_*` and `may_read_child`); this module
applies those answers to each shape of response. Where a fact is missing (a record changed
between reads), the safe answer is taken: treated as shielded, sensitive, unreadable.
"""

from dataclasses import dataclass, field
from typing import TypeVar

from graph_model.schemas import NetworkEdge, NetworkNode
from service.api.models import (
    SENSITIVE_NOTICE,
    SHIELDED_NOTICE,
    CarerLinkView,
    CarerView,
    Caseload,
    ChildRecordView,
    ChildView,
    IndexTeamContact,
    InvolvementView,
    Moves,
    NetworkView,
    SearchResults,
    WhoElse,
)
from service.auth.principal import Principal
from service.policy import (
    ChildFacts,
    InvolvementFacts,
    may_read_child,
    sees_carer_contacts,
    sees_sensitive,
    sees_shielded_details,
)

WITHHELD_FROM_SHIELDED = ["address", "contact_details", "identifiers", "involvements", "residence"]
"""What a reader other than the responsible LA's shielding officer does not see of a shielded
child (DESIGN §4: only id, names, sex, date of birth and carer names remain)."""

_SHIELDED_CHILD_KEEPS = {"id", "given_name", "family_name", "other_names", "sex", "date_of_birth"}
_NODE_KEEPS: dict[str, set[str]] = {
    "child": {"given_name", "family_name", "date_of_birth", "shielded"},
    "carer": {"given_name", "family_name"},
}


@dataclass(frozen=True)
class AccessFacts:
    """What redaction needs to know about the children and involvements in a response."""

    children: dict[str, ChildFacts] = field(default_factory=dict)
    involvements: dict[str, InvolvementFacts] = field(default_factory=dict)
    contacts: dict[str, IndexTeamContact] = field(default_factory=dict)
    """The responsible LA's index team, by child id."""
    protected_carers: dict[str, frozenset[str]] = field(default_factory=dict)
    """Carers of shielded children, with those children's responsible LAs: a carer's contact
    details would locate the child."""

    def child(self, child_id: str) -> ChildFacts:
        found = self.children.get(child_id)
        if found is None:  # unknown: the safe assumption
            return ChildFacts(id=child_id, responsible_la=None, shielded=True, archived=True)
        return found

    def involvement(self, involvement_id: str | None, child_id: str) -> InvolvementFacts:
        found = self.involvements.get(involvement_id) if involvement_id else None
        if found is None:
            return InvolvementFacts(
                id=involvement_id or "",
                child_id=child_id,
                source_id="",
                by_practitioner=False,
                agency_id=None,
                sensitive=True,
                consent=False,
            )
        return found


Redactable = TypeVar(
    "Redactable",
    ChildView,
    ChildRecordView,
    WhoElse,
    NetworkView,
    SearchResults,
    Caseload,
    Moves,
)


def redact(principal: Principal, view: Redactable, facts: AccessFacts) -> Redactable:
    """`view` as `principal` may see it. Every response carrying child data passes here."""
    if isinstance(view, ChildView):
        return _child(principal, view, facts)
    if isinstance(view, ChildRecordView):
        return _record(principal, view, facts)
    if isinstance(view, WhoElse):
        return _who_else(principal, view, facts)
    if isinstance(view, NetworkView):
        return _network(principal, view, facts)
    if isinstance(view, SearchResults):
        return _search(principal, view, facts)
    if isinstance(view, Caseload):
        return _caseload(principal, view, facts)
    if isinstance(view, Moves):
        return _moves(principal, view, facts)
    raise TypeError(f"no redaction for {type(view).__name__}")  # pragma: no cover


# --- pieces ------------------------------------------------------------------------------------


def _child(principal: Principal, child: ChildView, facts: AccessFacts) -> ChildView:
    if sees_shielded_details(principal, facts.child(child.id)):
        return child
    kept = child.model_dump(include=_SHIELDED_CHILD_KEEPS)
    return ChildView(**kept, shielded=True, status=child.status)


def _carer(carer: CarerView) -> CarerView:
    return CarerView(id=carer.id, given_name=carer.given_name, family_name=carer.family_name)


def withheld_carer_id(child_id: str, n: int) -> str:
    """A shielded child's carer as shown to those who may not see its household: an id that is
    no carer's, so it cannot be matched with a sibling's record that shows the real one."""
    return f"withheld:{child_id}:carer-{n}"


def _household_withheld(child_id: str, links: list[CarerLinkView]) -> list[CarerLinkView]:
    """A shielded child's carers by name and relationship only: no carer id, no `lives_with`
    and no dates, which together with a sibling's record would say where it lives."""
    return [
        CarerLinkView(
            carer=CarerView(
                id=withheld_carer_id(child_id, n),
                given_name=link.carer.given_name,
                family_name=link.carer.family_name,
            ),
            relationship=link.relationship,
            parental_responsibility=link.parental_responsibility,
        )
        for n, link in enumerate(links, 1)
    ]


def _carers(
    principal: Principal, links: list[CarerLinkView], *, names_only: bool, facts: AccessFacts
) -> list[CarerLinkView]:
    return [
        link.model_copy(update={"carer": _carer(link.carer)})
        if names_only
        or not sees_carer_contacts(principal, facts.protected_carers.get(link.carer.id, ()))
        else link
        for link in links
    ]


def _involvements(
    principal: Principal, items: list[InvolvementView], facts: AccessFacts
) -> list[InvolvementView]:
    shown: list[InvolvementView] = []
    for item in items:
        if sees_sensitive(principal, facts.involvement(item.id, item.child_id)):
            shown.append(item)
        else:
            shown.append(
                InvolvementView(
                    child_id=item.child_id,
                    redacted=True,
                    notice=SENSITIVE_NOTICE,
                    contact=facts.contacts.get(item.child_id),
                )
            )
    return shown


def _record(principal: Principal, record: ChildRecordView, facts: AccessFacts) -> ChildRecordView:
    child_id = record.child.id
    if sees_shielded_details(principal, facts.child(child_id)):
        return record.model_copy(
            update={
                "carers": _carers(principal, record.carers, names_only=False, facts=facts),
                "involvements": _involvements(principal, record.involvements, facts),
            }
        )
    return ChildRecordView(
        child=_child(principal, record.child, facts),
        carers=_household_withheld(child_id, record.carers),
        involvements=[],
        residence=[],
        current_la=None,
        withheld=list(WITHHELD_FROM_SHIELDED),
        notice=SHIELDED_NOTICE,
        contact=facts.contacts.get(child_id),
    )


def _withheld_contact(
    principal: Principal, facts: AccessFacts
) -> tuple[bool, IndexTeamContact | None]:
    """For a one-child response: is the child shielded from this reader, and whom to contact.
    With no facts at all the answer is the safe one: withheld."""
    child_ids = sorted(facts.children) or [""]
    hidden = [cid for cid in child_ids if not sees_shielded_details(principal, facts.child(cid))]
    if not hidden:
        return False, None
    return True, facts.contacts.get(hidden[0])


def _who_else(principal: Principal, view: WhoElse, facts: AccessFacts) -> WhoElse:
    withheld, contact = _withheld_contact(principal, facts)
    if withheld:
        return WhoElse(items=[], withheld=True, notice=SHIELDED_NOTICE, contact=contact)
    return view.model_copy(update={"items": _involvements(principal, view.items, facts)})


def _search(principal: Principal, results: SearchResults, facts: AccessFacts) -> SearchResults:
    hits = []
    for hit in results.items:
        child = facts.child(hit.child.id)
        if not may_read_child(principal, child):
            continue
        if sees_shielded_details(principal, child):
            hits.append(hit)
            continue
        # a match on the postcode would confirm where a shielded child lives
        hits.append(
            hit.model_copy(
                update={
                    "child": _child(principal, hit.child, facts),
                    "matched_on": [m for m in hit.matched_on if m != "postcode"],
                }
            )
        )
    return results.model_copy(update={"items": hits})


def _caseload(principal: Principal, caseload: Caseload, facts: AccessFacts) -> Caseload:
    kept = []
    for item in caseload.items:
        child = facts.child(item.child_id)
        involvement = facts.involvement(item.involvement_id, item.child_id)
        if (
            may_read_child(principal, child)
            and sees_shielded_details(principal, child)
            and sees_sensitive(principal, involvement)
        ):
            kept.append(item)
    return caseload.model_copy(update={"items": kept})


def _moves(principal: Principal, moves: Moves, facts: AccessFacts) -> Moves:
    withheld, contact = _withheld_contact(principal, facts)
    if withheld:
        return Moves(items=[], withheld=True, notice=SHIELDED_NOTICE, contact=contact)
    return moves


def _shielded_focus(network: NetworkView) -> NetworkView:
    """The network of a shielded child, for one who may not see its details: the child and
    its carers by name, as its record shows them, and nothing further (no sibling, service or
    place, and no household: the carers' ids and `lives_with` are withheld)."""
    focus = network.child_id
    by_id = {node.id: node for node in network.nodes}
    nodes: list[NetworkNode] = []
    edges: list[NetworkEdge] = []
    if focus in by_id:
        node = by_id[focus]
        kept = {k: v for k, v in node.properties.items() if k in _NODE_KEEPS["child"]}
        nodes.append(node.model_copy(update={"properties": kept, "gaps": []}))
    carers = [
        by_id[edge.source]
        for edge in network.edges
        if edge.type == "CARES_FOR" and edge.target == focus and edge.source in by_id
    ]
    links = {e.source: e for e in network.edges if e.type == "CARES_FOR" and e.target == focus}
    for n, carer in enumerate(carers, 1):
        anonymous = withheld_carer_id(focus, n)
        names = {k: v for k, v in carer.properties.items() if k in _NODE_KEEPS["carer"]}
        nodes.append(NetworkNode(id=anonymous, kind="carer", label=carer.label, properties=names))
        link = links[carer.id].properties
        edges.append(
            NetworkEdge(
                source=anonymous,
                target=focus,
                type="CARES_FOR",
                properties={
                    k: link[k] for k in ("relationship", "parental_responsibility") if k in link
                },
            )
        )
    return NetworkView(
        child_id=focus, depth=network.depth, nodes=nodes, edges=edges, withheld=[focus]
    )


def _reachable(
    network: NetworkView, nodes: list[NetworkNode], edges: list[NetworkEdge]
) -> set[str]:
    """The ids connected to the child in focus (and records confirmed to be it) by `edges`."""
    start = {node.id for node in nodes if node.focus} | {network.child_id}
    neighbours: dict[str, set[str]] = {}
    for edge in edges:
        neighbours.setdefault(edge.source, set()).add(edge.target)
        neighbours.setdefault(edge.target, set()).add(edge.source)
    seen, todo = set(start), list(start)
    while todo:
        for other in neighbours.get(todo.pop(), ()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def _network(principal: Principal, network: NetworkView, facts: AccessFacts) -> NetworkView:
    """Unreadable children leave the picture, and so does a shielded child the reader may not
    see in detail, with everything reached only through it: its place in another child's
    family would say which household it lives in. The network of such a child itself is the
    child and its carers by name (_shielded_focus). Hidden sensitive involvements become
    anonymous nodes."""
    if not sees_shielded_details(principal, facts.child(network.child_id)):
        return _shielded_focus(network)
    children = {n.id for n in network.nodes if n.kind == "child"}
    dropped = {
        cid
        for cid in children
        if cid != network.child_id
        and not (
            may_read_child(principal, facts.child(cid))
            and sees_shielded_details(principal, facts.child(cid))
        )
    }
    edges: list[NetworkEdge] = []
    anonymous: list[NetworkNode] = []
    for edge in network.edges:
        if edge.source in dropped or edge.target in dropped:
            continue
        if edge.type == "INVOLVED_WITH":
            raw_id = edge.properties.get("id")
            involvement = facts.involvement(
                raw_id if isinstance(raw_id, str) else None, edge.target
            )
            if not sees_sensitive(principal, involvement):
                node_id = f"sensitive-{len(anonymous) + 1}"
                anonymous.append(NetworkNode(id=node_id, kind="agency", label=SENSITIVE_NOTICE))
                edges.append(
                    NetworkEdge(
                        source=node_id, target=edge.target, type=edge.type, current=edge.current
                    )
                )
                continue
        edges.append(edge)
    hidden_sources = {node.id for node in anonymous}
    involved = [e for e in edges if e.type == "INVOLVED_WITH" and e.source not in hidden_sources]
    sources = {e.source for e in involved}
    agencies = sources | {
        str(e.properties["agency_id"]) for e in involved if e.properties.get("agency_id")
    }
    edges = [
        e
        for e in edges
        if e.type != "WORKS_FOR"
        or any(i.source == e.source and i.properties.get("agency_id") == e.target for i in involved)
    ]
    places = {e.target for e in edges if e.type == "RESIDENT_IN"}
    linked = {e.source for e in edges} | {e.target for e in edges} | {network.child_id}
    reachable = _reachable(network, network.nodes + anonymous, edges)
    edges = [e for e in edges if e.source in reachable and e.target in reachable]
    nodes: list[NetworkNode] = []
    for node in network.nodes:
        if node.id not in reachable:
            continue
        keep = (
            (node.kind == "child" and node.id not in dropped)
            or (node.kind == "carer" and node.id in linked)
            or (node.kind == "practitioner" and node.id in sources)
            or (node.kind == "agency" and node.id in agencies)
            or (node.kind == "local_authority" and node.id in places)
        )
        if not keep:
            continue
        if node.kind == "carer" and not sees_carer_contacts(
            principal, facts.protected_carers.get(node.id, ())
        ):
            allowed = _NODE_KEEPS[node.kind]
            node = node.model_copy(
                update={"properties": {k: v for k, v in node.properties.items() if k in allowed}}
            )
        nodes.append(node)
    return NetworkView(
        child_id=network.child_id,
        depth=network.depth,
        nodes=nodes + anonymous,
        edges=edges,
    )
