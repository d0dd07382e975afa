"""The chat, live (DESIGN.md §5, docs/realtime.md): two members in two browser contexts talk
through the real ASGI application, and the conversation resumes by itself after a restart.

pytest-django's ``live_server`` speaks HTTP only (no WebSocket), so this journey serves
``config.asgi:application`` with Daphne in a subprocess on a free loopback port, with the
real settings driven by the environment, as in production. Daphne shares the test database:

- PostgreSQL (CI): the test database itself (``test_<name>``), through ``DATABASE_URL``;
- SQLite: the in-memory test database cannot be opened by another process, so this test
  copies it (schema and all, with SQLite's backup API: milliseconds) into a file under its
  ``tmp_path`` and both processes use that file. The rest of the session is untouched.

The test writes its own data from a worker thread (``SharedDatabase.run``): Playwright's event
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
from collections.abc import Callable
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

from chat import services
from chat.models import Message, Room
from chat.sockets import MAX_SOCKETS_PER_MEMBER
from community.models import User
from tests.e2e.conftest import axe_check
from tests.factories import DEFAULT_PASSWORD, MemberFactory, ModeratorFactory

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
SERVER_START_SECONDS = 30
SERVER_STOP_SECONDS = 10
# realtime.js reconnects with backoff (1 s, 2 s, 4 s... halved by jitter at worst): a restart
# of a few seconds is caught up well within this.
RECONNECT_MS = 15_000

ROOM_NAME = "Tiers-lieux en Bretagne"
ANOUK = {"email": "anouk.arvor@exemple.fr", "first_name": "Anouk", "last_name": "Arvor"}
BASILE = {"email": "basile.kerjean@exemple.fr", "first_name": "Basile", "last_name": "Kerjean"}
WELCOME = "Bienvenue dans le salon des tiers-lieux bretons !"
FIRST = "Bonjour Basile, tu viens à la rencontre de jeudi ?"
REPLY = "Oui, j'apporte le compte rendu."
WHILE_DOWN = "Parfait, je réserve la salle."
STORED_OFFLINE = "Message écrit depuis mon téléphone pendant la coupure."
AFTER = "Tout est revenu, à jeudi !"
MENTION = "tu peux relire le compte rendu ?"
# While the server is down, the browser logs each refused reconnection attempt (and an unread
# count fetch, if one was due then).
EXPECTED_CONSOLE_ERROR = re.compile(
    r"^(WebSocket connection to .* failed|Failed to load resource: net::ERR_CONNECTION_REFUSED)"
)


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


@pytest.fixture
def shared_database(browser, transactional_db, tmp_path) -> SharedDatabase:
    # ``browser`` first: Playwright's loop is running and the main thread's connection is the
    # one the test database was set up on (see the ``browser`` fixture).
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
                [sys.executable, "-m", "daphne", "-b", HOST, "-p", str(self.port),
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


# --- Data, written from the worker thread -------------------------------------------------------


def create_people_and_room() -> dict:
    """A moderator's public room that Anouk and Basile joined, with a welcome message."""
    moderator = ModeratorFactory(first_name="Claire", last_name="Animatrice")
    anouk = MemberFactory(**ANOUK)
    basile = MemberFactory(**BASILE)
    # Daphne runs the real settings, which do not know the MD5 hasher of tests/conftest.py.
    # A cheap PBKDF2 hash logs in, and is upgraded on the first login as in production.
    hasher = PBKDF2PasswordHasher()
    User.objects.filter(pk__in=[anouk.pk, basile.pk]).update(
        password=hasher.encode(DEFAULT_PASSWORD, hasher.salt(), iterations=1000)
    )
    room = services.room_create(actor=moderator, name=ROOM_NAME,
                                topic="Rencontres et retours d'expérience")
    services.room_join(actor=anouk, room=room)
    services.room_join(actor=basile, room=room)
    welcome = services.message_send(actor=moderator, room=room, body=WELCOME)
    return {"room": room.pk, "path": room.get_absolute_url(), "welcome": welcome.pk,
            "anouk": anouk.pk, "basile": basile.pk}


def forget_realtime_state(data: dict) -> None:
    """Drop the consumer's cache entries (socket counts, throttles) for these two members.

    With Redis the cache is Daphne's too and outlives the run, while a new test database gives
    out the same ids again: a previous run's counts must not limit this one. Only these keys
    go; the Redis database may be shared with other work, so it is not flushed.
    """
    people = (data["anouk"], data["basile"])
    cache.delete_many(
        [f"chat:socket:{pk}:{slot}" for pk in people for slot in range(MAX_SOCKETS_PER_MEMBER)]
        + [f"chat:rate:{pk}" for pk in people]
        + [f"chat:typing:{pk}:{data['room']}" for pk in people]
    )


def send_as(user_id: int, room_id: int, body: str) -> int:
    message = services.message_send(actor=User.objects.get(pk=user_id),
                                    room=Room.objects.get(pk=room_id), body=body)
    return message.pk


def stored_ids(room_id: int, body: str) -> list[int]:
    return list(Message.objects.filter(room_id=room_id, body=body).values_list("pk", flat=True))


# --- In the browser -----------------------------------------------------------------------------


def collect_errors(page: Page, name: str, errors: list[str]) -> None:
    """Uncaught exceptions and console errors (CSP, 404...) other than the expected ones."""

    def console(note) -> None:
        if note.type == "error" and not EXPECTED_CONSOLE_ERROR.search(note.text):
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


def chat_strings(page: Page) -> dict:
    """What chat.js shows ("Sending…", "Connection lost…"), in the page's language."""
    return page.evaluate("JSON.parse(document.getElementById('chat-strings').textContent)")


def messages(page: Page):
    return page.locator("#chat-log .chat-message")


def message(page: Page, message_id: int):
    return page.locator(f'#chat-log .chat-message[data-id="{message_id}"]')


def composer(page: Page):
    return page.locator("#composer [name=body]")


def header_badge(page: Page):
    return page.get_by_role("banner").locator("[data-chat-unread]")


def chat_link(page: Page):
    """The header's "Chat" link, the one that carries the unread badge."""
    return page.get_by_role("banner").locator("a", has=page.locator("[data-chat-unread]"))


@pytest.mark.django_db(transaction=True)
def test_two_members_talk_live_and_resume_after_a_restart(shared_database, new_context,
                                                          tmp_path):
    data = shared_database.run(create_people_and_room)
    forget_realtime_state(data)
    room_id = data["room"]
    server = Daphne(database_url=shared_database.url, var_dir=tmp_path)
    errors: list[str] = []
    try:
        server.start()
        # Daphne runs what this session runs: same database engine, and Redis when configured.
        checks = server.health["checks"]
        assert checks["database"]["vendor"] == connections["default"].vendor
        assert checks["channel_layer"]["backend"] == (
            "RedisPubSubChannelLayer" if settings.REDIS_URL else "InMemoryChannelLayer"
        )
        assert checks["search"]["engine"] == "embedded"
        base = server.url
        anouk = new_context().new_page()
        basile = new_context().new_page()
        for name, page in (("Anouk", anouk), ("Basile", basile)):
            collect_errors(page, name, errors)
        log_in(anouk, base, ANOUK["email"])
        log_in(basile, base, BASILE["email"])

        # --- Basile stays on the home page: the header counts the welcome message ---------------
        badge = header_badge(basile)
        expect(badge).to_be_visible()
        expect(badge.locator("[data-count]")).to_have_text("1")
        wait_connected(basile)

        # --- Anouk opens the room from her rooms list and writes, Enter to send ----------------
        chat_link(anouk).click()
        expect(anouk).to_have_url(base + "/chat/")
        anouk.locator("nav.chat-sidebar").get_by_role("link", name=re.compile(ROOM_NAME)).click()
        expect(anouk).to_have_url(base + data["path"])
        expect(anouk.get_by_role("heading", level=1)).to_contain_text(ROOM_NAME)
        expect(message(anouk, data["welcome"])).to_contain_text(WELCOME)
        wait_connected(anouk)
        strings = chat_strings(anouk)
        composer(anouk).fill(FIRST)
        composer(anouk).press("Enter")
        expect(composer(anouk)).to_have_value("")
        first = messages(anouk).filter(has_text=FIRST)
        expect(first).to_have_count(1)
        # Stored and acknowledged: no longer "sending…", and it carries its id.
        expect(anouk.locator("#chat-log .chat-message--pending")).to_have_count(0)
        expect(first).to_have_attribute("data-id", re.compile(r"^\d+$"))
        axe_check(anouk)

        # --- Basile's badge goes up live, without a reload --------------------------------------
        expect(badge.locator("[data-count]")).to_have_text("2")
        expect(badge).to_be_visible()

        # --- Basile opens the rooms list, then the room: the message is there -------------------
        chat_link(basile).click()
        expect(basile).to_have_url(base + "/chat/")
        expect(basile.get_by_role("heading", level=1)).to_be_visible()
        expect(basile.locator(f'[data-room-unread="{room_id}"] [data-count]')).to_have_text("2")
        axe_check(basile)
        basile.locator("nav.chat-sidebar").get_by_role("link", name=re.compile(ROOM_NAME)).click()
        expect(basile).to_have_url(base + data["path"])
        expect(messages(basile).filter(has_text=FIRST)).to_have_count(1)
        wait_connected(basile)
        # Read in a visible tab: the header badge empties once the server has the marker.
        expect(header_badge(basile)).to_be_hidden()

        # --- Basile types (Anouk sees it), then replies; Anouk gets it live ---------------------
        typing = anouk.locator("[data-typing]")
        expect(typing).to_have_text("")
        composer(basile).press_sequentially(REPLY)
        expect(typing).to_contain_text("Basile Kerjean")
        composer(basile).press("Enter")
        expect(messages(anouk).filter(has_text=REPLY)).to_have_count(1)
        expect(typing).to_have_text("")  # the message ends the typing notice
        expect(messages(anouk)).to_have_count(3)
        expect(messages(basile)).to_have_count(3)
        axe_check(basile)

        # --- The server restarts ---------------------------------------------------------------
        for page in (anouk, basile):
            page.evaluate("window.__sameDocument = 'before the restart'")
        server.stop()
        for page in (anouk, basile):
            expect(page.locator("[data-chat-status]")).to_have_text(strings["offline"])

        # While it is down, Anouk sends: the message waits, marked "sending…".
        composer(anouk).fill(WHILE_DOWN)
        composer(anouk).press("Enter")
        pending = anouk.locator("#chat-log .chat-message--pending")
        expect(pending).to_have_count(1)
        expect(pending).to_contain_text(WHILE_DOWN)
        expect(pending.locator(".chat-message__pending")).to_have_text(strings["sending"])
        assert shared_database.run(stored_ids, room_id, WHILE_DOWN) == []
        # Basile writes from elsewhere (stored, published to nobody) while both tabs are offline.
        offline_id = shared_database.run(send_as, data["basile"], room_id, STORED_OFFLINE)

        server.start()

        # --- Both tabs come back by themselves and catch up, each message once ------------------
        for page in (anouk, basile):
            expect(message(page, offline_id)).to_have_count(1, timeout=RECONNECT_MS)
            expect(message(page, offline_id)).to_contain_text(STORED_OFFLINE)
        expect(messages(basile).filter(has_text=WHILE_DOWN)).to_have_count(1,
                                                                          timeout=RECONNECT_MS)
        expect(pending).to_have_count(0)
        sent_while_down = shared_database.run(stored_ids, room_id, WHILE_DOWN)
        assert len(sent_while_down) == 1, "the message sent while offline was stored once"
        for page in (anouk, basile):
            expect(message(page, sent_while_down[0])).to_have_count(1)
            expect(messages(page)).to_have_count(5)
            # In the room's order: what was stored while down, then what was resent.
            expect(messages(page).last).to_have_attribute("data-id", str(sent_while_down[0]))
            expect(page.locator("[data-chat-status]")).not_to_have_text(strings["offline"])
            assert page.evaluate("window.__sameDocument") == "before the restart", (
                "the page was reloaded instead of resuming"
            )

        # --- And the conversation goes on live ---------------------------------------------------
        wait_connected(basile)
        composer(basile).fill(AFTER)
        composer(basile).press("Enter")
        expect(messages(anouk).filter(has_text=AFTER)).to_have_count(1)
        for page in (anouk, basile):
            expect(messages(page)).to_have_count(6)
            expect(page.locator("#chat-log .chat-message--pending")).to_have_count(0)

        # --- Anouk is online in the room's member list that Basile loads ------------------------
        basile.reload()
        wait_connected(basile)
        online = basile.locator(f'.chat-members [data-presence="{data["anouk"]}"]')
        expect(online).to_have_class(re.compile(r"\bpresence--online\b"))

        # --- Basile mentions Anouk through the suggestions; her bell counts it live -------------
        bell = anouk.get_by_role("banner").locator("[data-notifications-badge]")
        expect(bell).to_be_hidden()
        composer(basile).press_sequentially("@Ano")
        suggestion = basile.get_by_role("option", name=re.compile("Anouk Arvor"))
        expect(suggestion).to_be_visible()
        composer(basile).press("Enter")  # chooses the suggestion, does not send
        expect(composer(basile)).to_have_value("@Anouk Arvor ")
        composer(basile).press_sequentially(MENTION)
        composer(basile).press("Enter")
        mention = messages(anouk).filter(has_text=MENTION)
        expect(mention.locator("a.mention")).to_have_text("@Anouk Arvor")
        expect(bell).to_be_visible()
        expect(bell.locator("[data-count]")).to_have_text("1")
        anouk.get_by_role("banner").locator("[data-notifications-bell]").click()
        expect(anouk).to_have_url(base + "/notifications/")
        expect(anouk.get_by_role("main")).to_contain_text(MENTION)
        axe_check(anouk)
        assert errors == []
    finally:
        server.stop()
        forget_realtime_state(data)
