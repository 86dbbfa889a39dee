"""Neo4j 5 through the official driver: the production engine.

Every call goes through `execute_query` with `database_` and `routing_` set, so reads can be
served by followers in a cluster and writes go to the leader.
"""

from collections.abc import Mapping
from typing import LiteralString

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j.exceptions import ConstraintError, Neo4jError, ServiceUnavailable

from service.errors import Conflict, EngineError, EngineUnavailable
from service.store.catalog import get_query, statements
from service.store.engines.base import Row, plain


class Neo4jEngine:
    dialect = "neo4j"

    def __init__(self, *, uri: str, user: str, password: str, database: str) -> None:
        self._driver = GraphDatabase.driver(uri, auth=(user, password))
        self._database = database
        self.description = f"neo4j at {uri} (database {database})"

    def run(self, query: LiteralString, params: Mapping[str, object], *, write: bool) -> list[Row]:
        try:
            records, _, _ = self._driver.execute_query(
                query,
                dict(params),
                database_=self._database,
                routing_=RoutingControl.WRITE if write else RoutingControl.READ,
            )
        except ConstraintError as e:
            raise Conflict(f"a record with this id already exists ({e.message})") from e
        except ServiceUnavailable as e:
            raise EngineUnavailable(f"Neo4j is not answering: {e}") from e
        except Neo4jError as e:
            raise EngineError(f"Neo4j refused the query: {e.message}") from e
        return [plain(record.data()) for record in records]

    def explain(self, query: LiteralString, params: Mapping[str, object]) -> str:
        explain_query: LiteralString = "EXPLAIN " + query
        try:
            summary = self._driver.execute_query(
                explain_query,
                dict(params),
                database_=self._database,
                routing_=RoutingControl.READ,
                result_transformer_=neo4j.Result.consume,
            )
        except Neo4jError as e:
            raise EngineError(f"Neo4j refused the query: {e.message}") from e
        return str(summary.plan)

    def apply_schema(self) -> None:
        for statement in statements(get_query("schema/neo4j", self.dialect)):
            self.run(statement, {}, write=True)

    def compact(self) -> None:
        """Neo4j checkpoints its own transaction log."""
        return None

    def ping(self) -> bool:
        try:
            self._driver.verify_connectivity()
        except (Neo4jError, ServiceUnavailable, OSError):
            return False
        return True

    def close(self) -> None:
        self._driver.close()
