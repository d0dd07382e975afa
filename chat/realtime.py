"""Publishing to sockets through the channel layer, always after the database has committed."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def publish_on_commit(group: str, event: dict) -> None:
    """Persist, then publish: nothing is announced for a write that rolled back."""

    def send() -> None:
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(group, event)

    transaction.on_commit(send)


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
    """Close every socket of a user (suspension, removal), once the change is committed."""
    publish_on_commit(user_group(user_id), {"type": "session.end"})
