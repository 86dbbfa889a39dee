"""Settings from the environment (prefix CHILDINDEX_), read once through a cached getter."""

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Self

from platformdirs import user_data_dir
from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from analysis.gaps.thresholds import Thresholds


class EngineKind(StrEnum):
    EMBEDDED = "embedded"
    FALKORDB = "falkordb"
    NEO4J = "neo4j"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


DEVELOPMENT_JWT_SECRET = "development-only-signing-secret-do-not-deploy"  # noqa: S105 - refused outside development
MIN_JWT_SECRET_LENGTH = 32


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

    # --- access: tokens, OIDC, limits (API issue) ---
    environment: Environment = Field(
        default=Environment.PRODUCTION,
        description="production (the default) will not serve without a strong signing secret;"
        " development (the demo, the tests) allows the built-in one",
    )
    jwt_secret: SecretStr = Field(
        default=SecretStr(DEVELOPMENT_JWT_SECRET),
        description=f"Signs the service's own tokens (HS256); at least {MIN_JWT_SECRET_LENGTH}"
        " random characters, not the built-in one, outside development",
    )
    jwt_issuer: str = "childindex"
    jwt_audience: str = "childindex-api"
    token_minutes: int = Field(default=15, ge=1, le=12 * 60, description="Token lifetime")
    account_cache_seconds: float = Field(
        default=1.0,
        ge=0,
        le=5,
        description="How long a local account's roles, area and state are reused between"
        " requests before the account store is asked again (a disabled account or a changed"
        " role takes effect within this)",
    )
    oidc_issuer: str | None = Field(
        default=None, description="An external OIDC issuer whose tokens are accepted too"
    )
    oidc_audience: str | None = None
    oidc_jwks_url: str | None = None
    oidc_algorithms: list[str] = Field(default_factory=lambda: ["RS256", "ES256"])
    oidc_username_claim: str = "preferred_username"
    oidc_role_claim: str = Field(
        default="roles", description="Claim holding the roles; dots reach into nested claims"
    )
    oidc_role_map: dict[str, str] = Field(
        default_factory=dict, description="Issuer role name -> childindex role (JSON object)"
    )
    oidc_la_claim: str = "la"
    oidc_practitioner_claim: str = "practitioner_id"
    oidc_agency_claim: str = "agency_id"
    rate_limit_token: str = Field(
        default="10/minute", description="Sign-in attempts per user name and per client address"
    )
    rate_limit_search: str = Field(default="120/minute", description="Searches per user")
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    import_max_bytes: int = Field(default=64 * 1_048_576, ge=1024)

    # --- gap rules (DESIGN §6): thresholds, evaluated as of a date ---
    gap_school_age_from: int = Field(
        default=5, ge=0, le=25, description="Compulsory school age from"
    )
    gap_school_age_to: int = Field(default=16, ge=0, le=25, description="...up to and including")
    gap_under_five: int = Field(
        default=5, ge=1, le=25, description="Early years age band (coverage)"
    )
    gap_info_to_share_working_days: int = Field(default=5, ge=0, le=365)
    gap_handover_window_days: int = Field(default=90, ge=1, le=3650)
    gap_handover_working_days: int = Field(default=5, ge=0, le=365)
    gap_services_after_move_days: int = Field(default=28, ge=0, le=3650)
    gap_frequent_moves: int = Field(default=3, ge=1, le=100)
    gap_frequent_moves_window_days: int = Field(default=365, ge=1, le=3650)
    gap_stale_days: int = Field(default=365, ge=1, le=3650)
    gap_multi_agency_min: int = Field(default=2, ge=2, le=20)
    gap_area_cache_seconds: float = Field(
        default=120.0,
        ge=0,
        le=3600,
        description="How long an area's gap run is reused for the dashboard's pages",
    )
    gap_batch_size: int = Field(
        default=2000, ge=1, le=50_000, description="Children fetched per query in area runs"
    )

    def gap_thresholds(self) -> Thresholds:
        return Thresholds(
            school_age_from=self.gap_school_age_from,
            school_age_to=self.gap_school_age_to,
            under_five=self.gap_under_five,
            info_to_share_working_days=self.gap_info_to_share_working_days,
            handover_window_days=self.gap_handover_window_days,
            handover_working_days=self.gap_handover_working_days,
            services_after_move_days=self.gap_services_after_move_days,
            frequent_moves=self.gap_frequent_moves,
            frequent_moves_window_days=self.gap_frequent_moves_window_days,
            stale_days=self.gap_stale_days,
            multi_agency_min=self.gap_multi_agency_min,
        )

    def signing_secret_problem(self) -> str | None:
        """Why the signing secret may not sign tokens here (None: it may). Development allows
        the built-in one; production needs a strong secret of its own."""
        if self.environment is Environment.DEVELOPMENT:
            return None
        secret = self.jwt_secret.get_secret_value()
        if secret == DEVELOPMENT_JWT_SECRET or len(secret.strip()) < MIN_JWT_SECRET_LENGTH:
            return (
                f"CHILDINDEX_JWT_SECRET must be set to a random secret of at least"
                f" {MIN_JWT_SECRET_LENGTH} characters (e.g. `openssl rand -hex 32`), not the"
                " built-in one: the service runs as production unless"
                " CHILDINDEX_ENVIRONMENT=development"
            )
        return None

    @model_validator(mode="after")
    def _refuse_half_oidc(self) -> Self:
        if self.oidc_issuer and not (self.oidc_audience and self.oidc_jwks_url):
            raise ValueError("an OIDC issuer needs CHILDINDEX_OIDC_AUDIENCE and _JWKS_URL too")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
