"""Per-request dependencies, exposed as Annotated aliases."""

from typing import Annotated

from fastapi import Depends, Request

from service.store.graph_store import GraphStore


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


StoreDep = Annotated[GraphStore, Depends(get_store)]
