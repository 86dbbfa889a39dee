"""What every engine offers the store, and the conversion of engine values to plain ones."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, LiteralString, Protocol

Row = dict[str, Any]

_NODE_INDEX = re.compile(r"FOR \(\w+:(\w+)\) ON \(\w+\.(\w+)\)")
_EDGE_INDEX = re.compile(r"FOR \(\)-\[\w+:(\w+)\]-\(\) ON \(\w+\.(\w+)\)")
_UNIQUE_ID = re.compile(r"FOR \(\w+:(\w+)\) REQUIRE \w+\.id IS UNIQUE")
_UNIQUE_EDGE_ID = re.compile(r"FOR \(\)-\[\w+:(\w+)\]-\(\) REQUIRE \w+\.id IS UNIQUE")


def expected_indexes(ddl: list[str]) -> tuple[frozenset[tuple[str, str]], frozenset[str]]:
    """(label or type, property) of every index a schema file creates, and the node labels and
    edge types whose `id` is kept unique: by a constraint (Neo4j) or, on FalkorDB, every label
    and type indexed on `id` (the engine asks FalkorDB for the constraints after the indexes
    exist)."""
    nodes = {(m[1], m[2]) for statement in ddl for m in _NODE_INDEX.finditer(statement)}
    edges = {(m[1], m[2]) for statement in ddl for m in _EDGE_INDEX.finditer(statement)}
    unique = {m[1] for statement in ddl for m in _UNIQUE_ID.finditer(statement)}
    unique_edges = {m[1] for statement in ddl for m in _UNIQUE_EDGE_ID.finditer(statement)}
    if not unique:
        unique = {label for label, prop in nodes if prop == "id"}
        unique_edges = {kind for kind, prop in edges if prop == "id"}
    # a uniqueness constraint is backed by an index
    indexes = nodes | edges | {(label, "id") for label in unique | unique_edges}
    return frozenset(indexes), frozenset(unique | unique_edges)


def edge_types(ddl: list[str]) -> frozenset[str]:
    """The edge types a schema file indexes or constrains (the rest are node labels)."""
    return frozenset(
        m[1]
        for statement in ddl
        for pattern in (_EDGE_INDEX, _UNIQUE_EDGE_ID)
        for m in pattern.finditer(statement)
    )


@dataclass(frozen=True)
class SchemaStatus:
    expected: frozenset[tuple[str, str]]
    present: frozenset[tuple[str, str]]
    unique_expected: frozenset[str] = field(default_factory=frozenset)
    unique_present: frozenset[str] = field(default_factory=frozenset)

    @property
    def missing(self) -> list[str]:
        indexes = [f"index {label}.{prop}" for label, prop in sorted(self.expected - self.present)]
        uniques = [
            f"unique {label}.id" for label in sorted(self.unique_expected - self.unique_present)
        ]
        return indexes + uniques

    @property
    def ok(self) -> bool:
        return not self.missing


class Engine(Protocol):
    """A graph engine. `dialect` chooses query variants (`neo4j` or `falkordb`)."""

    dialect: str
    description: str

    def run(self, query: LiteralString, params: Mapping[str, object], *, write: bool) -> list[Row]:
        """Run one statement; return its rows as plain dicts."""
        ...

    def explain(self, query: LiteralString, params: Mapping[str, object]) -> str:
        """Plan a statement without running it; raise if the engine rejects it."""
        ...

    def apply_schema(self) -> None:
        """Create the unique ids and indexes; safe to run again."""
        ...

    def compact(self) -> float | None:
        """Rewrite the engine's write log as a snapshot, so a restart loads the snapshot instead
        of replaying every write; return the seconds it took, or None where there is nothing to
        compact (Neo4j, a FalkorDB server that keeps no append-only file)."""
        ...

    def ping(self) -> bool: ...

    def close(self) -> None: ...


def plain(value: Any) -> Any:
    """Engine values (ordered maps, tuples, temporal types) as JSON-ready Python values."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    iso = getattr(value, "iso_format", None)  # neo4j.time types
    if callable(iso):
        return iso()
    return value
