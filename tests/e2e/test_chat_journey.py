"""The chat, live (DESIGN.md §5, docs/realtime.md): two members in two browser contexts talk
through the real ASGI application, and the conversation resumes by itself after a restart.

The platform runs for real: Daphne serves ``config.asgi:application`` in a subprocess that
shares the test database (tests/e2e/live.py), with Redis when ``REDIS_URL`` is set.
"""

import re

import pytest
from django.conf import settings
from django.db import connections
from playwright.sync_api import Page, expect

from chat import services
from chat.models import Message, Room
from community.models import User
from tests.e2e.conftest import axe_check
from tests.e2e.live import (
    ANOUK,
    BASILE,
    RECONNECT_MS,
    Daphne,
    collect_errors,
    forget_realtime_state,
    log_in,
    use_cheap_passwords,
    wait_connected,
)
from tests.factories import MemberFactory, ModeratorFactory

pytestmark = pytest.mark.e2e

ROOM_NAME = "Tiers-lieux en Bretagne"
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


# --- Data, written from the worker thread -------------------------------------------------------


def create_people_and_room() -> dict:
    """A moderator's public room that Anouk and Basile joined, with a welcome message."""
    moderator = ModeratorFactory(first_name="Claire", last_name="Animatrice")
    anouk = MemberFactory(**ANOUK)
    basile = MemberFactory(**BASILE)
    use_cheap_passwords(anouk, basile)  # Daphne runs the real password hashers
    room = services.room_create(actor=moderator, name=ROOM_NAME,
                                topic="Rencontres et retours d'expérience")
    services.room_join(actor=anouk, room=room)
    services.room_join(actor=basile, room=room)
    welcome = services.message_send(actor=moderator, room=room, body=WELCOME)
    return {"room": room.pk, "path": room.get_absolute_url(), "welcome": welcome.pk,
            "anouk": anouk.pk, "basile": basile.pk}


def send_as(user_id: int, room_id: int, body: str) -> int:
    message = services.message_send(actor=User.objects.get(pk=user_id),
                                    room=Room.objects.get(pk=room_id), body=body)
    return message.pk


def stored_ids(room_id: int, body: str) -> list[int]:
    return list(Message.objects.filter(room_id=room_id, body=body).values_list("pk", flat=True))


# --- In the browser -----------------------------------------------------------------------------


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
    people, rooms = (data["anouk"], data["basile"]), (data["room"],)
    forget_realtime_state(people, rooms)
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
            collect_errors(page, name, errors, expected=EXPECTED_CONSOLE_ERROR)
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
        forget_realtime_state(people, rooms)
