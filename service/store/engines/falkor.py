"""FalkorDB through its native client: the embedded engine's and an external server's path."""

from collections.abc import Mapping
from typing import Any, LiteralString

import redis.exceptions
from falkordb import FalkorDB

from service.errors import Conflict, EngineError, EngineUnavailable
from service.store.catalog import get_query, statements
from service.store.engines.base import Row, expected_indexes, plain


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
        _, unique = expected_indexes(list(self._ddl()))
        for label in sorted(unique - present[1]):
            try:
                self._graph.create_node_unique_constraint(label, "id")
            except redis.exceptions.ResponseError as e:
                if "already exists" not in str(e):  # pending from a concurrent start
                    raise EngineError(f"unique constraint on {label}.id failed: {e}") from e

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
