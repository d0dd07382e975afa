"""The "notification" frame pushed to a member's open tabs (docs/realtime.md)."""

from notifications.models import Notification


def notification_frame(notification: Notification, unread: int) -> dict:
    actor = notification.actor
    return {
        "type": "notification",
        "unread": unread,
        "notification": {
            "id": notification.pk,
            "kind": notification.kind,
            "text": notification.text,
            "url": notification.url,
            "actor": {"id": actor.pk, "name": actor.display_name} if actor else None,
            "created": notification.created.isoformat(),
        },
    }
