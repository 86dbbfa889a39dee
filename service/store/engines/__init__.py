"""Opening the configured engine: embedded FalkorDB (default), external FalkorDB, or Neo4j."""

from dataclasses import dataclass

from service.settings import EngineKind, Settings
from service.store.engines.base import Engine
from service.store.engines.embedded import EmbeddedServer
from service.store.engines.falkor import FalkorEngine
from service.store.engines.neo4j_engine import Neo4jEngine


@dataclass
class EngineHandle:
    """An open engine, and the embedded server behind it when this process started one."""

    engine: Engine
    server: EmbeddedServer | None = None
    started_server: bool = False

    def close(self, *, stop_server: bool | None = None) -> None:
        """Close the connection; stop the embedded server if this process started it
        (or if `stop_server` says so)."""
        self.engine.close()
        stop = self.started_server if stop_server is None else stop_server
        if stop and self.server is not None:
            self.server.stop()


def open_engine(settings: Settings) -> EngineHandle:
    if settings.engine is EngineKind.NEO4J:
        engine: Engine = Neo4jEngine(
            uri=settings.neo4j_uri,
            user=settings.neo4j_user,
            password=settings.neo4j_password.get_secret_value(),
            database=settings.neo4j_database,
        )
        return EngineHandle(engine=engine)
    if settings.engine is EngineKind.FALKORDB:
        engine = FalkorEngine(
            graph_name=settings.graph_name,
            url=settings.falkordb_url,
            timeout_ms=settings.engine_query_timeout_ms,
        )
        return EngineHandle(engine=engine)
    server = EmbeddedServer(settings.data_dir, start_timeout=settings.engine_start_timeout)
    started = server.ensure_running()
    engine = FalkorEngine(
        graph_name=settings.graph_name,
        unix_socket_path=str(server.socket),
        timeout_ms=settings.engine_query_timeout_ms,
    )
    return EngineHandle(engine=engine, server=server, started_server=started)


__all__ = ["EmbeddedServer", "Engine", "EngineHandle", "FalkorEngine", "Neo4jEngine", "open_engine"]
