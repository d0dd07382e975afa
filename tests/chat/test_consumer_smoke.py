import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from chat.services import room_create
from config.asgi import application

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def _session_headers(user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"].value
    return [(b"cookie", f"sessionid={cookie}".encode()), (b"origin", b"http://localhost")]


async def test_send_and_receive(member, moderator, other_member):
    room = await database_sync_to_async(room_create)(actor=moderator, name="Tiers-lieux")
    headers_a = await database_sync_to_async(_session_headers)(member)
    headers_b = await database_sync_to_async(_session_headers)(other_member)
    alice = WebsocketCommunicator(application, "/ws/", headers=headers_a)
    bob = WebsocketCommunicator(application, "/ws/", headers=headers_b)
    assert (await alice.connect())[0]
    assert (await bob.connect())[0]
    assert (await alice.receive_json_from())["type"] == "hello"
    assert (await bob.receive_json_from())["type"] == "hello"
    await bob.send_json_to({"type": "subscribe", "room": room.pk, "after": 0})
    assert (await bob.receive_json_from())["type"] == "subscribed"
    await alice.send_json_to({"type": "send", "room": room.pk, "body": "Bonjour **à tous**",
                              "client_id": "c1"})
    ack = await alice.receive_json_from()
    assert ack["type"] == "ack" and ack["seq"] == 1
    frame = await bob.receive_json_from()
    assert frame["type"] == "message" and "<strong>à tous</strong>" in frame["html"]
    await alice.disconnect()
    await bob.disconnect()


async def test_logout_closes_the_sockets_of_every_tab(member):
    headers = await database_sync_to_async(_session_headers)(member)
    tab = WebsocketCommunicator(application, "/ws/", headers=headers)
    assert (await tab.connect())[0]
    assert (await tab.receive_json_from())["type"] == "hello"
    client = Client()
    await database_sync_to_async(client.force_login)(member)
    await database_sync_to_async(client.post)("/comptes/logout/")
    assert (await tab.receive_output(timeout=2))["code"] == 4403
