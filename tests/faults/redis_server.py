"""A redis-server of the drill's own, on a free loopback port, that a drill can stop (SIGKILL,
as a crash) and start again on the same port; never the shared server. Every wait is bounded."""

import shutil
import socket
import subprocess
import time
from pathlib import Path

from tests.faults.conftest import free_port

REDIS_SERVER = shutil.which("redis-server")


class RedisServer:
    def __init__(self, log_dir: Path) -> None:
        self.port = free_port()
        self.log_path = log_dir / f"redis-{self.port}.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10) -> "RedisServer":
        assert REDIS_SERVER, "redis-server is not installed"
        assert self.process is None or self.process.poll() is not None, "already running"
        self.process = subprocess.Popen(  # noqa: S603 (a fixed command line)
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--protected-mode", "yes", "--logfile", str(self.log_path)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while not self._answers():
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited: {self.log_path.read_text()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"redis-server not answering on {self.port} in {timeout} s")
            time.sleep(0.02)
        return self

    def stop(self, timeout: float = 10) -> None:
        """Killed, as in a crash: clients see their connections drop at once."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout)

    def restart(self) -> None:
        self.stop()
        self.start()

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as probe:
                probe.sendall(b"PING\r\n")
                return probe.recv(16).startswith(b"+PONG")
        except OSError:
            return False
