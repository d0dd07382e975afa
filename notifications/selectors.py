"""Reads of the notification centre, each one query."""

from django.db.models import QuerySet

from notifications.models import Notification


def unread_count(user) -> int:
    """The header's bell (notifications.context_processors)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def for_user(user) -> QuerySet[Notification]:
    """The member's notifications, newest first, with who caused them."""
    return (
        Notification.objects.filter(recipient=user)
        .select_related("actor")
        .order_by("-created", "-pk")
    )
