"""Per request: the principal, the reason they gave, the facts the policy needs, the policy's
answer, and the audit trail. Routes go through `Access` for every use of child data:

    facts = access.child(Action.READ_CHILD, child_id)    # facts, decision (or 400/403/404)
    view = redact(access.principal, ..., facts)           # the one redaction function
    access.record(Action.READ_CHILD, child_ids=[child_id], returned_ids=[...])  # or fail closed
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from graph_model.enums import SENSITIVE_KINDS
from service.api.middleware import Metrics
from service.api.models import IndexTeamContact
from service.audit.log import AuditEntry, AuditLog
from service.auth.principal import Principal
from service.errors import NotFound, RequestKeyUsed
from service.policy import (
    AccessDenied,
    Action,
    ChildFacts,
    InvolvementFacts,
    ReasonRequired,
    Target,
    decide,
)
from service.redaction import AccessFacts
from service.store.engines.base import Row
from service.store.graph_store import AuditStamp, GraphStore

T = TypeVar("T")


@dataclass(frozen=True)
class RequestKey:
    """A client's Idempotency-Key for one create, and what it must mean: the same request
    (`fingerprint`: method, path and body) every time it is sent."""

    key: str
    fingerprint: str


@dataclass(frozen=True)
class ChildAccess:
    """Access facts for the children of one request, with each child's current version."""

    facts: AccessFacts
    versions: dict[str, int] = field(default_factory=dict)
    partners: dict[str, list[str]] = field(default_factory=dict)
    """Records confirmed to be the same child, per child (none: not a key)."""


def involvement_facts(row: Mapping[str, Any], child_id: str) -> InvolvementFacts:
    kind = row.get("agency_kind")
    return InvolvementFacts(
        id=str(row["id"]),
        child_id=child_id,
        source_id=str(row["source_id"]),
        by_practitioner=row["source"] == "practitioner",
        agency_id=row.get("agency_id"),
        sensitive=bool(row.get("agency_sensitive")) or kind in SENSITIVE_KINDS,
        consent=bool(row.get("consent")),
    )


def facts_from_rows(rows: Iterable[Row]) -> ChildAccess:
    children: dict[str, ChildFacts] = {}
    involvements: dict[str, InvolvementFacts] = {}
    contacts: dict[str, IndexTeamContact] = {}
    protected: dict[str, frozenset[str]] = {}
    versions: dict[str, int] = {}
    partners: dict[str, list[str]] = {}
    for row in rows:
        child_id = str(row["id"])
        children[child_id] = ChildFacts(
            id=child_id,
            responsible_la=row["responsible_la"],
            shielded=bool(row["shielded"]),
            archived=row["status"] == "archived",
        )
        versions[child_id] = int(row["version"])
        if row.get("partners"):
            partners[child_id] = sorted(set(row["partners"]))
        if row["index_team"]:
            contacts[child_id] = IndexTeamContact.model_validate(row["index_team"])
        for inv in row["involvements"]:
            involvements[str(inv["id"])] = involvement_facts(inv, child_id)
        for carer in row["carers"]:
            if carer["shielded_las"]:
                protected[str(carer["id"])] = frozenset(carer["shielded_las"])
    facts = AccessFacts(
        children=children,
        involvements=involvements,
        contacts=contacts,
        protected_carers=protected,
    )
    return ChildAccess(facts=facts, versions=versions, partners=partners)


class Access:
    def __init__(
        self,
        *,
        principal: Principal,
        store: GraphStore,
        audit: AuditLog,
        metrics: Metrics,
        reason: str | None,
    ) -> None:
        self.principal = principal
        self.store = store
        self.audit = audit
        self.metrics = metrics
        self.reason = reason.strip() if reason else None
        self.pending: tuple[Action, tuple[str, ...]] | None = None
        """An allowed action not yet recorded: if the request fails, the failure is."""

    def facts(self, child_ids: Iterable[str]) -> ChildAccess:
        ids = sorted(set(child_ids))
        return facts_from_rows(self.store.access_facts(ids) if ids else [])

    def require(
        self,
        action: Action,
        target: Target | None = None,
        *,
        child_ids: Sequence[str] = (),
        not_found: tuple[str, str] = ("record", ""),
    ) -> None:
        """Ask the policy; on a refusal, record it in the audit trail and raise (400/403/404).
        A 404 says exactly what an unknown id would."""
        decision = decide(self.principal, action, target, reason=self.reason)
        if decision.allowed:
            self.pending = (action, tuple(child_ids))
            return
        if decision.status == 400:
            raise ReasonRequired(decision.reason)
        self.record(
            action,
            child_ids=child_ids,
            outcome="not_found" if decision.status == 404 else "denied",
            status=decision.status,
        )
        if decision.status == 404:
            raise NotFound(*not_found)
        raise AccessDenied(decision.reason)

    def child(self, action: Action, child_id: str, **target: Any) -> ChildAccess:
        """The facts about one child, once the policy allows `action` on it."""
        found = self.facts([child_id])
        self.require(
            action,
            Target(child=found.facts.children.get(child_id), **target),
            child_ids=[child_id],
            not_found=("child", child_id),
        )
        return found

    def record(
        self,
        action: Action,
        *,
        child_ids: Sequence[str] = (),
        returned_ids: Sequence[str] = (),
        outcome: str = "ok",
        status: int = 200,
        search: Mapping[str, Any] | None = None,
        detail: str | None = None,
    ) -> None:
        """Append to the audit trail. Raises AuditUnavailable if it cannot: the request then
        fails rather than answer unrecorded (fail closed)."""
        self.pending = None
        entry = self._entry(
            action,
            child_ids=child_ids,
            returned_ids=returned_ids,
            outcome=outcome,
            status=status,
            detail=detail,
        )
        self.audit.append(replace(entry, search=search) if search is not None else entry)
        self.metrics.audit_events.labels(outcome).inc()

    def _entry(
        self,
        action: Action,
        *,
        child_ids: Sequence[str],
        returned_ids: Sequence[str],
        outcome: str,
        status: int,
        detail: str | None,
    ) -> AuditEntry:
        return AuditEntry(
            user=self.principal.username,
            roles=sorted(role.value for role in self.principal.roles),
            action=action.value,
            outcome=outcome,
            status=status,
            child_ids=child_ids,
            reason=self.reason,
            returned_ids=returned_ids,
            detail=detail,
        )

    def write(
        self,
        action: Action,
        run: Callable[[AuditStamp], T],
        *,
        child_ids: Sequence[str] = (),
        returned_ids: Sequence[str] = (),
        status: int = 200,
        detail: str | None = None,
        request: RequestKey | None = None,
    ) -> T:
        """Make a write with its audit event in the same statement: `run` hands the stamp to
        the store method. If the write's own condition fails (the store raises), nothing is
        written and the failure is recorded as any failure is."""
        entry = self._entry(
            action,
            child_ids=child_ids,
            returned_ids=returned_ids,
            outcome="ok",
            status=status,
            detail=detail,
        )
        result = self.audit.write(
            entry,
            run,
            request_key=self._request_key(request),
            request_hash=request.fingerprint if request else None,
        )
        self.pending = None
        self.metrics.audit_events.labels("ok").inc()
        return result

    def _request_key(self, request: RequestKey | None) -> str | None:
        # per user: one user's key never names another's request
        return f"{self.principal.username} {request.key}" if request else None

    def create(
        self,
        action: Action,
        run: Callable[[AuditStamp], object],
        respond: Callable[[str, bool], T],
        *,
        created_id: str,
        child_ids: Sequence[str],
        request: RequestKey | None,
    ) -> T:
        """A create that a client may retry with the same Idempotency-Key: the first time, the
        write and its event (which keeps the key); again, no write, and `respond` is given the
        id the first request created (and False). The key used for another request: 409."""
        prior = self._earlier(request)
        if prior is None:
            try:
                self.write(
                    action,
                    run,
                    child_ids=child_ids,
                    returned_ids=[created_id],
                    status=201,
                    request=request,
                )
                return respond(created_id, True)
            except RequestKeyUsed:  # the same key, sent twice at once: the other one wrote
                prior = self._earlier(request)
                if prior is None:
                    raise
        earlier = str(prior["returned_ids"][0])
        result = respond(earlier, False)
        self.record(
            action,
            child_ids=list(prior.get("child_ids", [])),
            returned_ids=[earlier],
            status=201,
            detail="replayed: the same Idempotency-Key and request as before",
        )
        return result

    def _earlier(self, request: RequestKey | None) -> dict[str, Any] | None:
        key = self._request_key(request)
        if request is None or key is None:
            return None
        prior = self.audit.earlier_request(key)
        if prior is not None and prior.get("request_hash") != request.fingerprint:
            raise RequestKeyUsed(
                "this Idempotency-Key was already used for a different request: send a new key"
                " for a new request, or the same request to get its result again"
            )
        return prior

    def record_failure(self, status: int, code: str) -> None:
        """Record that an allowed action then failed (a conflict, a bad reference, ...)."""
        if self.pending is None:
            return
        action, child_ids = self.pending
        self.record(action, child_ids=child_ids, outcome="failed", status=status, detail=code)
