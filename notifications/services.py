"""Every write of the notification centre. A new notification reaches the recipient's open tabs
once the transaction has committed (DESIGN.md §5: persist, then publish)."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator

from chat.realtime import send_to_user_on_commit
from notifications import permissions, selectors
from notifications.models import TEXT_LENGTH, URL_LENGTH, Notification
from notifications.serializers import notification_frame


def is_site_path(url: str) -> bool:
    """"/chat/3/#m-12" yes; "https://…", "//host/…", "javascript:…" no."""
    return (
        isinstance(url, str)
        and 0 < len(url) <= URL_LENGTH
        and url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    )


def snapshot(text: str) -> str:
    """Plain text on one line, short enough for the list and the live announcement."""
    return Truncator(" ".join(str(text).split())).chars(TEXT_LENGTH)


@transaction.atomic
def notify(recipient, kind: str, actor, text: str, url: str, *, key: str = ""):
    """Tell ``recipient`` that ``actor`` did something of ``kind``; ``text`` says what (plain
    text), ``url`` (a site-relative path) leads to it. Returns the notification, or None when
    nothing was notified: the recipient is not (or no longer) a member, is the actor, or was
    already told about ``key`` for this kind.
    """
    if kind not in Notification.Kind.values:
        raise ValueError(f"Unknown kind of notification: {kind!r}")
    if not is_site_path(url):
        raise ValueError(f"A notification leads to a path of this site, not {url!r}")
    if not getattr(recipient, "is_member", False):
        return None
    if actor is not None and actor.pk == recipient.pk:
        return None
    if key and Notification.objects.filter(recipient=recipient, kind=kind, key=key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, kind=kind, actor=actor, text=snapshot(text), url=url,
                key=key[:100],
            )
    except IntegrityError:
        return None  # the same key, notified at the same instant by another request
    send_to_user_on_commit(
        recipient.pk, notification_frame(notification, selectors.unread_count(recipient))
    )
    return notification


@transaction.atomic
def mark_read(actor, notification: Notification) -> Notification:
    """The recipient has seen it (they opened it). Marking it again changes nothing."""
    if not permissions.can_view_notification(actor, notification):
        raise PermissionDenied
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


@transaction.atomic
def mark_all_read(actor) -> int:
    """Every unread notification of ``actor`` is read; how many there were."""
    if not permissions.can_view_notifications(actor):
        raise PermissionDenied
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def withdraw(*, key: str) -> int:
    """What these notifications were about is gone (a deleted message): their excerpt must not
    outlive it. Returns how many were withdrawn."""
    if not key:
        return 0
    deleted, _by_model = Notification.objects.filter(key=key[:100]).delete()
    return deleted
