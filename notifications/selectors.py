"""Reads of the notification centre and of its preferences, each one query."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from notifications.models import Delivery, Notification, NotificationPreference, default_delivery


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


def delivery_for(member, kind: str) -> str:
    """How ``member`` hears of ``kind`` (models.Delivery), their choice or the default."""
    chosen = (
        NotificationPreference.objects.filter(member=member, kind=kind)
        .values_list("delivery", flat=True)
        .first()
    )
    return chosen or default_delivery(kind)


def preferences_for(member) -> dict[str, str]:
    """Every kind, in the order of ``Notification.Kind``, with its delivery for ``member``."""
    chosen = dict(
        NotificationPreference.objects.filter(member=member).values_list("kind", "delivery")
    )
    return {kind: chosen.get(kind, default_delivery(kind)) for kind in Notification.Kind.values}


def digest_recipient_ids() -> list[int]:
    """Members with something for the next digest: unread, digest-delivery, not emailed yet."""
    return list(
        digest_due().filter(recipient__in=get_user_model().objects.members())
        .values_list("recipient_id", flat=True).distinct().order_by("recipient_id")
    )


def digest_due(recipient=None) -> QuerySet[Notification]:
    due = Notification.objects.filter(
        delivery=Delivery.DIGEST, emailed_at__isnull=True, read_at__isnull=True
    )
    return due if recipient is None else due.filter(recipient=recipient)
