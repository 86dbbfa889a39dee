"""The FastAPI application: one engine per process, opened in `lifespan`, kept on app.state."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from service.api import errors
from service.api.routes import children, health
from service.settings import Settings, get_settings
from service.store.engines import EngineHandle, open_engine
from service.store.graph_store import GraphStore


def create_app(settings: Settings | None = None, *, handle: EngineHandle | None = None) -> FastAPI:
    """Build the app. With `handle`, use that open engine (the caller closes it); otherwise open
    the configured engine at start-up and close it at shutdown."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = handle is None
        opened = open_engine(settings or get_settings()) if own else handle
        assert opened is not None
        store = GraphStore(opened.engine)
        store.apply_schema()
        app.state.store = store
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
    )
    errors.install(app)
    app.include_router(health.router)
    app.include_router(children.router)
    return app
