"""The /ws/ socket (docs/realtime.md): typing notices and read markers. No sleeps: every wait
has a timeout."""

import pytest

from chat import services
from chat.models import RoomMembership
from tests.chat.sockets import (
    _fresh_realtime_state,  # noqa: F401  (an autouse fixture)
    assert_error_frame,
    assert_still_open,
    recv,
    subscribe,
    sync,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


# --- Typing and read markers ----------------------------------------------------------------


async def test_typing_reaches_other_subscribers_only_and_is_throttled(
    sockets, member, other_member, rooms
):
    _public, private = rooms
    typist = await sockets.open(member)
    reader = await sockets.open(other_member)
    await subscribe(typist, private)
    await subscribe(reader, private)
    await typist.send_json_to({"type": "typing", "room": private.pk})
    assert await recv(reader) == {
        "type": "typing", "room": private.pk,
        "user": {"id": member.pk, "name": member.display_name},
    }
    await typist.send_json_to({"type": "typing", "room": private.pk})
    await assert_still_open(typist)
    assert await reader.receive_nothing()  # throttled
    assert await typist.receive_nothing()  # never echoed


async def test_read_markers_move_forward_only(sockets, member, other_member, rooms):
    _public, private = rooms
    for i in range(5):
        await sync(services.message_send)(actor=member, room=private, body=f"m{i}")

    async def marker():
        membership = await sync(RoomMembership.objects.get)(room=private, user=other_member)
        return membership.last_read_seq

    socket = await sockets.open(other_member)
    other_tab = await sockets.open(other_member)
    before = 0
    for seq, expected in [(3, 3), (1, 3), (99, 5), (0, 5)]:
        await socket.send_json_to({"type": "read", "room": private.pk, "seq": seq})
        if expected > before:  # it moved: every tab of the reader hears of it, once stored
            for tab in (socket, other_tab):
                assert await recv(tab) == {"type": "read", "room": private.pk, "seq": expected}
        await assert_still_open(socket)
        assert await marker() == expected
        before = expected
    for tab in (socket, other_tab):
        assert await tab.receive_nothing()
    await assert_error_frame(socket, {"type": "read", "room": private.pk, "seq": "4"},
                             "invalid_frame")
