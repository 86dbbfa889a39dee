"""Bulk import for data stewards: JSON Lines or CSV in the body, a per-line report back.

The loading itself is the data tools' importer (service.data.importer.import_lines), run with
the steward's local authority as the only one rows may belong to.
"""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from service.api.deps import AccessDep, SettingsDep
from service.api.errors import ERROR_RESPONSES
from service.api.models import ImportResult
from service.data.importer import ImportAudit, import_lines
from service.errors import RuleViolation
from service.policy import Action, Target

router = APIRouter(prefix="/api/v1", tags=["import"], responses=ERROR_RESPONSES)


@router.post(
    "/import",
    response_model=ImportResult,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/x-ndjson": {"schema": {"type": "string"}},
                "text/csv": {"schema": {"type": "string"}},
            },
        }
    },
)
async def bulk_import(
    request: Request,
    access: AccessDep,
    settings: SettingsDep,
    fmt: Annotated[
        Literal["jsonl", "csv"], Query(alias="format", description="Body format")
    ] = "jsonl",
) -> ImportResult:
    """Validate every row, report each bad one by line, load the good ones idempotently. Rows
    may only concern the steward's own local authority, as the index holds it: a row for
    another authority's child, agency, link or involvement is rejected whatever LA it names.
    Each batch is written with its own audit event naming its children."""
    la = access.principal.la
    access.require(Action.IMPORT, Target(la=la))
    raw = await request.body()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise RuleViolation("body", f"not UTF-8 text (byte {e.start})") from e
    audit = ImportAudit(
        log=access.audit,
        user=access.principal.username,
        roles=sorted(role.value for role in access.principal.roles),
        reason=access.reason,
    )
    result: ImportResult = await run_in_threadpool(
        import_lines,
        access.store,
        text.splitlines(),
        fmt=fmt,
        batch_size=settings.batch_size,
        restrict_la=la,
        audit=audit,
    )
    await run_in_threadpool(
        access.record,
        Action.IMPORT,
        detail=f"{fmt}: {result.rows_loaded} rows loaded, {result.rows_rejected} rejected",
    )
    return result
