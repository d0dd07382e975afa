"""Publishing to sockets through the channel layer, always after the database has committed.

Publishing is best-effort: the channel layer (Redis) is at-most-once and may be down, while
the database is the truth. A write that committed has succeeded, whatever becomes of its
announcement: a failed publish is logged as a warning and never fails the request. The tabs
repair what they missed from the database (docs/realtime.md, "Gaps"): a gap in a room's
``seq``, or the room's last ``seq`` in a ``pong``, makes them ask for a ``replay``.
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def publish(group: str, event: dict) -> bool:
    """Send an event to a group now; False (and a warning) when the layer refused it."""
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        async_to_sync(layer.group_send)(group, event)
    except Exception as error:  # redis errors, OSError, a closed loop...
        logger.warning("Not published to %s (%s: %s): the tabs will catch up from the "
                       "database", group, type(error).__name__, error)
        return False
    return True


def publish_on_commit(group: str, event: dict) -> None:
    """Persist, then publish: nothing is announced for a write that rolled back, and a
    publish that fails after the commit does not fail the write (see the module's doc)."""
    transaction.on_commit(lambda: publish(group, event))


def send_to_user_on_commit(user_id: int, frame: dict) -> None:
    """Send a frame built by any app (a notification, a count) to every open tab of a user.

    The frame must be JSON-serialisable and have a ``type`` the browser knows
    (static/js/realtime.js hands unknown types to whoever listens for them).
    """
    publish_on_commit(user_group(user_id), {"type": "realtime.frame", "frame": frame})


def send_to_group_on_commit(group: str, frame: dict) -> None:
    """Send a frame to every tab that follows a topic's group (chat/topics.py)."""
    publish_on_commit(group, {"type": "realtime.frame", "frame": frame})


def close_user_sockets(user_id: int) -> None:
    """Close every socket of a user (suspension, removal, logout), once the change is committed.

    If this cannot be published, the sockets still close: every frame a socket receives is
    authorised again (``RealtimeConsumer.receive_json``), and a tab pings at least every 25 s,
    so a suspended member's socket closes with 4403 on its next ping, and a logged-out one
    with 4401 (the ping checks that the session still exists).
    """
    publish_on_commit(user_group(user_id), {"type": "session.end"})
