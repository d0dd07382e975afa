"""The "notification" frame reaches the recipient's open sockets (docs/realtime.md), and only
theirs, once the mention is stored. Through config.asgi's application, as a browser would."""

import contextlib

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.core.cache import cache
from django.test import Client

from chat import services as chat
from chat.models import Room
from config.asgi import application
from notifications import services
from notifications.models import Notification

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

TIMEOUT = 3
sync = database_sync_to_async


@pytest.fixture(autouse=True)
async def _fresh_realtime_state():
    cache.clear()
    await get_channel_layer().flush()
    yield
    cache.clear()


def _cookie(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


@pytest.fixture
async def open_socket():
    opened = []

    async def open_(user) -> WebsocketCommunicator:
        headers = [(b"cookie", await sync(_cookie)(user)), (b"origin", b"http://localhost")]
        socket = WebsocketCommunicator(application, "/ws/", headers=headers)
        opened.append(socket)
        connected, code = await socket.connect(timeout=TIMEOUT)
        assert connected, code
        assert (await socket.receive_json_from(timeout=TIMEOUT))["type"] == "hello"
        return socket

    yield open_
    for socket in opened:
        with contextlib.suppress(Exception):
            await socket.disconnect()


async def pending(socket) -> list[dict]:
    """Every frame the socket has received and not read yet."""
    frames = []
    while not await socket.receive_nothing(timeout=0.2):
        frames.append(await socket.receive_json_from(timeout=TIMEOUT))
    return frames


async def next_of_type(socket, kind: str) -> dict:
    """The next frame of that type (a room member also gets "activity" frames, for instance)."""
    while True:
        frame = await socket.receive_json_from(timeout=TIMEOUT)
        if frame["type"] == kind:
            return frame


async def test_a_mention_sent_on_the_socket_notifies_the_recipients_tabs(
    open_socket, member, other_member, moderator
):
    room = await sync(chat.room_create)(actor=member, name="Projet", kind=Room.Kind.PRIVATE,
                                        members=[other_member])
    author = await open_socket(member)
    first_tab = await open_socket(other_member)
    second_tab = await open_socket(other_member)
    bystander = await open_socket(moderator)

    await author.send_json_to({"type": "send", "room": room.pk, "client_id": "c1",
                               "body": "Bonjour @Odile Autre, on se voit **jeudi** ?"})
    ack = await next_of_type(author, "ack")

    notification = await sync(Notification.objects.get)(recipient=other_member)
    expected = {
        "type": "notification",
        "unread": 1,
        "notification": {
            "id": notification.pk,
            "kind": "mention",
            "text": "Marc Membre — Bonjour @Odile Autre, on se voit jeudi\u00a0?",  # typeset
            "url": f"/chat/{room.pk}/#m-{ack['seq']}",
            "actor": {"id": member.pk, "name": "Marc Membre"},
            "created": notification.created.isoformat(),
        },
    }
    assert await next_of_type(first_tab, "notification") == expected
    assert await next_of_type(second_tab, "notification") == expected
    # Nothing about it for the author or anyone else.
    for socket in (author, bystander):
        assert "notification" not in {frame["type"] for frame in await pending(socket)}


async def test_the_frame_counts_the_unread_ones(open_socket, member, other_member):
    tab = await open_socket(other_member)
    for n in (1, 2):
        await sync(services.notify)(other_member, Notification.Kind.MENTION, member,
                                    f"Message {n}", "/chat/1/")
        frame = await next_of_type(tab, "notification")
        assert frame["unread"] == n
        assert frame["notification"]["text"] == f"Message {n}"
    await sync(services.mark_all_read)(other_member)
    await sync(services.notify)(other_member, Notification.Kind.MENTION, None, "Encore", "/")
    frame = await next_of_type(tab, "notification")
    assert frame["unread"] == 1 and frame["notification"]["actor"] is None


async def test_an_edit_that_adds_a_mention_notifies_live(open_socket, member, other_member):
    room = await sync(chat.room_create)(actor=member, name="Projet", kind=Room.Kind.PRIVATE,
                                        members=[other_member])
    message = await sync(chat.message_send)(actor=member, room=room, body="Bonjour")
    tab = await open_socket(other_member)
    author = await open_socket(member)
    await author.send_json_to({"type": "edit", "room": room.pk, "id": message.pk,
                               "body": "Bonjour @odile autre"})
    frame = await next_of_type(tab, "notification")
    assert frame["notification"]["url"] == f"/chat/{room.pk}/#m-{message.seq}"
