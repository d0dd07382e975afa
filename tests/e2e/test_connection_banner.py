"""The chat's connection banner (issue 10, item 10): a lost connection is told within 3 s,
whether the browser knows it is offline or the server merely stops answering; the return is
told as good news (not in the error's red) and then goes away; meanwhile the presence marks
of this tab say "status unknown" instead of "online".

The platform runs for real (Daphne, tests/e2e/live.py). The silent server is played by
Playwright's WebSocket route: it relays the tab's socket to Daphne and, when told, stops
passing the server's frames to the page (no close, no ``offline`` event: only missed pongs).
"""

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.live import (
    ANOUK,
    BASILE,
    RECONNECT_MS,
    Daphne,
    collect_errors,
    forget_realtime_state,
    log_in,
    wait_connected,
)
from tests.e2e.test_chat_journey import create_people_and_room

pytestmark = pytest.mark.e2e

LOST_WITHIN_MS = 3_000
# The error's red (--danger in static/css/app.css): good news must not wear it.
DANGER = "rgb(164, 38, 44)"
# While offline, the page's reconnection attempts and unread fetches fail in the console.
EXPECTED_CONSOLE_ERROR = re.compile(
    r"^(WebSocket connection to .* failed|Failed to load resource: net::ERR_INTERNET_DISCONNECTED)"
)


class SilenceableSockets:
    """Relays each of the page's sockets to the server; ``silence()`` makes the open ones
    deaf to the server (its frames are dropped) while new ones work normally."""

    def __init__(self) -> None:
        self.open: list = []
        self.silenced: set[int] = set()

    def route(self, ws) -> None:
        server = ws.connect_to_server()
        number = len(self.open)
        self.open.append(ws)

        def from_server(message) -> None:
            if number not in self.silenced:
                ws.send(message)

        server.on_message(from_server)

    def silence(self) -> None:
        self.silenced.update(range(len(self.open)))


def status(page: Page):
    return page.locator("[data-chat-status]")


def presence_of(page: Page, member_id: int):
    return page.locator(f'.chat-members [data-presence="{member_id}"]')


def chat_strings(page: Page) -> dict:
    return page.evaluate("JSON.parse(document.getElementById('chat-strings').textContent)")


def expect_lost_in_time(page: Page, strings: dict, started: float) -> None:
    expect(status(page)).to_have_text(strings["offline"], timeout=LOST_WITHIN_MS)
    elapsed = time.monotonic() - started
    assert elapsed <= LOST_WITHIN_MS / 1000, f"the loss was told after {elapsed:.1f} s"
    expect(status(page)).not_to_have_class(re.compile(r"\bchat-status--ok\b"))


def expect_restored_as_good_news(page: Page, strings: dict) -> None:
    expect(status(page)).to_have_text(strings["online"], timeout=RECONNECT_MS)
    expect(status(page)).to_have_attribute("role", "status")
    expect(status(page)).to_have_class(re.compile(r"\bchat-status--ok\b"))
    colour = status(page).evaluate("element => getComputedStyle(element).color")
    assert colour != DANGER, "« Connexion rétablie » is shown in the error's red"
    expect(status(page)).to_have_text("")  # then it goes away by itself


@pytest.mark.django_db(transaction=True)
def test_the_banner_tells_a_lost_connection_within_3_s_and_its_return(
    shared_database, new_context, tmp_path
):
    data = shared_database.run(create_people_and_room)
    people = (data["anouk"], data["basile"])
    forget_realtime_state(people, (data["room"],))
    server = Daphne(database_url=shared_database.url, var_dir=tmp_path)
    errors: list[str] = []
    sockets = SilenceableSockets()
    try:
        server.start()
        base = server.url
        basile = new_context().new_page()
        log_in(basile, base, BASILE["email"])
        wait_connected(basile)  # Basile is online

        context = new_context()
        anouk = context.new_page()
        collect_errors(anouk, "Anouk", errors, expected=EXPECTED_CONSOLE_ERROR)
        anouk.route_web_socket(re.compile(r"/ws/$"), sockets.route)
        log_in(anouk, base, ANOUK["email"])
        anouk.goto(base + data["path"])
        wait_connected(anouk)
        strings = chat_strings(anouk)
        basile_mark = presence_of(anouk, data["basile"])
        expect(basile_mark).to_have_class(re.compile(r"\bpresence--online\b"))
        expect(status(anouk)).to_have_text("")

        # --- The network goes away: the browser says "offline" --------------------------------
        started = time.monotonic()
        context.set_offline(True)
        expect_lost_in_time(anouk, strings, started)
        # Presence is not known any more: not "online", not "offline" either.
        expect(basile_mark).to_have_class(re.compile(r"\bpresence--unknown\b"))
        expect(basile_mark).not_to_have_class(re.compile(r"\bpresence--online\b"))
        expect(basile_mark.locator("[data-when-online]")).to_be_hidden()
        expect(basile_mark.locator("[data-when-unknown]")).to_have_count(1)
        expect(anouk.locator("[data-presence-count]")).to_have_text("?")

        context.set_offline(False)
        expect_restored_as_good_news(anouk, strings)
        expect(basile_mark).to_have_class(re.compile(r"\bpresence--online\b"))
        expect(basile_mark).not_to_have_class(re.compile(r"\bpresence--unknown\b"))

        # --- The server stops answering, without a close and without an "offline" event ------
        wait_connected(anouk)
        started = time.monotonic()
        sockets.silence()
        expect_lost_in_time(anouk, strings, started)
        expect(basile_mark).to_have_class(re.compile(r"\bpresence--unknown\b"))
        # The tab gave up on the deaf socket and opened a new one, which works.
        expect_restored_as_good_news(anouk, strings)
        assert len(sockets.open) >= 3, "the tab did not open a new socket"
        expect(basile_mark).to_have_class(re.compile(r"\bpresence--online\b"))
        assert errors == []
    finally:
        server.stop()
        forget_realtime_state(people, (data["room"],))
