"""The /ws/ socket (docs/realtime.md): sending messages. No sleeps: every wait has a timeout."""

import pytest

from chat import services
from chat import sockets as sockets_module
from chat.models import Message, RoomMembership
from tests.chat.inert import assert_inert
from tests.chat.sockets import (
    _fresh_realtime_state,  # noqa: F401  (an autouse fixture)
    assert_error_frame,
    assert_still_open,
    recv,
    send,
    subscribe,
    sync,
)
from tests.factories import MemberFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


# --- Sending --------------------------------------------------------------------------------


async def test_send_acks_publishes_to_subscribers_and_notifies_watchers(
    sockets, member, other_member, rooms
):
    _public, private = rooms
    third = await sync(MemberFactory)()
    await sync(RoomMembership.objects.create)(room=private, user=third)
    sender = await sockets.open(member)
    reader = await sockets.open(other_member)
    watcher = await sockets.open(third)  # connected after joining: watches the room
    await subscribe(sender, private)
    await subscribe(reader, private)

    ack = await send(sender, private, "Réunion **jeudi**", client_id="c1")
    message = await sync(Message.objects.get)(pk=ack["id"])
    assert ack == {"type": "ack", "room": private.pk, "client_id": "c1", "id": message.pk,
                   "seq": 1}
    frame = await recv(reader)
    assert frame["type"] == "message"
    assert frame["id"] == message.pk and frame["seq"] == 1 and frame["room"] == private.pk
    assert frame["author"] == {"id": member.pk, "name": member.display_name}
    assert "<strong>jeudi</strong>" in frame["html"]
    assert frame["edited"] is False and frame["deleted"] is False and frame["reply_to"] is None
    # The sender's own tab gets its message frame too (the client drops it by id).
    assert (await recv(sender))["id"] == message.pk
    assert await recv(watcher) == {"type": "activity", "room": private.pk, "seq": 1}
    for socket in (sender, reader, watcher):
        assert await socket.receive_nothing()


async def test_sequences_increase_within_a_room(sockets, member, rooms):
    public, private = rooms
    socket = await sockets.open(member)
    assert [(await send(socket, public, f"m{i}"))["seq"] for i in range(3)] == [1, 2, 3]
    assert (await send(socket, private))["seq"] == 1


async def test_a_resend_with_the_same_client_id_is_not_stored_twice(sockets, member, rooms):
    public, _private = rooms
    socket = await sockets.open(member)
    first = await send(socket, public, "Une fois", client_id="retry-1")
    again = await send(socket, public, "Une fois", client_id="retry-1")
    assert again["id"] == first["id"] and again["seq"] == first["seq"]
    assert await sync(Message.objects.filter(room=public).count)() == 1


async def test_reply_to_a_message_of_the_same_room(sockets, member, other_member, rooms):
    _public, private = rooms
    socket = await sockets.open(member)
    await subscribe(socket, private)
    quoted = await send(socket, private, "La question")
    await recv(socket)  # its message frame
    await send(socket, private, "La réponse", reply_to=quoted["id"])
    frame = await recv(socket)
    assert frame["reply_to"]["id"] == quoted["id"]
    assert frame["reply_to"]["excerpt"] == "La question"


async def test_reply_to_a_message_of_another_room_is_refused(sockets, member, rooms):
    public, private = rooms
    socket = await sockets.open(member)
    elsewhere = await send(socket, public, "Ailleurs")
    await assert_error_frame(socket, {"type": "send", "room": private.pk, "body": "Hop",
                                "reply_to": elsewhere["id"]}, "invalid_message")
    await assert_error_frame(socket, {"type": "send", "room": private.pk, "body": "Hop",
                                "reply_to": "1"}, "invalid_frame")
    assert await sync(Message.objects.filter(room=private).count)() == 0


async def test_message_length_limit(sockets, member, rooms):
    public, _private = rooms
    socket = await sockets.open(member)
    await assert_error_frame(socket, {"type": "send", "room": public.pk, "body": "a" * 4001},
                       "invalid_message")
    assert (await send(socket, public, "a" * 4000))["seq"] == 1


@pytest.mark.parametrize(("body", "code"), [
    ("", "invalid_message"), ("   \n ", "invalid_message"), (None, "invalid_frame"),
    (42, "invalid_frame"),
])
async def test_empty_or_missing_body_is_refused(sockets, member, rooms, body, code):
    public, _private = rooms
    socket = await sockets.open(member)
    await assert_error_frame(socket, {"type": "send", "room": public.pk, "body": body}, code)
    await assert_still_open(socket)


async def test_markdown_is_sanitised(sockets, member, rooms):
    public, _private = rooms
    socket = await sockets.open(member)
    await subscribe(socket, public)
    payload = ('<script>alert(1)</script> <img src=x onerror="alert(2)"> '
               '[clic](javascript:alert(3)) <a href="javascript:alert(4)">a</a> **gras**')
    await send(socket, public, payload)
    html = (await recv(socket))["html"]
    assert_inert(html)
    assert "&lt;script&gt;" in html  # shown as text, harmless
    assert "<strong>gras</strong>" in html


async def test_a_forged_sender_is_ignored(sockets, member, other_member, rooms):
    public, _private = rooms
    socket = await sockets.open(member)
    ack = await send(socket, public, "C'est moi", author=other_member.pk,
                     user=other_member.pk, author_id=other_member.pk)
    message = await sync(Message.objects.get)(pk=ack["id"])
    assert message.author_id == member.pk


async def test_the_twenty_first_message_in_ten_seconds_is_refused(sockets, member, rooms):
    public, _private = rooms
    socket = await sockets.open(member)
    for i in range(sockets_module.RATE_LIMIT_MESSAGES):
        await send(socket, public, f"n°{i}")
    await assert_error_frame(socket, {"type": "send", "room": public.pk, "body": "de trop"},
                       "rate_limited")
    await assert_still_open(socket)
    assert await sync(Message.objects.filter(room=public).count)() == 20


async def test_sending_in_an_archived_room_is_refused(sockets, moderator, member, rooms):
    public, _private = rooms
    await sync(services.room_archive)(actor=moderator, room=public)
    socket = await sockets.open(member)
    await assert_error_frame(socket, {"type": "send", "room": public.pk, "body": "Encore là ?"},
                       "forbidden_room")
    # Its history can still be read.
    assert (await subscribe(socket, public, after=0))[-1]["type"] == "subscribed"


async def test_sending_in_a_private_room_you_are_not_in_is_refused(sockets, moderator, rooms):
    _public, private = rooms
    socket = await sockets.open(moderator)
    await assert_error_frame(socket, {"type": "send", "room": private.pk, "body": "Coucou"},
                       "forbidden_room")
    assert await sync(Message.objects.filter(room=private).count)() == 0
