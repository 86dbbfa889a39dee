"""Liveness and readiness: does the engine answer, is the schema in place."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from service.api.deps import StoreDep
from service.errors import EngineError

router = APIRouter(tags=["health"])


class SchemaHealth(BaseModel):
    ok: bool
    missing: list[str]


class Health(BaseModel):
    status: str
    engine: str
    engine_ok: bool
    schema_status: SchemaHealth | None


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
def health(store: StoreDep) -> JSONResponse:
    engine_ok = store.ping()
    schema: SchemaHealth | None = None
    if engine_ok:
        try:
            status = store.schema_status()
            schema = SchemaHealth(ok=status.ok, missing=status.missing)
        except EngineError:
            engine_ok = False
    ok = engine_ok and schema is not None and schema.ok
    body = Health(
        status="ok" if ok else "unavailable",
        engine=store.engine.description,
        engine_ok=engine_ok,
        schema_status=schema,
    )
    return JSONResponse(status_code=200 if ok else 503, content=body.model_dump(mode="json"))
