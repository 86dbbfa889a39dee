"""The OpenAPI document (/openapi.json): rebuilt each day, with every field titled in words.

The date patterns of graph_model/types.py start on a day counted back from today, so the
document is built afresh on each of England's days rather than once per process. Titles come
from the one table of field names (graph_model/labels.py): a form generated from the document
says "NHS number" and "Date of birth", not "Nhs Number" and "Date Of Birth".
"""

from datetime import date
from typing import Any

from fastapi import FastAPI

from graph_model import clock
from graph_model.labels import title


def _default_title(name: str) -> str:
    """The title pydantic and FastAPI give a field when none is set."""
    return name.replace("_", " ").title()


def _retitle(properties: dict[str, Any]) -> None:
    for name, schema in properties.items():
        if isinstance(schema, dict) and schema.get("title") in (None, _default_title(name)):
            schema["title"] = title(name)


def _described(schema: dict[str, Any]) -> str | None:
    """The description of an optional parameter's type (FastAPI leaves it in the `anyOf`)."""
    return next(
        (b["description"] for b in schema.get("anyOf", []) if "description" in b),
        schema.get("description"),
    )


def _not_null(schema: dict[str, Any]) -> dict[str, Any]:
    """An optional parameter's schema without FastAPI's `null` branch: a query string or a header
    has no null, a parameter left out is simply absent (and a client that sent "null" would be
    refused)."""
    branches = [b for b in schema.get("anyOf", []) if b.get("type") != "null"]
    if "anyOf" not in schema or len(branches) != 1:
        return schema
    return {**{k: v for k, v in schema.items() if k != "anyOf"}, **branches[0]}


def titled(document: dict[str, Any]) -> dict[str, Any]:
    """Give each parameter and each property of the document's schemas its title in words, and
    each parameter the description of its type where it has none of its own (a reader of the
    interactive page sees the parameter's, not its schema's); no parameter is nullable."""
    for path in document.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                schema = parameter["schema"] = _not_null(parameter.get("schema", {}))
                if schema.get("title") in (None, _default_title(parameter["name"])):
                    schema["title"] = title(parameter["name"])
                if "description" not in parameter and (words := _described(schema)):
                    parameter["description"] = words
    for schema in document.get("components", {}).get("schemas", {}).values():
        _retitle(schema.get("properties", {}))
    return document


def install(app: FastAPI) -> None:
    """Serve the document through `app.openapi()`, built at most once a day."""
    built: dict[date, dict[str, Any]] = {}
    build = app.openapi  # FastAPI's own: caches in app.openapi_schema

    def openapi() -> dict[str, Any]:
        day = clock.today()
        if day not in built:
            app.openapi_schema = None
            built.clear()
            built[day] = titled(build())
        return built[day]

    app.openapi = openapi  # type: ignore[method-assign]
