"""The socket's ``delete`` frame (chat/consumers.py) from a moderator, in a public room: it
calls ``services.message_delete`` without a reason, and that is moderation too."""

import pytest
from channels.db import database_sync_to_async

from chat import services
from moderation.models import AuditEntry
from tests.chat.sockets import (  # noqa: F401  (fixtures)
    _fresh_realtime_state,
    recv,
    sockets,
    subscribe,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

sync = database_sync_to_async


async def test_a_moderator_deletes_over_the_socket(sockets, member, moderator):  # noqa: F811
    room = await sync(services.room_create)(actor=moderator, name="Agora")
    message = await sync(services.message_send)(actor=member, room=room, body="Spam")
    socket = await sockets.open(moderator)
    await subscribe(socket, room)
    await socket.send_json_to({"type": "delete", "room": room.pk, "id": message.pk})
    received = [await recv(socket), await recv(socket)]
    assert {frame["type"] for frame in received} == {"ack", "message"}
    frame = next(frame for frame in received if frame["type"] == "message")
    assert frame["id"] == message.pk and frame["deleted"] is True
    entry = await sync(AuditEntry.objects.get)()
    assert entry.action == AuditEntry.Action.MESSAGE_DELETED and entry.reason == ""
    assert entry.actor_id == moderator.pk
