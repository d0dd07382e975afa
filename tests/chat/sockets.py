"""Helpers and fixtures of the /ws/ socket tests (test_consumer_*.py, and the other socket
tests of this package): sockets opened as someone, frames read with a timeout, errors expected.
No sleeps: every wait has a timeout."""

import asyncio
import contextlib
import json

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from redis.asyncio import Redis

from chat import streams
from config.asgi import application

TIMEOUT = 3
sync = database_sync_to_async


@pytest.fixture(autouse=True)
async def _fresh_realtime_state():
    """Rate limits, socket counters and throttles live in the cache; groups in the layer."""
    cache.clear()
    streams.room_seqs.forget()
    await get_channel_layer().flush()
    yield
    cache.clear()


def _headers(user, *, origin: bytes | None = b"http://localhost", language: str | None = None):
    cookies = []
    if user is not None:
        client = Client()
        client.force_login(user)
        cookies.append(f"sessionid={client.cookies['sessionid'].value}")
    if language:
        cookies.append(f"django_language={language}")
    headers = []
    if cookies:
        headers.append((b"cookie", "; ".join(cookies).encode()))
    if origin is not None:
        headers.append((b"origin", origin))
    return headers


@pytest.fixture
async def sockets():
    """``await sockets.open(user)``: a connected socket whose hello frame was read."""

    class Sockets:
        def __init__(self):
            self.opened: list[WebsocketCommunicator] = []

        async def attempt(self, user, **kwargs):
            """``(socket, connected, close code)``: a refusal is accepted, then closed with
            its code (docs/realtime.md); a refused handshake (the Origin) has no code."""
            headers = await sync(_headers)(user, **kwargs)
            socket = WebsocketCommunicator(application, "/ws/", headers=headers)
            self.opened.append(socket)
            connected, code = await socket.connect(timeout=TIMEOUT)
            if connected:
                first = await socket.receive_output(timeout=TIMEOUT)
                if first["type"] == "websocket.close":
                    return socket, False, first.get("code")
                socket.first_output = first
            return socket, connected, code

        async def open(self, user, **kwargs) -> WebsocketCommunicator:
            socket, connected, code = await self.attempt(user, **kwargs)
            assert connected, code
            assert json.loads(socket.first_output["text"]) == {"type": "hello", "user": user.pk}
            return socket

    helper = Sockets()
    yield helper
    for socket in helper.opened:
        # Already closed by the server, or never connected: nothing to do.
        with contextlib.suppress(Exception):
            await socket.disconnect()


async def recv(socket) -> dict:
    return await socket.receive_json_from(timeout=TIMEOUT)


async def subscribe(socket, room, after=None) -> list[dict]:
    """Subscribe and return the replayed frames (the "subscribed" frame is checked)."""
    frame = {"type": "subscribe", "room": room.pk}
    if after is not None:
        frame["after"] = after
    await socket.send_json_to(frame)
    replayed = []
    while True:
        received = await recv(socket)
        if received["type"] in ("subscribed", "reload"):
            replayed.append(received)
            return replayed
        replayed.append(received)


async def assert_error_frame(socket, frame, code: str) -> dict:
    if isinstance(frame, dict):
        await socket.send_json_to(frame)
    else:
        await socket.send_to(text_data=frame)
    received = await recv(socket)
    assert received["type"] == "error", received
    assert received["code"] == code, received
    assert received["message"]
    return received


async def watched(room) -> None:
    """Wait until some socket watches the room: the "joined" event is handled in its own time
    (with Redis pub/sub, the subscription can complete after a later ping's pong)."""
    layer = get_channel_layer()
    redis = Redis.from_url(settings.REDIS_URL) if settings.REDIS_URL else None
    try:
        async with asyncio.timeout(TIMEOUT):
            while True:
                if redis is not None:
                    channel = f"catalyse__group__{room.group_name}"
                    [(_, subscribers)] = await redis.pubsub_numsub(channel)
                    if subscribers:
                        return
                elif room.group_name in getattr(layer, "groups", {}):
                    return
                await asyncio.sleep(0.01)
    finally:
        if redis is not None:
            await redis.aclose()


async def assert_still_open(socket) -> None:
    await socket.send_json_to({"type": "ping"})
    assert (await recv(socket))["type"] == "pong"


async def send(socket, room, body="Bonjour", **extra) -> dict:
    await socket.send_json_to({"type": "send", "room": room.pk, "body": body, **extra})
    ack = await recv(socket)
    assert ack["type"] == "ack", ack
    return ack
