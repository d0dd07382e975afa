"""An experiment of bench/chat_fanout.py (layer variants ending in ``+nohop``): the platform's
ASGI application, with RealtimeConsumer.dispatch skipping Channels' per-event
``aclose_old_connections()`` for channel-layer events.

Channels (4.2+) runs ``close_old_connections`` in the sync thread before EVERY handler, so each
``chat.message`` event fanned out to N sockets costs N round trips through the single
thread-sensitive executor, the thread that also runs every database call of the consumers.
The consumer's handlers of channel-layer events never touch the database, and every database
call goes through ``database_sync_to_async``, which already closes old connections before and
after. Measuring only: the platform's code is not changed by this module.
"""

from channels.consumer import get_handler_name
from channels.db import aclose_old_connections

from config.asgi import application

__all__ = ["application"]


async def dispatch(self, message):
    handler = getattr(self, get_handler_name(message), None)
    if handler is None:
        raise ValueError(f"No handler for message type {message['type']}")
    if message["type"].startswith("websocket."):
        await aclose_old_connections()
    await handler(message)


def _patch() -> None:
    from chat.consumers import RealtimeConsumer  # once config.asgi has set Django up

    RealtimeConsumer.dispatch = dispatch


_patch()
