"""Pure ASGI middleware: the request-body limit, and per-route metrics with a JSON log line."""

import logging
import time
from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.errors import ErrorBody, ErrorResponse

log = logging.getLogger("service.api.requests")


class _BodyTooLarge(StarletteHTTPException):
    """Raised from `receive` once the body passes the limit. An HTTPException, so that the
    framework, if it is the one reading the body, answers 413 rather than "cannot parse"."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is over {limit} bytes")


def _too_large(limit: int) -> bytes:
    body = ErrorResponse(
        error=ErrorBody(code="too_large", message=f"the request body is over {limit} bytes")
    )
    return body.model_dump_json().encode()


class BodySizeLimit:
    """Refuse request bodies over a limit with 413: by the declared Content-Length at once,
    and by counting the bytes as they arrive (a client may declare nothing, or lie)."""

    def __init__(self, app: ASGIApp, *, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(send, limit)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _BodyTooLarge:
            if started:
                raise
            await self._refuse(send, limit)

    @staticmethod
    async def _refuse(send: Send, limit: int) -> None:
        body = _too_large(limit)
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class Metrics:
    """Prometheus metrics of one app (its own registry, so apps in one process stay apart)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.latency = Histogram(
            "childindex_http_request_duration_seconds",
            "Time to answer a request, by route template",
            ["method", "route", "status"],
            registry=self.registry,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0),
        )
        self.requests = Counter(
            "childindex_http_requests",
            "Requests answered, by route template",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.audit_events = Counter(
            "childindex_audit_events",
            "Audit events appended, by outcome",
            ["outcome"],
            registry=self.registry,
        )


class RequestMetrics:
    """Time every request; count it and log one JSON line under its route *template*."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def status_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, status_send)
        finally:
            elapsed = time.perf_counter() - start
            route = getattr(scope.get("route"), "path", None) or "(unmatched)"
            method = scope["method"]
            self.metrics.latency.labels(method, route, str(status)).observe(elapsed)
            self.metrics.requests.labels(method, route, str(status)).inc()
            state = scope.get("state") or {}
            log.info(
                "request",
                extra={
                    "event": "request",
                    "method": method,
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                    "user": state.get("username"),
                },
            )
