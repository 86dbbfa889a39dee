"""The command line's side of the promise: reads and exports of child data say why, and leave
an audit event naming the operating-system user who ran them (`os:<name>`).

An operator with the data directory could read the engine directly; the product's own doors
keep the rule anyway, so the trail shows every use of its commands.
"""

import getpass
from collections.abc import Iterable, Sequence

from service.audit.log import AuditEntry, AuditLog
from service.policy import REASON_RULE, reason_ok
from service.store.graph_store import GraphStore

OPERATOR_ROLE = "operator"
"""The role a command-line event records: whoever can run the command on the data."""
EVENT_CHILDREN = 5000
"""Children named per audit event (an export of a whole area names them in several)."""


def operator() -> str:
    """The operating-system user running the command, as the audit trail names them."""
    return f"os:{getpass.getuser()}"


def reason_problem(reason: str | None) -> str | None:
    """Why `--reason` does not do (None: it does)."""
    if reason_ok(reason):
        return None
    return (
        f"give --reason: why you need this child data ({REASON_RULE});"
        " it is kept in the audit trail with your user name"
    )


def record(
    store: GraphStore,
    action: str,
    *,
    child_ids: Iterable[str] = (),
    reason: str | None,
    detail: str,
    returned_ids: Sequence[str] = (),
    search: dict[str, object] | None = None,
) -> None:
    """Append the command's events (fail closed: if this raises, show nothing). Many children
    are named in events of EVENT_CHILDREN each, so every child's access list shows it."""
    log = AuditLog(store)
    children = list(dict.fromkeys(child_ids))
    chunks = [children[i : i + EVENT_CHILDREN] for i in range(0, len(children), EVENT_CHILDREN)]
    for chunk in chunks or [[]]:
        log.append(
            AuditEntry(
                user=operator(),
                roles=[OPERATOR_ROLE],
                action=action,
                outcome="ok",
                child_ids=chunk,
                reason=reason.strip() if reason else None,
                search=search,
                returned_ids=returned_ids,
                detail=detail,
            )
        )
