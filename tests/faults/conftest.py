"""The fault drills (issue 11): the platform's real processes (Daphne, the worker) against a
real PostgreSQL, as in CI, with faults injected on 127.0.0.1 only and every drill bounded in
time. Without ``DATABASE_URL`` (embedded mode) they are skipped, with the reason printed
(``-ra``). What each fault costs is recorded in docs/operations.md ("Fault drills").

Shared here: ``free_port``, ``wait_for``, ``server_env`` and the ``processes`` fixture, which
starts ``manage.py`` commands or Daphne in subprocesses and stops them at the end.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
NEEDS_POSTGRES = "fault drills need a real PostgreSQL: set DATABASE_URL (as in CI)"


def pytest_collection_modifyitems(config, items):
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    skip = pytest.mark.skip(reason=NEEDS_POSTGRES)
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(skip)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], object], timeout: float, what: str,
             every: float = 0.05) -> object:
    """Poll ``condition`` until it is truthy; fail after ``timeout`` seconds saying ``what``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(every)


def database_url(*, port: int | None = None) -> str:
    """The test database (``test_<name>``, made by pytest-django) as a URL for a subprocess,
    optionally through another port (a ``tcp_proxy.TcpProxy``)."""
    db = settings.DATABASES["default"]
    return (f"postgres://{quote(db['USER'])}:{quote(db['PASSWORD'])}@{db['HOST'] or '127.0.0.1'}"
            f":{port or db['PORT'] or 5432}/{db['NAME']}")


def server_env(tmp_path: Path, **changes: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update({
        "DATABASE_URL": database_url(),
        "TASKS_QUEUE": "database",
        "SECRET_KEY": "fault-drills-" + "x" * 40,
        "CATALYSE_VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DEBUG": "false",
        "HTTPS": "false",
        "PYTHONUNBUFFERED": "1",
    })
    env.update(changes)
    return env


class Processes:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.started: list[subprocess.Popen] = []

    def start(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = (self.tmp_path / f"{name}.log").open("wb")
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log,  # noqa: S603 (ours)
                                   stderr=subprocess.STDOUT, start_new_session=True)
        process.log_path = log.name
        self.started.append(process)
        return process

    def worker(self, name: str, env: dict[str, str]) -> subprocess.Popen:
        """``manage.py worker`` with ``name`` as its worker id."""
        return self.start(name, [sys.executable, "manage.py", "worker", "--queue-name", "*",
                                 "--interval", "0.2", "--no-startup-delay", "--worker-id", name],
                          env)

    def daphne(self, name: str, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
        port = free_port()
        process = self.start(name, [sys.executable, "-m", "config.serve", "-b", "127.0.0.1", "-p",
                                    str(port), "config.asgi:application"], env)

        def listening() -> bool:
            assert process.poll() is None, Path(process.log_path).read_text()
            with socket.socket() as probe:
                return probe.connect_ex(("127.0.0.1", port)) == 0
        wait_for(listening, 60, f"Daphne on port {port}", every=0.2)
        # The first request loads the URLconf and every view (seconds on a loaded machine):
        # made here, so that a drill measures the fault, not the warm-up.
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=60).close()
        return process, f"http://127.0.0.1:{port}"

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


@pytest.fixture
def processes(tmp_path):
    running = Processes(tmp_path)
    yield running
    running.stop_all()


def log_of(process: subprocess.Popen) -> str:
    return Path(process.log_path).read_text(errors="replace")
