"""The real platform for browser journeys: Daphne serving the ASGI application, sharing the test
database, and what the journeys do in their browsers (log in, wait for the socket...).

pytest-django's ``live_server`` speaks HTTP only (no WebSocket), so a journey that needs the
socket serves ``config.asgi:application`` with Daphne in a subprocess on a free loopback port,
with the real settings driven by the environment, as in production. Daphne shares the test
database (the ``shared_database`` fixture, tests/e2e/conftest.py):

- PostgreSQL (CI): the test database itself (``test_<name>``), through ``DATABASE_URL``;
- SQLite: the in-memory test database cannot be opened by another process, so the fixture
  copies it (schema and all, with SQLite's backup API: milliseconds) into a file under the
  test's ``tmp_path`` and both processes use that file. The rest of the session is untouched.

A journey writes its own data from a worker thread (``SharedDatabase.run``): Playwright's event
loop runs in the main thread, where the services' publishing (``async_to_sync``) is refused;
and with SQLite the worker's connection is the one that opens the shared file.

With ``REDIS_URL`` set (CI), Daphne's channel layer and cache are Redis: the journey then
goes through it too.
"""

import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.cache import cache
from django.db import connections
from django.db.utils import load_backend
from playwright.sync_api import Page, expect

from chat.sockets import MAX_SOCKETS_PER_MEMBER
from community.models import User
from tests.factories import DEFAULT_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
SERVER_START_SECONDS = 30
SERVER_STOP_SECONDS = 10
# realtime.js reconnects with backoff (1 s, 2 s, 4 s... halved by jitter at worst): a restart
# of a few seconds is caught up well within this.
RECONNECT_MS = 15_000


def ui(*words: str) -> re.Pattern:
    """An accessible-name pattern that matches the English msgid or its French translation."""
    return re.compile("|".join(words), re.IGNORECASE)


# --- The database both processes use ------------------------------------------------------------


class SharedDatabase:
    """The test database as Daphne sees it: ``url`` for its environment, ``run`` for the test."""

    def __init__(self, settings_dict: dict, url: str) -> None:
        self.settings_dict = settings_dict
        self.url = url

    def run(self, function: Callable, *args, **kwargs):
        """Call ``function`` in a worker thread on its own connection, committed on return."""

        def work():
            backend = load_backend(self.settings_dict["ENGINE"])
            connections["default"] = backend.DatabaseWrapper(dict(self.settings_dict), "default")
            try:
                return function(*args, **kwargs)
            finally:
                connections.close_all()

        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(work).result()


def share_test_database(tmp_path: Path) -> SharedDatabase:
    """The ``shared_database`` fixture's work (tests/e2e/conftest.py), once ``browser`` runs:
    Playwright's loop is running and the main thread's connection is the one the test
    database was set up on (see the ``browser`` fixture)."""
    main = connections["default"]
    if main.vendor == "sqlite":
        if main.is_in_memory_db():
            path = tmp_path / "db.sqlite3"
            main.ensure_connection()
            copy = sqlite3.connect(path)
            try:
                main.connection.backup(copy)
            finally:
                copy.close()
        else:  # a file already (a TEST NAME was configured): share it as it is
            path = Path(main.settings_dict["NAME"]).resolve()
        settings_dict = {**main.settings_dict, "NAME": str(path)}
        url = f"sqlite:///{path}"
    elif main.vendor == "postgresql":
        configured = os.environ.get("DATABASE_URL", "")
        if not configured:
            pytest.skip("PostgreSQL configured without DATABASE_URL: cannot point Daphne at it.")
        settings_dict = dict(main.settings_dict)
        url = urlsplit(configured)._replace(path="/" + quote(main.settings_dict["NAME"])).geturl()
    else:
        pytest.skip(f"Sharing a {main.vendor} test database with Daphne is not supported.")
    return SharedDatabase(settings_dict, url)


# --- Data, written from the worker thread -------------------------------------------------------


def use_cheap_passwords(*people: User) -> None:
    """Daphne runs the real settings, which do not know the MD5 hasher of tests/conftest.py.
    A cheap PBKDF2 hash of ``DEFAULT_PASSWORD`` logs in, and is upgraded on the first login as
    in production."""
    hasher = PBKDF2PasswordHasher()
    User.objects.filter(pk__in=[person.pk for person in people]).update(
        password=hasher.encode(DEFAULT_PASSWORD, hasher.salt(), iterations=1000)
    )


def forget_realtime_state(people: Iterable[int], rooms: Iterable[int] = ()) -> None:
    """Drop the consumer's cache entries (socket counts, throttles) for these members (ids).

    With Redis the cache is Daphne's too and outlives the run, while a new test database gives
    out the same ids again: a previous run's counts must not limit this one. Only these keys
    go; the Redis database may be shared with other work, so it is not flushed.
    """
    people, rooms = list(people), list(rooms)
    cache.delete_many(
        [f"chat:socket:{pk}:{slot}" for pk in people for slot in range(MAX_SOCKETS_PER_MEMBER)]
        + [f"chat:rate:{pk}" for pk in people]
        + [f"chat:typing:{pk}:{room}" for pk in people for room in rooms]
    )


# --- Daphne in a subprocess ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def port_is_open(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=0.2):
            return True
    except OSError:
        return False


class Daphne:
    """``config.asgi:application`` served by Daphne, stopped and started again on one port."""

    def __init__(self, *, database_url: str, var_dir: Path) -> None:
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.log_path = var_dir / "daphne.log"
        self.process: subprocess.Popen | None = None
        self.health: dict = {}  # the last /healthz answer
        overridden = {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url,
            "SECRET_KEY": settings.SECRET_KEY,
            # Embedded search (var_dir/search: the test's own index), static files, media.
            "CATALYSE_VAR_DIR": str(var_dir),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "DEBUG": "false",
            "HTTPS": "false",
            "TASKS_QUEUE": "immediate",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            # As for every test (tests/conftest.py): moderators log in with their password only.
            "MFA_REQUIRED_FOR_MODERATORS": "false",
        }
        if settings.REDIS_URL:
            overridden["REDIS_URL"] = settings.REDIS_URL
        dropped = {
            # The browser fixture sets it for this process only: Daphne must stay strict.
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "REDIS_URL", "MEILISEARCH_URL", "MEILISEARCH_API_KEY", "EMAIL_URL", "STATIC_ROOT",
            "CSRF_TRUSTED_ORIGINS", "SITE_URL",
        }
        dropped |= {f"{name}_FILE" for name in dropped | set(overridden)}
        self.env = {k: v for k, v in os.environ.items() if k not in dropped} | overridden

    def start(self) -> None:
        with self.log_path.open("a", encoding="utf-8") as log:
            log.write(f"--- starting Daphne on port {self.port}\n")
            log.flush()
            self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
                [sys.executable, "-m", "config.serve", "-b", HOST, "-p", str(self.port),
                 "config.asgi:application"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + SERVER_START_SECONDS
        last_answer = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                self.stop()
                self.fail(f"Daphne exited with {code}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=3) as answer:  # noqa: S310
                    self.health = json.load(answer)
                    return
            except urllib.error.HTTPError as error:  # 503: a service is not ready (yet)
                last_answer = f"{error.code} {error.read()[:500]!r}"
            except (urllib.error.URLError, OSError) as error:
                last_answer = repr(error)
            time.sleep(0.1)  # polling interval, bounded by the deadline
        self.stop()
        self.fail(f"/healthz did not answer 200 within {SERVER_START_SECONDS} s "
                  f"(last: {last_answer})")

    def stop(self) -> None:
        if self.process is None:
            return
        process, self.process = self.process, None
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=SERVER_STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=SERVER_STOP_SECONDS)
        deadline = time.monotonic() + SERVER_STOP_SECONDS
        while port_is_open(self.port):
            if time.monotonic() > deadline:
                self.fail(f"port {self.port} still open after Daphne stopped")
            time.sleep(0.05)

    def fail(self, reason: str) -> None:
        log = self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
        pytest.fail(f"{reason}. Daphne's log ({self.log_path}):\n{log}", pytrace=False)


# --- In the browser -----------------------------------------------------------------------------


def collect_errors(page: Page, name: str, errors: list[str],
                   expected: re.Pattern | None = None) -> None:
    """Uncaught exceptions and console errors (CSP, 404...) into ``errors``, but for those
    that ``expected`` matches (a journey that stops the server expects refused connections)."""

    def console(note) -> None:
        if note.type == "error" and not (expected and expected.search(note.text)):
            errors.append(f"{name}: {note.text}")

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(f"{name}: {error}"))


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/comptes/login/")
    page.locator("[name=login]").fill(email)
    page.locator("[name=password]").fill(DEFAULT_PASSWORD)
    page.get_by_role("main").get_by_role("button", name=ui("Log in", "Connexion",
                                                           "connecter")).click()
    expect(page).to_have_url(base + "/")


def wait_connected(page: Page) -> None:
    """The tab's socket has said ``hello`` (realtime.js)."""
    page.wait_for_function(
        "() => !!(window.CatalyseRealtime && window.CatalyseRealtime.isConnected())",
        timeout=RECONNECT_MS,
    )


# --- The people of the journeys -----------------------------------------------------------------

# What one tab waits for from another (through Daphne, and Redis in CI) on a busy machine.
LIVE_MS = 10_000

ANOUK = {"email": "anouk.arvor@exemple.fr", "first_name": "Anouk", "last_name": "Arvor"}
BASILE = {"email": "basile.kerjean@exemple.fr", "first_name": "Basile", "last_name": "Kerjean"}
CLAIRE = {"email": "claire.animatrice@exemple.fr", "first_name": "Claire",
          "last_name": "Animatrice"}
