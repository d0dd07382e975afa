"""Closing an account closes its open sockets at once, in every tab, whichever way it is
closed; and a socket cannot be opened with the old session afterwards (channels.testing, no
sleeps: every wait has a timeout)."""

import pytest

from chat import consumers, services
from privacy.closure.services import account_close
from tests.chat.sockets import (
    TIMEOUT,
    _fresh_realtime_state,  # noqa: F401  (an autouse fixture)
    sockets,  # noqa: F401  (a fixture)
    subscribe,
    sync,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


async def _closed_with(socket) -> int:
    """Frames sent before the close (the rooms the member leaves) are read past."""
    while True:
        output = await socket.receive_output(timeout=TIMEOUT)
        if output["type"] == "websocket.close":
            return output["code"]


@pytest.mark.parametrize("mode", ["anonymise", "delete"])
async def test_closing_ones_account_closes_every_socket(sockets, moderator, member,  # noqa: F811
                                                        mode):
    room = await sync(services.room_create)(actor=moderator, name="Tiers-lieux")
    await sync(services.room_join)(actor=member, room=room)
    first = await sockets.open(member)
    second = await sockets.open(member)
    await subscribe(first, room)
    await sync(account_close)(actor=member, member=member, mode=mode)
    for socket in (first, second):
        assert await _closed_with(socket) == consumers.CLOSE_FORBIDDEN


async def test_a_moderators_closing_closes_the_members_sockets(sockets, moderator,  # noqa: F811
                                                               member):
    socket = await sockets.open(member)
    watcher = await sockets.open(moderator)
    await sync(account_close)(actor=moderator, member=member, reason="Demande du membre")
    assert await _closed_with(socket) == consumers.CLOSE_FORBIDDEN
    await watcher.send_json_to({"type": "ping"})
    assert (await watcher.receive_json_from(timeout=TIMEOUT))["type"] == "pong"


async def test_no_socket_opens_for_a_closed_account(sockets, member):  # noqa: F811
    await sync(account_close)(actor=member, member=member)
    await sync(member.refresh_from_db)()
    _socket, connected, code = await sockets.attempt(member)
    assert not connected
    assert code in (consumers.CLOSE_UNAUTHORISED, consumers.CLOSE_FORBIDDEN)
