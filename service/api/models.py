"""Response envelopes shared by the routes."""

from typing import Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class Items(BaseModel, Generic[T]):
    """A list response: `{"items": [...], "next_cursor": ...}` (DESIGN §5)."""

    items: list[T]
    next_cursor: str | None = None
