"""Opaque cursors for `limit` + `cursor` pagination (DESIGN §5)."""

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Annotated, TypeVar

from fastapi import Query
from fastapi.exceptions import RequestValidationError

T = TypeVar("T")

MAX_LIMIT = 200

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")]
CURSOR_FORMAT = "page-cursor"
"""An opaque token the service issued as `next_cursor`: a client only ever sends one back."""
Cursor = Annotated[
    str | None,
    Query(
        max_length=200,
        description="`next_cursor` of the previous page; leave out for the first",
        json_schema_extra={"format": CURSOR_FORMAT, "pattern": "^[A-Za-z0-9_-]+$"},
    ),
]


def encode_cursor(position: int) -> str:
    raw = json.dumps({"p": position}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _bad_cursor() -> RequestValidationError:
    return RequestValidationError(
        [
            {
                "loc": ("query", "cursor"),
                "msg": "not a cursor this service issued",
                "type": "value_error",
            }
        ]
    )


def decode_cursor(cursor: str | None) -> int | None:
    """The position a cursor names; a cursor that is not one of ours is a 422 on `cursor`."""
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        position = json.loads(raw)["p"]
    except (binascii.Error, ValueError, KeyError, TypeError) as e:
        raise _bad_cursor() from e
    if not isinstance(position, int) or isinstance(position, bool) or position < 0:
        raise _bad_cursor()
    return position


def page(items: Sequence[T], limit: int, cursor: str | None) -> tuple[list[T], str | None]:
    """One page of an in-memory list (short lists: who-else, moves, a caseload)."""
    start = decode_cursor(cursor) or 0
    chunk = list(items[start : start + limit])
    more = start + limit < len(items)
    return chunk, encode_cursor(start + limit) if more else None
