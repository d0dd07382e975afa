"""Messages written over the /ws/ socket reach the chat search: sent, edited and deleted
frames go through the same services, whose index update follows their commit. No sleeps: the
ack comes after the commit, and the immediate task backend flushes the index on commit."""

import pytest

from chat.search_indexes import MESSAGES_INDEX
from search.models import PendingUpdate
from search.query import search_index
from tests.chat.sockets import (
    _fresh_realtime_state,  # noqa: F401  (an autouse fixture)
    recv,
    send,
    sync,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


async def acked(socket) -> dict:
    """The next ``ack``, past any ``activity`` frame about the room (each read has a timeout)."""
    while (frame := await recv(socket))["type"] == "activity":
        pass
    assert frame["type"] == "ack", frame
    return frame


def found(user, query: str) -> list[int]:
    return [int(hit.id) for hit in search_index(MESSAGES_INDEX, user=user, query=query).hits]


async def test_sent_edited_and_deleted_over_the_socket_reach_the_index(sockets, member,
                                                                        other_member, rooms):
    _public, private = rooms
    socket = await sockets.open(member)
    sent = await send(socket, private, "Visite de la ressourcerie mardi")
    assert await sync(found)(other_member, "ressourcerie") == [sent["id"]]

    await socket.send_json_to({"type": "edit", "room": private.pk, "id": sent["id"],
                               "body": "Visite de la recyclerie mardi"})
    await acked(socket)
    assert await sync(found)(other_member, "ressourcerie") == []
    assert await sync(found)(other_member, "recyclerie") == [sent["id"]]

    await socket.send_json_to({"type": "delete", "room": private.pk, "id": sent["id"]})
    await acked(socket)
    assert await sync(found)(other_member, "recyclerie") == []
    assert not await sync(PendingUpdate.objects.exists)()
