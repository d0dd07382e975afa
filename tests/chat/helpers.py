"""Helpers of the chat tests: messages in bulk, room members, and a listener on the
in-memory channel layer to see what the services publish."""

import asyncio

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from chat import services


@pytest.fixture(autouse=True)
def in_memory_layer(settings):
    """The Listener below reads the layer from several event loops (one per `async_to_sync`
    call), which only the in-memory layer allows; what is published does not depend on it."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def _say(room, author, count, prefix="Message"):
    return [services.message_send(actor=author, room=room, body=f"{prefix} {n}")
            for n in range(1, count + 1)]


def members_of(room):
    return set(room.memberships.values_list("user_id", flat=True))


class Listener:
    """A channel on the in-memory layer that joined some groups, to see what was published."""

    def __init__(self, *groups):
        self.layer = get_channel_layer()
        async_to_sync(self.layer.flush)()
        self.channel = async_to_sync(self.layer.new_channel)()
        for group in groups:
            async_to_sync(self.layer.group_add)(group, self.channel)

    def events(self) -> list[dict]:
        received = []
        while True:
            try:
                received.append(async_to_sync(self._receive_now)())
            except TimeoutError:
                return received

    async def _receive_now(self):
        return await asyncio.wait_for(self.layer.receive(self.channel), timeout=0.05)
