"""Prometheus metrics: per-route latency and counts, audit events by outcome."""

from fastapi import APIRouter
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from service.api.deps import AccessDep, MetricsDep
from service.api.errors import ERROR_RESPONSES
from service.policy import Action

router = APIRouter(tags=["health"], responses=ERROR_RESPONSES)


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
)
def metrics(access: AccessDep, registry: MetricsDep) -> Response:
    """Prometheus text format (a scraper signs in like anyone else)."""
    access.require(Action.READ_METRICS)
    return Response(generate_latest(registry.registry), media_type=CONTENT_TYPE_LATEST)
