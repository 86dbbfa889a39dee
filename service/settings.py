"""Settings from the environment (prefix CHILDINDEX_), read once through a cached getter."""

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class EngineKind(StrEnum):
    EMBEDDED = "embedded"
    FALKORDB = "falkordb"
    NEO4J = "neo4j"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CHILDINDEX_", extra="ignore")

    engine: EngineKind = Field(
        default=EngineKind.EMBEDDED,
        description="embedded (FalkorDB started here), falkordb (external URL) or neo4j",
    )
    data_dir: Path = Field(
        default_factory=lambda: Path(user_data_dir("childindex")),
        description="Where the embedded engine keeps its files (AOF, socket, pid, log)",
    )
    graph_name: str = Field(default="childindex", pattern=r"^[A-Za-z][A-Za-z0-9_]{0,62}$")
    falkordb_url: str = Field(
        default="redis://localhost:6379", description="External FalkorDB (engine=falkordb)"
    )
    neo4j_uri: str = Field(default="neo4j://localhost:7687")
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("")
    neo4j_database: str = "neo4j"
    engine_start_timeout: float = Field(
        default=30.0, gt=0, description="Seconds to wait for the embedded engine to answer"
    )
    engine_query_timeout_ms: int = Field(
        default=0, ge=0, description="FalkorDB per-query timeout in milliseconds (0: none)"
    )
    batch_size: int = Field(default=5000, ge=1, le=100_000)
    search_limit: int = Field(default=20, ge=1, le=100)


@lru_cache
def get_settings() -> Settings:
    return Settings()
