"""Embedded mode from the outside: nothing configured, migrate, serve with Daphne, ask.

Runs in subprocesses with a clean environment (no DATABASE_URL, REDIS_URL, ...), so it
needs no database fixture and does not touch the test database.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
STARTUP_TIMEOUT = 30  # seconds


def _clean_env(var_dir: Path) -> dict[str, str]:
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "TZ") if name in os.environ}
    env.update(CATALYSE_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="config.settings")
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback URL
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_embedded_mode_serves(tmp_path):
    env = _clean_env(tmp_path / "var")
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    assert (tmp_path / "var" / "db.sqlite3").exists()

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "daphne.log"
    with log_path.open("w") as log:
        daphne = subprocess.Popen(  # noqa: S603 - fixed arguments
            [str(BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            assert daphne.poll() is None, f"Daphne exited:\n{log_path.read_text()}"
            try:
                status, body = _get(f"{base}/healthz")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError(
                        f"no answer on {base}/healthz in {STARTUP_TIMEOUT}s:\n"
                        f"{log_path.read_text()}"
                    ) from None
                time.sleep(0.2)

        assert status == 200, body
        checks = json.loads(body)["checks"]
        assert checks["search"]["engine"] == "embedded"
        assert checks["channel_layer"]["backend"] == "InMemoryChannelLayer"
        assert checks["database"]["vendor"] == "sqlite"

        status, page = _get(f"{base}/")
        assert status == 200, f"{page}\n{log_path.read_text()}"
        assert 'lang="fr"' in page
    finally:
        daphne.terminate()
        try:
            daphne.wait(timeout=10)
        except subprocess.TimeoutExpired:
            daphne.kill()
            daphne.wait()
