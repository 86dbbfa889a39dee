"""The embedded engine keeps every acknowledged write through `kill -9`, recovers from what a
killed run leaves behind, and never starts twice for one data directory."""

import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from graph_model.enums import Sex
from graph_model.nodes import LocalAuthority
from graph_model.schemas import ChildCreate
from service.errors import EngineUnavailable
from service.store.engines import EmbeddedServer, FalkorEngine
from service.store.graph_store import GraphStore

WRITES = 500
LA = "E09000009"


@pytest.fixture
def server() -> Iterator[EmbeddedServer]:
    """An embedded server of its own, in a short temporary directory; stopped afterwards."""
    data_dir = Path(tempfile.mkdtemp(prefix="ci-dur-"))
    embedded = EmbeddedServer(data_dir, start_timeout=30)
    try:
        yield embedded
    finally:
        embedded.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def open_store(server: EmbeddedServer) -> GraphStore:
    return GraphStore(FalkorEngine(graph_name="durability", unix_socket_path=str(server.socket)))


def is_gone(pid: int) -> bool:
    """The process has exited (a zombie waiting for its parent counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


def wait_until_gone(pid: int, within: float = 30.0) -> None:
    deadline = time.monotonic() + within
    while not is_gone(pid):
        if time.monotonic() > deadline:
            pytest.fail(f"process {pid} still alive {within:.0f} s after SIGKILL")
        time.sleep(0.05)


def servers_on(socket: Path) -> list[int]:
    """Live redis-server processes whose command line names this socket."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or is_gone(int(proc.name)):
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if b"redis-server" in cmdline and str(socket).encode() in cmdline:
            found.append(int(proc.name))
    return found


def dead_pid() -> int:
    """The pid of a process that has certainly exited."""
    probe = subprocess.Popen(["true"])
    probe.wait()
    return probe.pid


def test_acknowledged_writes_survive_kill_9(server: EmbeddedServer) -> None:
    assert server.ensure_running() is True
    store = open_store(server)
    store.apply_schema()
    store.upsert_local_authority(LocalAuthority(code=LA, name="Ealing"))
    for n in range(WRITES):
        store.create_child(
            ChildCreate(
                id=f"ch-{n:04d}",
                given_name="Child",
                family_name=f"Number {n}",
                sex=Sex.UNSPECIFIED,
                date_of_birth=date(2015, 1, 1),
                responsible_la=LA,
                resident_since=date(2020, 1, 1),
            )
        )
    store.engine.close()
    pid = server.status().pid
    assert pid is not None

    os.kill(pid, signal.SIGKILL)
    wait_until_gone(pid)
    assert server.status().running is False
    assert server.socket.exists(), "a killed server leaves its socket behind"

    assert server.ensure_running() is True
    assert server.status().pid not in (None, pid)
    reopened = open_store(server)
    try:
        counts = reopened.counts()
        ids = {row["props"]["id"] for row in reopened.dump()[0] if row["label"] == "Child"}
    finally:
        reopened.engine.close()
    assert counts["Child"] == WRITES
    assert counts["RESIDENT_IN"] == WRITES
    assert ids == {f"ch-{n:04d}" for n in range(WRITES)}


def test_stop_then_status_says_not_running(server: EmbeddedServer) -> None:
    server.ensure_running()
    pid = server.status().pid
    assert pid is not None

    assert server.stop() is True

    status = server.status()
    assert status.running is False
    assert status.pid is None
    assert status.detail == "not running"
    assert is_gone(pid)
    assert not server.pid_file.exists()
    assert not server.socket.exists()
    assert server.stop() is False


def test_a_stale_pid_file_is_recognised_and_cleared_on_start(server: EmbeddedServer) -> None:
    server.engine_dir.mkdir(parents=True)
    gone = dead_pid()
    server.pid_file.write_text(f"{gone}\n")
    server.socket.touch()  # a leftover socket file that nothing listens on

    status = server.status()
    assert status.running is False
    assert "stale" in status.detail

    assert server.ensure_running() is True
    live = server.status()
    assert live.running is True
    assert live.pid is not None
    assert live.pid != gone
    assert server.pid_file.read_text().strip() == str(live.pid)


def test_starting_again_finds_the_running_server(server: EmbeddedServer) -> None:
    assert server.ensure_running() is True
    pid = server.status().pid
    again = EmbeddedServer(server.data_dir)
    assert again.ensure_running() is False
    assert again.status().pid == pid


def test_a_data_dir_too_long_for_a_unix_socket_is_refused_clearly() -> None:
    base = Path(tempfile.mkdtemp(prefix="ci-dur-"))
    try:
        too_long = base / ("d" * 120)
        with pytest.raises(EngineUnavailable) as caught:
            EmbeddedServer(too_long).ensure_running()
        message = str(caught.value)
        assert "too long for a unix socket" in message
        assert "--data-dir" in message
        assert not too_long.exists(), "nothing is created for a path that cannot work"
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_two_simultaneous_starts_start_one_server(server: EmbeddedServer) -> None:
    barrier = threading.Barrier(2)
    started: list[bool] = []
    errors: list[BaseException] = []

    def start() -> None:
        contender = EmbeddedServer(server.data_dir)
        barrier.wait()
        try:
            started.append(contender.ensure_running())
        except BaseException as e:  # reported below, not lost in the thread
            errors.append(e)

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(started) == [False, True]
    pid = server.status().pid
    assert pid is not None
    assert servers_on(server.socket) == [pid]


def incr_logs(server: EmbeddedServer) -> list[Path]:
    """The append-only files of writes since the last snapshot (the AOF's `incr` part)."""
    return sorted((server.engine_dir / "appendonly").glob("*.incr.aof"))


def test_the_schema_is_in_the_snapshot_so_a_replay_finds_its_indexes(
    server: EmbeddedServer,
) -> None:
    """FalkorDB builds an index created during an AOF replay only after the replay, so writes
    logged after CREATE INDEX would be replayed by label scans (minutes for a few thousand
    children). apply_schema compacts the log once it has created the schema."""
    server.ensure_running()
    store = open_store(server)
    store.apply_schema()
    store.engine.close()
    logged = b"".join(path.read_bytes() for path in incr_logs(server))
    assert b"CREATE INDEX" not in logged
    assert b"GRAPH.CONSTRAINT" not in logged

    pid = server.status().pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    wait_until_gone(pid)
    for path in incr_logs(server):
        path.write_bytes(b"")  # only the snapshot is left
    server.ensure_running()
    reopened = open_store(server)
    try:
        status = reopened.schema_status()
    finally:
        reopened.engine.close()
    assert status.ok, status.missing


def test_compact_leaves_an_empty_log_and_keeps_every_write(server: EmbeddedServer) -> None:
    server.ensure_running()
    store = open_store(server)
    store.apply_schema()
    store.upsert_local_authority(LocalAuthority(code=LA, name="Ealing"))
    assert sum(path.stat().st_size for path in incr_logs(server)) > 0
    seconds = store.compact()
    store.engine.close()
    assert seconds is not None
    assert sum(path.stat().st_size for path in incr_logs(server)) == 0

    pid = server.status().pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    wait_until_gone(pid)
    server.ensure_running()
    reopened = open_store(server)
    try:
        assert reopened.counts().get("LocalAuthority") == 1
    finally:
        reopened.engine.close()
