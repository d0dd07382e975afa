"""The experiment of bench/chat_fanout.py (layer variants ending in ``+hop``): the platform's
ASGI application with Channels' own ``AsyncConsumer.dispatch`` put back on RealtimeConsumer.

Channels (4.2+) runs ``close_old_connections`` in the sync thread before EVERY handler, so each
``chat.message`` event fanned out to N sockets costs N round trips through the single
thread-sensitive executor, the thread that also runs every database call of the consumers.
``RealtimeConsumer.dispatch`` (chat/consumers.py) skips that hop for channel-layer events; this
module restores it, so that the benchmark can show what the override saves. Measuring only:
the platform's code is not changed by this module.
"""

from channels.consumer import AsyncConsumer

from config.asgi import application

__all__ = ["application"]


def _patch() -> None:
    from chat.consumers import RealtimeConsumer  # once config.asgi has set Django up

    RealtimeConsumer.dispatch = AsyncConsumer.dispatch


_patch()
