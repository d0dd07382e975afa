"""The /ws/ socket (docs/realtime.md): every frame is authorised again, so leaving a room,
being invited or being suspended shows at once. No sleeps: every wait has a timeout."""

import json

import pytest

from chat import consumers, services
from community.models import UserStatus
from community.services.membership import member_suspend
from tests.chat.sockets import (
    TIMEOUT,
    _fresh_realtime_state,  # noqa: F401  (an autouse fixture)
    assert_error_frame,
    recv,
    send,
    subscribe,
    sync,
    watched,
)
from tests.factories import MemberFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


# --- Authorised again on every frame ---------------------------------------------------------


async def test_removed_from_a_private_room(sockets, member, other_member, rooms):
    _public, private = rooms
    author = await sockets.open(member)
    leaver = await sockets.open(other_member)
    await subscribe(leaver, private)
    await sync(services.room_leave)(actor=other_member, room=private)
    assert await recv(leaver) == {"type": "left", "room": private.pk}
    await assert_error_frame(leaver, {"type": "send", "room": private.pk, "body": "Encore moi"},
                       "forbidden_room")
    await assert_error_frame(leaver, {"type": "subscribe", "room": private.pk, "after": 0},
                       "forbidden_room")
    await send(author, private, "Entre nous")
    assert await leaver.receive_nothing()  # neither the message nor any activity


async def test_removed_by_the_creator_of_a_private_room(sockets, member, other_member, rooms):
    _public, private = rooms
    removed = await sockets.open(other_member)
    await subscribe(removed, private)
    await sync(services.room_remove_member)(actor=member, room=private, member=other_member)
    assert await recv(removed) == {"type": "left", "room": private.pk}
    await assert_error_frame(removed, {"type": "subscribe", "room": private.pk, "after": 0},
                       "forbidden_room")


async def test_an_invited_member_watches_the_room_at_once(sockets, member, rooms):
    _public, private = rooms
    newcomer = await sync(MemberFactory)()
    socket = await sockets.open(newcomer)
    await sync(services.room_invite)(actor=member, room=private, members=[newcomer])
    notification = await recv(socket)
    assert notification["type"] == "notification"
    assert notification["notification"]["kind"] == "room_invitation"
    await watched(private)
    await sync(services.message_send)(actor=member, room=private, body="Bienvenue !")
    assert await recv(socket) == {"type": "activity", "room": private.pk, "seq": 1}


async def test_a_new_conversation_is_watched_at_once(sockets, member, other_member):
    socket = await sockets.open(other_member)
    room = await sync(services.direct_room)(actor=member, others=[other_member])
    await watched(room)
    await sync(services.message_send)(actor=member, room=room, body="Tu as un moment ?")
    assert await recv(socket) == {"type": "activity", "room": room.pk, "seq": 1}


async def test_suspension_closes_the_sockets(sockets, moderator, member):
    first = await sockets.open(member)
    second = await sockets.open(member)
    await sync(member_suspend)(actor=moderator, member=member, reason="Propos injurieux")
    for socket in (first, second):
        closed = await socket.receive_output(timeout=TIMEOUT)
        assert closed == {"type": "websocket.close", "code": consumers.CLOSE_FORBIDDEN}


async def test_a_member_no_longer_allowed_is_closed_on_the_next_frame(sockets, member, rooms):
    socket = await sockets.open(member)

    def suspend_behind_the_services_back():
        type(member).objects.filter(pk=member.pk).update(status=UserStatus.SUSPENDED)

    await sync(suspend_behind_the_services_back)()
    # Any frame but a ping (which reads it again every few seconds: test_consumer_repair.py).
    await socket.send_to(text_data=json.dumps({"type": "presence", "users": []}))
    closed = await socket.receive_output(timeout=TIMEOUT)
    assert closed == {"type": "websocket.close", "code": consumers.CLOSE_FORBIDDEN}
