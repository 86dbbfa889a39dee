"""The FastAPI application: one engine per process, opened in `lifespan`, kept on app.state."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from service.api import errors, openapi
from service.api.logs import configure_logging
from service.api.middleware import BodySizeLimit, Metrics, RequestMetrics
from service.api.ratelimit import RateLimits
from service.api.routes import (
    audit,
    auth,
    children,
    directory,
    duplicates,
    gaps,
    health,
    imports,
    involvements,
)
from service.api.routes import metrics as metrics_route
from service.audit.log import AuditLog
from service.auth.accounts import AccountCache, Accounts
from service.auth.tokens import JwksSource, TokenVerifier
from service.errors import InsecureSettings
from service.settings import Settings, get_settings
from service.store.engines import EngineHandle, open_engine
from service.store.graph_store import GraphStore
from service.web import STATIC_DIR, SecureStaticFiles
from service.web import router as web_router
from service.web.docs import router as docs_router

IMPORT_PATH = "/api/v1/import"


def create_app(
    settings: Settings | None = None,
    *,
    handle: EngineHandle | None = None,
    jwks: JwksSource | None = None,
) -> FastAPI:
    """Build the app. With `handle`, use that open engine (the caller closes it); otherwise open
    the configured engine at start-up and close it at shutdown. `jwks` stands in for the OIDC
    issuer's published keys (tests, or keys deployed as a file)."""
    config = settings or get_settings()
    problem = config.signing_secret_problem()
    if problem is not None:  # production: the built-in or a weak secret would sign tokens
        raise InsecureSettings(problem)
    configure_logging()
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = handle is None
        opened = open_engine(config) if own else handle
        assert opened is not None
        store = GraphStore(opened.engine)
        store.apply_schema()
        app.state.store = store
        app.state.audit = AuditLog(store)
        app.state.accounts = AccountCache(Accounts(store).get, config.account_cache_seconds)
        try:
            yield
        finally:
            if own:
                opened.close()

    app = FastAPI(
        title="childindex",
        version="0.1.0",
        summary="Who else is working with this child?",
        lifespan=lifespan,
        # /docs is the vendored Swagger UI (service/web/docs.py): FastAPI's pages load theirs
        # from a CDN with inline scripts; ReDoc and the OAuth2 redirect page would too.
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    openapi.install(app)
    app.state.settings = config
    app.state.verifier = TokenVerifier(config, jwks=jwks)
    app.state.limits = RateLimits(config)
    app.state.metrics = metrics
    errors.install(app)
    for module in (
        health,
        metrics_route,
        auth,
        children,
        involvements,
        directory,
        imports,
        audit,
        duplicates,
        gaps,
    ):
        app.include_router(module.router)
    app.include_router(web_router)  # the web UI's pages: shells only, no child data
    app.include_router(docs_router)
    app.mount("/static", SecureStaticFiles(directory=STATIC_DIR), name="static")

    def body_limit(path: str) -> int:
        return config.import_max_bytes if path == IMPORT_PATH else config.max_body_bytes

    app.add_middleware(BodySizeLimit, limit_for=body_limit)
    app.add_middleware(RequestMetrics, metrics=metrics)  # outermost: sees every answer
    return app
