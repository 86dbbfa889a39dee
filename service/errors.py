"""One exception root for the service; the API maps each kind to one HTTP status in one place."""


class ChildIndexError(Exception):
    """Root of every error the service raises on purpose."""

    code = "error"


class CatalogError(ChildIndexError):
    """A query file is missing or malformed, or was called with the wrong parameters."""

    code = "catalog_error"


class EngineError(ChildIndexError):
    """The graph engine failed or refused a query."""

    code = "engine_error"


class EngineUnavailable(EngineError):
    """The graph engine cannot be reached or could not be started."""

    code = "engine_unavailable"


class NotFound(ChildIndexError):
    """A referenced record does not exist."""

    code = "not_found"

    def __init__(self, kind: str, ident: str) -> None:
        super().__init__(f"no {kind} with id {ident!r}")
        self.kind = kind
        self.ident = ident


class Conflict(ChildIndexError):
    """The request clashes with the current state (a unique id, a stale version)."""

    code = "conflict"


class RuleViolation(ChildIndexError):
    """Well-formed input that breaks a domain rule (e.g. a move dated before the current one)."""

    code = "rule_violation"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class InsecureSettings(ChildIndexError):
    """The service would run with settings that are not safe for production (a weak secret)."""

    code = "insecure_settings"


class AuditHeadMoved(ChildIndexError):
    """An audited write found the audit chain's head moved since its event was computed, and
    wrote nothing; the audit log computes the event afresh and retries (never reaches a user)."""

    code = "audit_head_moved"


class RequestKeyUsed(Conflict):
    """An Idempotency-Key that an earlier request of the same user already used: the write was
    not made again (the route answers with the earlier request's result, or 409)."""

    code = "idempotency_key_used"


class UnknownReference(RuleViolation):
    """A field names a record the index does not hold (an agency, a local authority, a carer):
    the request is well formed, but what it refers to does not exist (422)."""

    code = "unknown_reference"

    def __init__(self, field: str, missing: NotFound) -> None:
        super().__init__(field, str(missing))
