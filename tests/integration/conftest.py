"""Integration fixtures: a real engine started once per session, a clean graph per test.

Every test here runs against the embedded FalkorDB engine, and again against Neo4j 5 in a
testcontainer when a Docker engine answers (skipped, with the reason, where there is none).
"""

import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from graph_model.nodes import Agency, LocalAuthority, Practitioner
from service.settings import Settings
from service.store.engines import EngineHandle, FalkorEngine, Neo4jEngine, open_engine
from service.store.graph_store import GraphStore

NEO4J_IMAGE = "neo4j:5.26.12-community"
"""Pinned Neo4j 5 image; the same tag as docker-compose.yml."""

LA_EALING = "E09000009"
LA_WESTMINSTER = "E09000033"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/integration/" in item.nodeid:
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def engine_dir() -> Iterator[Path]:
    # Short path under /tmp: a unix socket path must stay under ~100 bytes.
    path = Path(tempfile.mkdtemp(prefix="ci-test-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def falkordb_handle(engine_dir: Path) -> Iterator[EngineHandle]:
    handle = open_engine(Settings(data_dir=engine_dir, graph_name="test"))
    GraphStore(handle.engine).apply_schema()
    yield handle
    handle.close(stop_server=True)


def _docker_answers() -> str | None:
    """None if a Docker engine answers its ping, else why not. Checked with a plain socket:
    the docker client leaks its socket when the engine is absent."""
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    if not host.startswith("unix://"):
        return None  # a remote engine: let testcontainers connect and report
    path = host.removeprefix("unix://")
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(3)
            sock.connect(path)
            sock.sendall(b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n")
            reply = sock.recv(64)
    except OSError as e:
        return f"no Docker engine answers at {path} ({e.strerror or e})"
    if b" 200 " not in reply:
        return f"the Docker engine at {path} did not answer its ping"
    return None


@pytest.fixture(scope="session")
def neo4j_engine() -> Iterator[Neo4jEngine]:
    reason = _docker_answers()
    if reason is not None:
        pytest.skip(f"Neo4j integration suite skipped: {reason}")
    from testcontainers.community.neo4j import Neo4jContainer

    with Neo4jContainer(NEO4J_IMAGE) as container:
        engine = Neo4jEngine(
            uri=container.get_connection_url(),
            user="neo4j",
            password=container.password,
            database="neo4j",
        )
        engine.apply_schema()
        yield engine
        engine.close()


@pytest.fixture(params=["falkordb", "neo4j"])
def engine(request: pytest.FixtureRequest) -> FalkorEngine | Neo4jEngine:
    if request.param == "falkordb":
        handle: EngineHandle = request.getfixturevalue("falkordb_handle")
        assert isinstance(handle.engine, FalkorEngine)
        return handle.engine
    neo: Neo4jEngine = request.getfixturevalue("neo4j_engine")
    return neo


@pytest.fixture
def store(engine: FalkorEngine | Neo4jEngine) -> GraphStore:
    """A store over an empty graph (schema in place)."""
    graph_store = GraphStore(engine)
    graph_store.clear()
    return graph_store


@pytest.fixture
def area(store: GraphStore) -> GraphStore:
    """Two local authorities, a GP practice, a school, social care and a CAMHS team in Ealing,
    each social care and CAMHS with one practitioner."""
    store.upsert_local_authority(
        LocalAuthority(code=LA_EALING, name="Ealing", index_team_phone="020 8825 5000")
    )
    store.upsert_local_authority(LocalAuthority(code=LA_WESTMINSTER, name="Westminster"))
    for agency_id, name, kind in (
        ("gp-acton", "Acton Health Centre", "gp_practice"),
        ("school-st-marys", "St Mary's Primary", "school"),
        ("csc-ealing", "Ealing Children's Social Care", "social_care"),
        ("camhs-ealing", "Ealing CAMHS", "camhs"),
    ):
        store.upsert_agency(
            Agency(
                id=agency_id,
                name=name,
                kind=kind,
                la=LA_EALING,
                sensitive=kind == "camhs",
                phone="020 8000 0000",
            )
        )
    store.upsert_practitioner(
        Practitioner(
            id="sw-lisa",
            given_name="Lisa",
            family_name="Arthurworrey",
            job_title="Social worker",
            email="lisa.a@ealing.example.org",
        ),
        agency_id="csc-ealing",
        since=date(2020, 1, 6),
    )
    store.upsert_practitioner(
        Practitioner(
            id="camhs-ravi",
            given_name="Ravi",
            family_name="Shah",
            job_title="Clinical psychologist",
            phone="020 8000 1234",
        ),
        agency_id="camhs-ealing",
        since=date(2021, 3, 1),
    )
    return store
