"""The /ws/ socket (docs/realtime.md): subscribing to a room, and the replay after a
reconnect. No sleeps: every wait has a timeout."""

import pytest
from channels.layers import get_channel_layer
from django.utils import timezone

from chat import selectors, services
from chat.models import Message, Room
from chat.serializers import message_frame
from tests.chat.sockets import (
    _fresh_realtime_state,  # noqa: F401  (an autouse fixture)
    assert_error_frame,
    assert_still_open,
    recv,
    send,
    subscribe,
    sync,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


# --- Subscribing ----------------------------------------------------------------------------


async def test_subscribe_to_a_public_room(sockets, member, rooms):
    public, _private = rooms
    socket = await sockets.open(member)
    assert await subscribe(socket, public) == [
        {"type": "subscribed", "room": public.pk, "last_seq": 0}
    ]


async def test_subscribe_to_a_private_room_you_are_in(sockets, other_member, rooms):
    _public, private = rooms
    socket = await sockets.open(other_member)
    assert (await subscribe(socket, private))[-1]["type"] == "subscribed"


async def test_subscribe_to_a_private_room_you_are_not_in(sockets, moderator, rooms):
    _public, private = rooms
    socket = await sockets.open(moderator)
    await assert_error_frame(socket, {"type": "subscribe", "room": private.pk}, "forbidden_room")
    await assert_still_open(socket)


async def test_subscribe_to_a_room_that_does_not_exist(sockets, member):
    socket = await sockets.open(member)
    await assert_error_frame(socket, {"type": "subscribe", "room": 987_654}, "forbidden_room")
    await assert_still_open(socket)


@pytest.mark.parametrize("room", ["1", True, None, 1.0, [1]])
async def test_subscribe_needs_a_room_number(sockets, member, rooms, room):
    socket = await sockets.open(member)
    await assert_error_frame(socket, {"type": "subscribe", "room": room}, "invalid_frame")
    await assert_still_open(socket)


@pytest.mark.parametrize("after", ["3", -1, True, 2.5])
async def test_subscribe_after_must_be_a_sequence_number(sockets, member, rooms, after):
    public, _private = rooms
    socket = await sockets.open(member)
    await assert_error_frame(socket, {"type": "subscribe", "room": public.pk, "after": after},
                       "invalid_frame")


async def test_unsubscribed_public_room_sends_nothing_more(sockets, member, moderator, rooms):
    public, _private = rooms
    watcher = await sockets.open(member)
    author = await sockets.open(moderator)
    await subscribe(watcher, public)
    await watcher.send_json_to({"type": "unsubscribe", "room": public.pk})
    await assert_still_open(watcher)
    await send(author, public)
    # Not a member of the public room: not even an "activity" frame.
    assert await watcher.receive_nothing()


# --- Replay ----------------------------------------------------------------------------------


async def _post(author, room, count, start=0):
    for i in range(start, start + count):
        await sync(services.message_send)(actor=author, room=room, body=f"message {i + 1}")


async def test_subscribe_after_replays_exactly_what_follows(sockets, member, other_member, rooms):
    _public, private = rooms
    await _post(member, private, 5)
    socket = await sockets.open(other_member)
    frames = await subscribe(socket, private, after=2)
    assert [f["seq"] for f in frames[:-1]] == [3, 4, 5]
    assert all(f["type"] == "message" for f in frames[:-1])
    assert frames[-1] == {"type": "subscribed", "room": private.pk, "last_seq": 5}
    assert (await subscribe(socket, private, after=5)) == [frames[-1]]


async def test_reconnect_resumes_with_no_gap_and_no_duplicate(
    sockets, member, other_member, rooms
):
    _public, private = rooms
    author = await sockets.open(member)
    reader = await sockets.open(other_member)
    await subscribe(reader, private, after=0)
    for i in range(2):
        await send(author, private, f"avant {i}")
    seen = [(await recv(reader))["seq"] for _ in range(2)]
    assert seen == [1, 2]
    await reader.disconnect()  # the train enters a tunnel

    for i in range(3):
        await send(author, private, f"pendant {i}")

    reader = await sockets.open(other_member)
    frames = await subscribe(reader, private, after=seen[-1])
    assert [f["seq"] for f in frames[:-1]] == [3, 4, 5]
    assert frames[-1]["last_seq"] == 5
    await send(author, private, "après")
    assert (await recv(reader))["seq"] == 6
    assert await reader.receive_nothing()


async def test_live_copies_of_replayed_messages_are_dropped(sockets, member, other_member, rooms):
    """A message committed between joining the live group and reading the database is both
    replayed and published: the socket sends it once."""
    _public, private = rooms
    await _post(member, private, 3)
    socket = await sockets.open(other_member)
    frames = await subscribe(socket, private, after=1)
    assert [f["seq"] for f in frames[:-1]] == [2, 3]
    replayed = await sync(Message.objects.select_related("author").get)(room=private, seq=3)
    frame = await sync(message_frame)(replayed)
    await get_channel_layer().group_send(private.group_name,
                                         {"type": "chat.message", "frame": frame})
    assert await socket.receive_nothing()
    # An edit of a replayed message does come through.
    await get_channel_layer().group_send(private.group_name,
                                         {"type": "chat.message", "frame": frame, "update": True})
    assert (await recv(socket))["id"] == replayed.pk


async def test_past_the_replay_limit_the_client_is_told_to_reload(sockets, member, rooms):
    public, _private = rooms
    total = selectors.REPLAY_LIMIT + 1

    def fill():
        Message.objects.bulk_create([
            Message(room=public, seq=i, author=member, body=f"m{i}", html=f"<p>m{i}</p>")
            for i in range(1, total + 1)
        ])
        Room.objects.filter(pk=public.pk).update(last_seq=total, last_message_at=timezone.now())

    await sync(fill)()
    socket = await sockets.open(member)
    assert await subscribe(socket, public, after=0) == [
        {"type": "reload", "room": public.pk, "last_seq": total}
    ]
    # Just within the limit: all of it, in order.
    frames = await subscribe(socket, public, after=1)
    assert [f["seq"] for f in frames[:-1]] == list(range(2, total + 1))
    assert frames[-1]["last_seq"] == total
