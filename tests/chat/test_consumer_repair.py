"""The live stream repairs itself (docs/realtime.md, "Gaps"): a publish that fails after the
commit fails nothing, a tab asks for the ``replay`` of a gap, and the ``pong`` says where each
subscribed room stands so that a lost last message shows too. No sleeps."""

import logging
from unittest import mock

import pytest
from channels.layers import get_channel_layer
from django.urls import reverse

from chat import consumers, selectors, services, streams
from chat.models import Message
from tests.chat.helpers import _say
from tests.chat.sockets import (
    _fresh_realtime_state,  # noqa: F401  (an autouse fixture)
    assert_error_frame,
    recv,
    subscribe,
    sync,
)
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


class LayerDown(ConnectionError):
    pass


def _layer_down():
    """The channel layer refuses every publish, as channels_redis does while Redis is down."""
    # On the instance: Redis's pub/sub layer has no group_send of its own (it hands every call
    # to a per-event-loop helper), the in-memory layer has one on its class.
    return mock.patch.object(get_channel_layer(), "group_send",
                             side_effect=LayerDown("Connection refused"))


async def _replay(socket, room, after) -> list[dict]:
    await socket.send_json_to({"type": "replay", "room": room.pk, "after": after})
    frames = []
    while True:
        frame = await recv(socket)
        frames.append(frame)
        if frame["type"] in ("replayed", "reload", "error"):
            return frames


# --- Publishing is best-effort after the commit -----------------------------------------------


async def test_a_message_sent_while_the_layer_is_down_is_stored_and_answered(
        member, public, caplog):
    client = await sync(client_for)(member)
    with _layer_down(), caplog.at_level(logging.WARNING, logger="chat.realtime"):
        response = await sync(client.post)(reverse("chat:send", args=[public.pk]),
                                           {"body": "Pendant la panne"})
    assert response.status_code == 302
    assert await sync(Message.objects.filter(room=public, body="Pendant la panne").count)() == 1
    assert any("Not published" in record.getMessage() and record.levelno == logging.WARNING
               for record in caplog.records)


async def test_every_publisher_survives_a_layer_down(member, other_member, public, caplog):
    """The user group's frames and the closing of a suspended member's sockets too."""
    from community.services.membership import member_suspend

    with _layer_down(), caplog.at_level(logging.WARNING, logger="chat.realtime"):
        await sync(services.room_join)(actor=member, room=public)
        await sync(services.message_send)(actor=member, room=public, body="Bonjour")
        await sync(services.room_mark_read)(actor=member, room=public, seq=1)
        await sync(member_suspend)(actor=await sync(_moderator)(), member=other_member,
                                   reason="Essai")
    warnings = " ".join(r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    for group in (f"user.{member.pk}", public.group_name, f"user.{other_member.pk}"):
        assert f"Not published to {group} " in warnings


def _moderator():
    from tests.factories import ModeratorFactory
    return ModeratorFactory()


async def test_a_suspension_whose_close_was_lost_closes_on_a_ping(
        sockets, other_member, public, monkeypatch):
    """Pings read the membership again every PING_MEMBER_CHECK_SECONDS (here: at once)."""
    from community.services.membership import member_suspend

    monkeypatch.setattr(consumers, "PING_MEMBER_CHECK_SECONDS", 0)
    socket = await sockets.open(other_member)
    with _layer_down():
        await sync(member_suspend)(actor=await sync(_moderator)(), member=other_member,
                                   reason="Essai")
    await socket.send_json_to({"type": "ping"})
    closed = await socket.receive_output(timeout=3)
    assert closed == {"type": "websocket.close", "code": consumers.CLOSE_FORBIDDEN}


async def test_pings_read_the_membership_only_every_few_seconds(sockets, member):
    from chat.consumer_access import FrameAccess

    socket = await sockets.open(member)
    with mock.patch.object(FrameAccess, "_still_member", new_callable=mock.AsyncMock,
                           return_value=True) as still_member:
        for _ in range(3):
            await socket.send_json_to({"type": "ping"})
            assert (await recv(socket))["type"] == "pong"
    assert still_member.call_count == 0  # within PING_MEMBER_CHECK_SECONDS of the connection


async def test_a_logout_whose_close_was_lost_closes_on_a_ping(sockets, member, monkeypatch):
    monkeypatch.setattr(consumers, "SESSION_CHECK_SECONDS", 0)
    socket = await sockets.open(member)
    from django.contrib.sessions.models import Session
    await sync(Session.objects.all().delete)()
    await socket.send_json_to({"type": "ping"})
    closed = await socket.receive_output(timeout=3)
    assert closed == {"type": "websocket.close", "code": consumers.CLOSE_UNAUTHORISED}


# --- replay: a gap repaired ----------------------------------------------------------------


async def test_replay_sends_the_missing_range_then_replayed(sockets, member, public):
    socket = await sockets.open(member)
    await subscribe(socket, public)
    with _layer_down():
        lost = await sync(_say)(public, member, 3)
    frames = await _replay(socket, public, 0)
    assert [f["id"] for f in frames[:-1]] == [m.pk for m in lost]
    assert [f["seq"] for f in frames[:-1]] == [1, 2, 3]
    assert frames[-1] == {"type": "replayed", "room": public.pk, "last_seq": 3}
    # From the middle: only what comes after.
    frames = await _replay(socket, public, 2)
    assert [f.get("seq", f.get("last_seq")) for f in frames] == [3, 3]
    assert frames[-1]["type"] == "replayed"


async def test_live_copies_of_replayed_messages_are_dropped(sockets, member, public):
    """The replay went first: a late live copy of a replayed message is not sent twice."""
    socket = await sockets.open(member)
    await subscribe(socket, public)
    with _layer_down():
        [message] = await sync(_say)(public, member, 1)
    await _replay(socket, public, 0)
    frame = await sync(_frame_of)(message)
    await get_channel_layer().group_send(public.group_name, {"type": "chat.message",
                                                             "frame": frame})
    [newer] = await sync(_say)(public, member, 1, prefix="Après")
    received = await recv(socket)
    assert received["id"] == newer.pk  # the late copy of the first one was dropped


def _frame_of(message):
    from chat.serializers import message_frame
    return message_frame(message)


async def test_replay_needs_a_subscription_and_the_right_to_see(
        sockets, member, public, private_room):
    socket = await sockets.open(member)
    await assert_error_frame(socket, {"type": "replay", "room": public.pk, "after": 0},
                             "not_subscribed")
    await assert_error_frame(socket, {"type": "replay", "room": private_room.pk, "after": 0},
                             "forbidden_room")
    await subscribe(socket, public)
    for after in (-1, "3", None, True):
        await assert_error_frame(socket, {"type": "replay", "room": public.pk, "after": after},
                                 "invalid_frame")


async def test_replay_past_the_limit_asks_for_a_reload(sockets, member, public, monkeypatch):
    monkeypatch.setattr(selectors, "REPLAY_LIMIT", 2)
    socket = await sockets.open(member)
    await subscribe(socket, public)
    with _layer_down():
        await sync(_say)(public, member, 3)
    frames = await _replay(socket, public, 0)
    assert frames == [{"type": "reload", "room": public.pk, "last_seq": 3}]
    # No longer subscribed: the tab reloads.
    await assert_error_frame(socket, {"type": "replay", "room": public.pk, "after": 0},
                             "not_subscribed")


# --- pong: where each room stands, to see a lost last message -------------------------------


async def test_pong_tells_the_last_seq_of_each_subscribed_room(
        sockets, member, public, monkeypatch):
    monkeypatch.setattr(streams, "REFRESH_SECONDS", 0)
    socket = await sockets.open(member)
    await socket.send_json_to({"type": "ping"})
    assert await recv(socket) == {"type": "pong"}  # nothing subscribed: nothing to say
    await subscribe(socket, public)
    with _layer_down():
        await sync(_say)(public, member, 2)  # the end of a burst, lost on the way
    await socket.send_json_to({"type": "ping"})
    assert await recv(socket) == {"type": "pong", "rooms": {str(public.pk): 2}}


async def test_pong_reads_the_database_at_most_every_refresh(sockets, member, public):
    socket = await sockets.open(member)
    await subscribe(socket, public)
    with mock.patch.object(streams, "_read", wraps=streams._read) as read:
        for _ in range(5):
            await socket.send_json_to({"type": "ping"})
            assert (await recv(socket))["rooms"] == {str(public.pk): 0}
    assert read.call_count == 1


async def test_live_messages_move_the_known_seq(sockets, member, public):
    socket = await sockets.open(member)
    await subscribe(socket, public)
    await socket.send_json_to({"type": "ping"})
    await recv(socket)
    await sync(_say)(public, member, 1)
    assert (await recv(socket))["type"] == "message"
    await socket.send_json_to({"type": "ping"})
    assert (await recv(socket))["rooms"] == {str(public.pk): 1}
