"""Every error leaves as {"error": {"code", "message", "details"}} with one fitting status.

The one place where exceptions become HTTP: each kind of error maps to one status here, and a
bad input is never a 500.
"""

import logging
import re
from typing import Protocol

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph_model.labels import capitalised, label
from graph_model.problems import Problem, problem, summary
from service.audit.log import AuditUnavailable
from service.auth.accounts import TYPED_USERNAME_PATTERN, USERNAME_PATTERN, USERNAME_RULE
from service.auth.tokens import Unauthorised
from service.errors import (
    CatalogError,
    ChildIndexError,
    Conflict,
    EngineError,
    EngineUnavailable,
    NotFound,
    RuleViolation,
)
from service.policy import AccessDenied, ReasonRequired

log = logging.getLogger(__name__)


class PreconditionFailed(ChildIndexError):
    """`If-Match` names a version the record is no longer at (412)."""

    code = "precondition_failed"


class RateLimited(ChildIndexError):
    """Too many requests in the window (429); `retry_after` seconds until the next is allowed."""

    code = "rate_limited"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


_STATUS: list[tuple[type[ChildIndexError], int]] = [
    (ReasonRequired, 400),
    (Unauthorised, 401),
    (AccessDenied, 403),
    (NotFound, 404),
    (Conflict, 409),
    (PreconditionFailed, 412),
    (RuleViolation, 422),
    (RateLimited, 429),
    (AuditUnavailable, 503),
    (EngineUnavailable, 503),
    (EngineError, 502),
    (CatalogError, 500),
]


class ErrorDetail(BaseModel):
    field: str | None = Field(
        default=None, description="Where the value is: `body.nhs_number`, `query.cursor`"
    )
    label: str | None = Field(
        default=None, description="The field in words, as a form would label it: `NHS number`"
    )
    message: str = Field(description="What is wrong with the value, in words")

    @classmethod
    def of(cls, found: Problem) -> "ErrorDetail":
        return cls(field=found.field, label=found.label, message=found.message)


class ErrorBody(BaseModel):
    code: str = Field(description="Stable and machine-readable: `invalid_request`, `not_found`…")
    message: str = Field(
        description="For a person: each problem, naming the field in words, on one line"
    )
    details: list[ErrorDetail] = []


class ErrorResponse(BaseModel):
    error: ErrorBody


ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in (
        (400, "A read of child data without X-Access-Reason (code reason_required)"),
        (401, "No bearer token, or not a valid one"),
        (403, "The principal may not do this"),
        (404, "No such record, or none this principal may know of"),
        (409, "Clashes with the current state (an id in use, a concurrent change)"),
        (412, "If-Match names a version the record is no longer at"),
        (413, "The request body is too large"),
        (422, "Invalid input; details name each field"),
        (429, "Too many requests; see Retry-After"),
        (503, "The engine or the audit trail is unavailable"),
    )
}
"""Published on every API route, so the OpenAPI document lists what a client may get back."""


def error_response(
    status: int,
    code: str,
    message: str,
    details: list[ErrorDetail] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = ErrorResponse(error=ErrorBody(code=code, message=message, details=details or []))
    return JSONResponse(status_code=status, content=body.model_dump(mode="json"), headers=headers)


def status_of(exc: ChildIndexError) -> int:
    return next((code for kind, code in _STATUS if isinstance(exc, kind)), 500)


class _RecordsFailures(Protocol):
    def record_failure(self, status: int, code: str) -> None: ...


def _record_failure(request: Request, status: int, code: str) -> JSONResponse | None:
    """Put an allowed action that then failed in the audit trail; if that cannot be written,
    the answer is 503 like any request the trail cannot record."""
    access: _RecordsFailures | None = getattr(request.state, "access", None)
    if access is None:
        return None
    try:
        access.record_failure(status, code)
    except AuditUnavailable as e:
        return _server_error(e, 503)
    return None


UNAVAILABLE = (
    "the service is unavailable at the moment (its database or audit trail could not be"
    " reached): nothing was changed unless a later read shows it; try again shortly"
)
FAILED = (
    "the service could not complete this request: try again, and if it keeps happening, tell"
    " the local authority index team"
)
_CONTEXT = re.compile(r"\s*(errCtx|CYPHER|MATCH|MERGE|CREATE|UNWIND)\b.*", re.S)


def _detail(exc: BaseException) -> str:
    """An engine's message for the log, without the query context it may quote (parameters
    travel inside FalkorDB's query text, and they may name a child)."""
    return _CONTEXT.sub(" [query context withheld]", str(exc))[:300]


def _server_error(exc: ChildIndexError, status: int) -> JSONResponse:
    """A failure on our side, in words: engine text never reaches a client; the log has it."""
    log.error(
        "request failed",
        extra={
            "error_code": exc.code,
            "error_kind": type(exc).__name__,
            "cause_kind": type(exc.__cause__).__name__ if exc.__cause__ else None,
            "detail": _detail(exc),
        },
    )
    return error_response(status, exc.code, FAILED if status == 500 else UNAVAILABLE)


def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ChildIndexError)
    status = status_of(exc)
    unrecorded = _record_failure(request, status, exc.code)
    if unrecorded is not None:
        return unrecorded
    if status >= 500:
        return _server_error(exc, status)
    details: list[ErrorDetail] = []
    message = str(exc)
    if isinstance(exc, RuleViolation):
        named = _label_of(exc.field)
        found = Problem(exc.field, named, exc.message if named else capitalised(exc.message))
        details, message = [ErrorDetail.of(found)], found.sentence()
    headers: dict[str, str] = {}
    if isinstance(exc, Unauthorised):
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(exc, RateLimited):
        headers["Retry-After"] = str(exc.retry_after)
    return error_response(status, exc.code, message, details, headers)


def _label_of(field: str) -> str | None:
    """The words for a field path such as `body.responsible_la`."""
    name = field.rsplit(".", 1)[-1]
    return None if name in ("body", "query", "path", "") else label(name)


PATTERN_RULES = {USERNAME_PATTERN: USERNAME_RULE, TYPED_USERNAME_PATTERN: USERNAME_RULE}
"""Patterns of the service's own (graph_model knows the domain's)."""


def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    unrecorded = _record_failure(request, 422, "invalid_request")
    if unrecorded is not None:
        return unrecorded
    found = [problem(error, PATTERN_RULES) for error in exc.errors()]
    details = [ErrorDetail.of(p) for p in found]
    return error_response(422, "invalid_request", summary(found), details)


def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {
        400: "bad_request",
        401: "unauthorised",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        413: "too_large",
        415: "unsupported_media_type",
    }.get(exc.status_code, "http_error")
    return error_response(exc.status_code, code, str(exc.detail), headers=dict(exc.headers or {}))


def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    log.error("unexpected error", extra={"error_kind": type(exc).__name__})
    return error_response(500, "internal_error", "something went wrong on our side")


def install(app: FastAPI) -> None:
    app.add_exception_handler(ChildIndexError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
