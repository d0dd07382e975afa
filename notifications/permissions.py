"""Who may see which notification: its recipient, nobody else (moderators neither); who may
change a member's preferences: that member."""

from django.http import Http404

from notifications.models import Notification


def can_view_notifications(user) -> bool:
    return bool(getattr(user, "is_member", False))


def can_view_notification(user, notification: Notification) -> bool:
    return can_view_notifications(user) and notification.recipient_id == user.pk


def can_change_preferences(user, member) -> bool:
    """Each member chooses for themselves (an unsubscribe link proves who by its signature)."""
    return can_view_notifications(user) and user.pk == member.pk


def get_notification_for_user(user, pk: int) -> Notification:
    """Someone else's notification is 404, as if it did not exist."""
    notification = Notification.objects.filter(pk=pk).first()
    if notification is None or not can_view_notification(user, notification):
        raise Http404
    return notification
