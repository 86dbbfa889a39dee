"""The embedded engine runs as promised: durable (AOF, fsync on every write), reachable only
through a unix socket that only its owner may use."""

import stat
from collections.abc import Iterator

import pytest
import redis

from service.store.engines import EmbeddedServer, EngineHandle


@pytest.fixture(scope="module")
def server(falkordb_handle: EngineHandle) -> EmbeddedServer:
    assert falkordb_handle.server is not None, "the test engine is the embedded one"
    return falkordb_handle.server


@pytest.fixture
def client(server: EmbeddedServer) -> Iterator[redis.Redis]:
    connection = redis.Redis(unix_socket_path=str(server.socket), decode_responses=True)
    yield connection
    connection.close()


def config(client: redis.Redis, name: str) -> str:
    return str(client.config_get(name)[name])


def test_every_write_is_appended_and_synced_before_it_is_acknowledged(
    client: redis.Redis,
) -> None:
    assert config(client, "appendonly") == "yes"
    assert config(client, "appendfsync") == "always"


def test_no_tcp_port_is_open(client: redis.Redis) -> None:
    assert config(client, "port") == "0"
    assert config(client, "tls-port") == "0"


def test_the_socket_is_for_its_owner_only(server: EmbeddedServer, client: redis.Redis) -> None:
    mode = server.socket.stat().st_mode
    assert stat.S_ISSOCK(mode)
    assert stat.S_IMODE(mode) == 0o700
    assert config(client, "unixsocketperm") == "700"


def test_the_engine_directory_is_not_readable_by_others(server: EmbeddedServer) -> None:
    mode = stat.S_IMODE(server.engine_dir.stat().st_mode)
    assert mode & 0o077 == 0, f"{server.engine_dir} has mode {oct(mode)}"


def test_the_data_lives_in_the_data_directory(server: EmbeddedServer, client: redis.Redis) -> None:
    assert config(client, "dir") == str(server.engine_dir)
    assert (server.engine_dir / "appendonly").is_dir()


def test_the_server_loaded_falkordb(client: redis.Redis) -> None:
    modules = {str(m["name"]).lower() for m in client.module_list()}
    assert "graph" in modules
