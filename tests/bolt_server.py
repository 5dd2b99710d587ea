"""A real Bolt server for the tests: ArcadeDB (``arcadedb-embedded``) with its Bolt plugin.

Run as a script, it starts the server on the given loopback ports with the root password
from ``ORGGRAPH_TEST_PASSWORD``, creates the databases, writes a ``ready`` file and serves
until stdin closes. :func:`shared_server` starts that script once per test process (in its own
folder, where ArcadeDB writes its logs) and stops it at exit, so every test module that
needs a server shares one; :func:`start_server` starts one of a test's own (to kill and start
again on the same folder), and :class:`DroppingProxy` relays to a server with connections the
test can cut.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PASSWORD_ENV = "ORGGRAPH_TEST_PASSWORD"
DATABASES = ("orggraph", "scratch")
START_TIMEOUT_S = 180


@dataclass(frozen=True)
class BoltServer:
    """Where the test server listens and how to log in."""

    uri: str
    user: str
    password: str
    process: subprocess.Popen
    folder: Path

    def env(self, **extra: str) -> dict[str, str]:
        """Environment for a CLI run against this server (the password travels in NEO4J_PASSWORD)."""
        return {"NEO4J_URI": self.uri, "NEO4J_USERNAME": self.user, "NEO4J_PASSWORD": self.password, **extra}


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


_started: list[BoltServer] = []


def shared_server() -> BoltServer:
    """Start the server once for this process and return it; it stops when the process exits."""
    if not _started:
        _started.append(start_server())
    return _started[0]


def start_server(folder: Path | None = None, password: str | None = None) -> BoltServer:
    """Start a server of its own (in ``folder``, reusing the databases already there); it stops at exit.

    The tests that kill a server mid-load start one with this, then start it again on the
    same folder, as a user would restart theirs.
    """
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="orggraph-bolt-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    (folder / "ready").unlink(missing_ok=True)
    password = password or "orggraph-test-" + os.urandom(6).hex()
    bolt_port = free_port()
    with (folder / "server.log").open("a") as log:
        process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), str(folder), str(free_port()), str(bolt_port), str(free_port())],
            cwd=folder, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, PASSWORD_ENV: password},
        )
    atexit.register(_stop, process)  # runs before the folder's removal: exit handlers run last-registered first
    deadline = time.monotonic() + START_TIMEOUT_S
    while not (folder / "ready").exists():
        if process.poll() is not None or time.monotonic() > deadline:
            _stop(process)
            tail = "\n".join((folder / "server.log").read_text(errors="replace").splitlines()[-20:])
            raise RuntimeError(f"the ArcadeDB Bolt server did not start; its log ends:\n{tail}")
        time.sleep(0.1)
    return BoltServer(f"bolt://127.0.0.1:{bolt_port}", "root", password, process, folder)


def _stop(process: subprocess.Popen) -> None:
    """Close the server's stdin (it then stops cleanly); kill it if it lingers."""
    if process.poll() is None:
        try:
            process.stdin.close()
            process.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()
            process.wait()


class DroppingProxy:
    """A loopback TCP relay to the Bolt server whose connections the test can cut.

    ``drop()`` closes every open connection (as a server killed or a network cut would) and
    refuses new ones until ``restore()``; it is how the tests break a load midway.
    """

    def __init__(self, server: BoltServer) -> None:
        self._target = ("127.0.0.1", int(server.uri.rsplit(":", 1)[1]))
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.uri = f"bolt://127.0.0.1:{self._listener.getsockname()[1]}"
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self.refusing = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.refusing:
                client.close()
                continue
            upstream = socket.create_connection(self._target)
            with self._lock:
                self._open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def drop(self) -> None:
        """Cut every connection and refuse new ones."""
        self.refusing = True
        with self._lock:
            for end in self._open:
                try:
                    end.shutdown(socket.SHUT_RDWR)
                    end.close()
                except OSError:
                    pass
            self._open.clear()

    def restore(self) -> None:
        """Accept connections again."""
        self.refusing = False

    def close(self) -> None:
        self.drop()
        self._listener.close()

    def __enter__(self) -> DroppingProxy:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def serve(root: str, http_port: int, bolt_port: int, https_port: int) -> None:
    """Start ArcadeDB with Bolt on loopback, create the databases, and serve until stdin closes."""
    import arcadedb_embedded

    server = arcadedb_embedded.create_server(
        root_path=root,
        root_password=os.environ[PASSWORD_ENV],
        config={
            "host": "127.0.0.1",
            "http_port": http_port,
            "bolt_port": bolt_port,
            "server_httpsIncomingPort": https_port,
            "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
        },
    )
    server.start()
    try:
        for name in DATABASES:
            server.create_database(name)  # opens it when it exists (a restarted server)
        (Path(root) / "ready").write_text("ready\n")
        sys.stdin.read()
    finally:
        server.stop()


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
