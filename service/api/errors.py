"""Every error leaves as {"error": {"code", "message", "details"}} with one fitting status."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.errors import (
    CatalogError,
    ChildIndexError,
    Conflict,
    EngineError,
    EngineUnavailable,
    NotFound,
    RuleViolation,
)

log = logging.getLogger(__name__)

_STATUS: list[tuple[type[ChildIndexError], int]] = [
    (NotFound, 404),
    (Conflict, 409),
    (RuleViolation, 422),
    (EngineUnavailable, 503),
    (EngineError, 502),
    (CatalogError, 500),
]


class ErrorDetail(BaseModel):
    field: str | None = None
    message: str


class ErrorBody(BaseModel):
    code: str
    message: str
    details: list[ErrorDetail] = []


class ErrorResponse(BaseModel):
    error: ErrorBody


def error_response(
    status: int, code: str, message: str, details: list[ErrorDetail] | None = None
) -> JSONResponse:
    body = ErrorResponse(error=ErrorBody(code=code, message=message, details=details or []))
    return JSONResponse(status_code=status, content=body.model_dump(mode="json"))


def _domain_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ChildIndexError)
    status = next((code for kind, code in _STATUS if isinstance(exc, kind)), 500)
    if status >= 500:
        log.error(
            "request failed", extra={"error_code": exc.code, "error_kind": type(exc).__name__}
        )
    details = (
        [ErrorDetail(field=exc.field, message=exc.message)]
        if isinstance(exc, RuleViolation)
        else []
    )
    return error_response(status, exc.code, str(exc), details)


def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [
        ErrorDetail(
            field=".".join(str(part) for part in error["loc"]),
            message=str(error["msg"]),
        )
        for error in exc.errors()
    ]
    fields = ", ".join(d.field or "?" for d in details)
    return error_response(422, "invalid_request", f"invalid input: {fields}", details)


def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {401: "unauthorised", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
            413: "too_large"}.get(exc.status_code, "http_error")  # fmt: skip
    response = error_response(exc.status_code, code, str(exc.detail))
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def install(app: FastAPI) -> None:
    app.add_exception_handler(ChildIndexError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
