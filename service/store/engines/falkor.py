"""FalkorDB through its native client: the embedded engine's and an external server's path."""

import json
import time
from collections.abc import Mapping
from typing import Any, LiteralString

import redis.exceptions
from falkordb import FalkorDB

from service.errors import Conflict, EngineError, EngineUnavailable, RuleViolation
from service.store.catalog import get_query, statements
from service.store.engines.base import Row, edge_types, expected_indexes, plain

_NUL_JSON = "\\u0000"


def _holds_nul(value: object) -> bool:
    """Whether a parameter value holds a NUL character anywhere (strings in lists and maps
    too; a batch of rows already written as JSON text is searched as text)."""
    if isinstance(value, str):
        return "\x00" in value
    if value is None or isinstance(value, bool | int | float):
        return False
    text = str(value) if hasattr(value, "_text") else json.dumps(value, default=str)
    return _NUL_JSON in text


SCHEMA_WAIT_SECONDS = 60.0
"""How long apply_schema waits for new unique constraints before it compacts the log anyway."""


class FalkorEngine:
    dialect = "falkordb"

    def __init__(
        self,
        *,
        graph_name: str,
        unix_socket_path: str | None = None,
        url: str | None = None,
        timeout_ms: int = 0,
    ) -> None:
        try:
            if unix_socket_path is not None:
                self._db = FalkorDB(unix_socket_path=unix_socket_path)
                self.description = f"falkordb at {unix_socket_path}"
            else:
                assert url is not None
                self._db = FalkorDB.from_url(url)
                self.description = f"falkordb at {url.split('@')[-1]}"
        except redis.exceptions.RedisError as e:
            raise EngineUnavailable(f"cannot connect to FalkorDB: {e}") from e
        self._graph = self._db.select_graph(graph_name)
        self._timeout = timeout_ms or None

    def run(self, query: LiteralString, params: Mapping[str, object], *, write: bool) -> list[Row]:
        if any(_holds_nul(value) for value in params.values()):
            # the client writes parameters into the query text, which a NUL would cut short
            raise RuleViolation("(text)", "text may not hold a NUL character (U+0000)")
        try:
            if write:
                result = self._graph.query(query, dict(params), timeout=self._timeout)
            else:
                result = self._graph.ro_query(query, dict(params), timeout=self._timeout)
        except redis.exceptions.ConnectionError as e:
            raise EngineUnavailable(f"FalkorDB is not answering: {e}") from e
        except redis.exceptions.ResponseError as e:
            message = str(e)
            if "unique constraint violation" in message:
                raise Conflict(f"a record with this id already exists ({message})") from e
            raise EngineError(f"FalkorDB refused the query: {message}") from e
        header = [column[1] for column in result.header]
        return [dict(zip(header, plain(row), strict=True)) for row in result.result_set]

    def bulk_insert(
        self, *, nodes: int, edges: int, node_blobs: list[bytes], edge_blobs: list[bytes]
    ) -> None:
        """FalkorDB's bulk insert (GRAPH.BULK, the command its bulk loader uses) into the
        existing graph: binary blobs of new nodes, then of new edges between node ids. No query
        runs: no MERGE, no constraint check (the caller guarantees new, unique ids); indexes are
        kept. One command, logged to the append-only file like any write."""
        try:
            self._db.connection.execute_command(
                "GRAPH.BULK", self._graph.name, nodes, edges,
                len(node_blobs), len(edge_blobs), *node_blobs, *edge_blobs,
            )  # fmt: skip
        except redis.exceptions.ConnectionError as e:
            raise EngineUnavailable(f"FalkorDB is not answering: {e}") from e
        except redis.exceptions.ResponseError as e:
            raise EngineError(f"FalkorDB refused the bulk insert: {e}") from e

    def explain(self, query: LiteralString, params: Mapping[str, object]) -> str:
        try:
            plan = self._graph.explain(query, dict(params))
        except redis.exceptions.ResponseError as e:
            raise EngineError(f"FalkorDB refused the query: {e}") from e
        return str(plan)

    def _ddl(self) -> list[LiteralString]:
        return statements(get_query("schema/falkordb", self.dialect))

    def apply_schema(self) -> None:
        """Create what is missing: indexes first (FalkorDB builds a unique constraint on an
        existing index), then the unique ids; the last DDL statement primes relationship types."""
        present = self._present()
        for statement in self._ddl():
            wanted, _ = expected_indexes([statement])
            if wanted and wanted <= present[0]:
                continue
            try:
                self._graph.query(statement)
            except redis.exceptions.ResponseError as e:
                raise EngineError(f"schema set-up failed: {e}") from e
        ddl = list(self._ddl())
        indexes, unique = expected_indexes(ddl)
        edges = edge_types(ddl)
        created = bool(indexes - present[0])
        for label in sorted(unique - present[1]):
            created = True
            try:
                if label in edges:
                    self._graph.create_edge_unique_constraint(label, "id")
                else:
                    self._graph.create_node_unique_constraint(label, "id")
            except redis.exceptions.ResponseError as e:
                if "already exists" not in str(e):  # pending from a concurrent start
                    raise EngineError(f"unique constraint on {label}.id failed: {e}") from e
        if created:
            # Unique constraints are built in the background and logged once built: wait for
            # them, so that the snapshot holds them too.
            deadline = time.monotonic() + SCHEMA_WAIT_SECONDS
            while not unique <= self._present()[1] and time.monotonic() < deadline:
                time.sleep(0.05)
            # FalkorDB builds an index that was created during an AOF replay only once the
            # replay is over, so every write logged after it would be replayed by scanning its
            # label: a restart after a 5,000-child load took 39 s instead of 0.7 s. With the
            # schema in the snapshot, a replay finds its indexes in place.
            self.compact()

    def _present(self) -> tuple[set[tuple[str, str]], set[str]]:
        """Indexes (label, property) and unique-id labels the graph has (a new graph: none)."""
        indexes = get_query("schema/list_indexes", self.dialect)
        uniques = get_query("schema/list_unique_ids", self.dialect)
        try:
            index_rows = self.run(indexes.text, {}, write=False)
            unique_rows = self.run(uniques.text, {}, write=False)
        except EngineError:
            return set(), set()  # the graph does not exist yet
        present = {(lb, p) for r in index_rows for lb in r["labels"] for p in r["properties"]}
        return present, {label for row in unique_rows for label in row["labels"]}

    def compact(self) -> float | None:
        """BGREWRITEAOF, and wait for it: the append-only file becomes a snapshot (the base)
        and an empty log of writes since. None if the server keeps no append-only file."""
        client = self._db.connection
        started = time.perf_counter()
        try:
            if not client.info("persistence").get("aof_enabled"):
                return None
            while True:
                try:
                    client.bgrewriteaof()
                    break
                except redis.exceptions.ResponseError as e:
                    if "already in progress" not in str(e):
                        raise
                    time.sleep(0.1)  # another rewrite is running: the next one starts after it
            while True:
                info = client.info("persistence")
                if not info.get("aof_rewrite_in_progress") and not info.get(
                    "aof_rewrite_scheduled"
                ):
                    break
                time.sleep(0.05)
            if info.get("aof_last_bgrewrite_status") != "ok":
                raise EngineError("FalkorDB could not rewrite its append-only file")
        except redis.exceptions.ConnectionError as e:
            raise EngineUnavailable(f"FalkorDB is not answering: {e}") from e
        except redis.exceptions.ResponseError as e:
            raise EngineError(f"FalkorDB refused to rewrite its append-only file: {e}") from e
        return time.perf_counter() - started

    def delete_graph(self) -> None:
        """Remove the whole graph, schema included (tests that use a graph of their own)."""
        try:
            self._graph.delete()
        except redis.exceptions.ResponseError as e:
            raise EngineError(f"could not delete the graph: {e}") from e

    def ping(self) -> bool:
        try:
            return bool(self._db.connection.ping())
        except redis.exceptions.RedisError:
            return False

    def info(self) -> dict[str, Any]:
        """Engine memory and persistence figures for status output and benchmarks."""
        memory = self._db.connection.info("memory")
        persistence = self._db.connection.info("persistence")
        return {
            "used_memory": memory.get("used_memory"),
            "used_memory_human": memory.get("used_memory_human"),
            "aof_enabled": persistence.get("aof_enabled"),
        }

    def close(self) -> None:
        self._db.connection.close()
