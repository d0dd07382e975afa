"""The notification centre: what happened that concerns a member, read or not.

One table for every kind: a kind is a value of ``Notification.Kind`` (a plain string column,
no database constraint), so later kinds (a reply, an answer, a moderation decision) are new
choices, not a new schema. ``text`` and ``url`` are snapshots taken when it happened: the
notification still reads the same if what it points at changes.

How a member hears of each kind is a ``NotificationPreference`` (``DEFAULT_DELIVERY`` when they
chose nothing): in the app only, also by email at once, also in the daily digest, or off (no
notification at all). A notification remembers the delivery chosen when it was created and when
it went out by email (``emailed_at``): the digest takes each one once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

TEXT_LENGTH = 300
URL_LENGTH = 500


class Delivery(models.TextChoices):
    IN_APP = "in_app", _("In the app only")
    EMAIL_NOW = "email_now", _("In the app and by email at once")
    DIGEST = "digest", _("In the app and in the daily email digest")
    OFF = "off", _("Off: no notification")


class Notification(models.Model):
    class Kind(models.TextChoices):
        MENTION = "mention", _("Mention")
        ROOM_INVITATION = "room_invitation", _("Invitation to a room")
        REPLY = "reply", pgettext_lazy("notification kind", "Reply")
        COMMENT = "comment", pgettext_lazy("notification kind", "Comment")
        ANSWER = "answer", _("Answer")
        ANSWER_ACCEPTED = "answer_accepted", _("Accepted answer")
        QUESTION_FOR_YOU = "question_for_you", _("Question for you")
        MODERATION_DECISION = "moderation_decision", _("Moderation decision")
        NEWS_PUBLISHED = "news_published", _("News published")
        PROJECT_JOIN_REQUEST = "project_join_request", _("Request to join a project")
        PROJECT_INVITATION = "project_invitation", _("Invitation to a project")
        PROJECT_MEMBERSHIP = "project_membership", _("Project membership accepted")
        TASK_ASSIGNED = "task_assigned", _("Task assigned to you")
        DOCUMENT_VERSION = "document_version", _("New version of a document")
        EVENT_UPDATE = "event_update", _("Change to an event you registered for")
        EVENT_SEAT = "event_seat", _("Seat at an event")
        EVENT_REMINDER = "event_reminder", _("Reminder of an event")
        DATA_EXPORT_READY = "data_export_ready", _("Your data export is ready")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("actor"),
    )
    text = models.CharField(_("text"), max_length=TEXT_LENGTH)
    url = models.CharField(_("link"), max_length=URL_LENGTH)
    # What it is about, such as "chat.message:42": with the recipient and the kind it makes the
    # notification unique, so that one message mentions a member once however often it is
    # edited. Empty: no such guard.
    key = models.CharField(max_length=100, blank=True, default="")
    created = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # The delivery chosen when it was created (never OFF: then there is no notification), and
    # when it went out by email, alone or in a digest: set once, so that no email repeats it.
    delivery = models.CharField(
        _("delivery"), max_length=16, choices=Delivery, default=Delivery.IN_APP
    )
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created"],
                         name="notification_inbox"),
            # What the next digest takes: small, since it empties every day.
            models.Index(fields=["recipient", "created"], name="notification_digest_due",
                         condition=Q(delivery="digest", emailed_at__isnull=True,
                                     read_at__isnull=True)),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key"], condition=~Q(key=""),
                name="unique_notification_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


# What a member gets when they have not chosen (a busy professional's defaults): by email at
# once what calls for a prompt answer or concerns their standing, the rest in the daily digest.
# Every kind is in the app too; nothing is off unless the member says so.
DEFAULT_DELIVERY: dict[str, str] = {
    Notification.Kind.MENTION: Delivery.DIGEST,
    Notification.Kind.ROOM_INVITATION: Delivery.EMAIL_NOW,
    Notification.Kind.REPLY: Delivery.DIGEST,
    Notification.Kind.COMMENT: Delivery.DIGEST,
    Notification.Kind.ANSWER: Delivery.DIGEST,
    Notification.Kind.ANSWER_ACCEPTED: Delivery.DIGEST,
    Notification.Kind.QUESTION_FOR_YOU: Delivery.DIGEST,
    Notification.Kind.MODERATION_DECISION: Delivery.EMAIL_NOW,
    Notification.Kind.NEWS_PUBLISHED: Delivery.DIGEST,
    Notification.Kind.PROJECT_JOIN_REQUEST: Delivery.EMAIL_NOW,
    Notification.Kind.PROJECT_INVITATION: Delivery.EMAIL_NOW,
    Notification.Kind.PROJECT_MEMBERSHIP: Delivery.DIGEST,
    Notification.Kind.TASK_ASSIGNED: Delivery.DIGEST,
    Notification.Kind.DOCUMENT_VERSION: Delivery.DIGEST,
    # A meeting moved or cancelled, a seat freed up, a meeting tomorrow: worth an e-mail now.
    Notification.Kind.EVENT_UPDATE: Delivery.EMAIL_NOW,
    Notification.Kind.EVENT_SEAT: Delivery.EMAIL_NOW,
    Notification.Kind.EVENT_REMINDER: Delivery.EMAIL_NOW,
    # The member asked for it (or a moderator did on their behalf): they are waiting for it.
    Notification.Kind.DATA_EXPORT_READY: Delivery.EMAIL_NOW,
}


def default_delivery(kind: str) -> str:
    """A kind added later without a default stays in the app only."""
    return DEFAULT_DELIVERY.get(kind, Delivery.IN_APP)


class NotificationPreference(models.Model):
    """A member's choice for one kind; no row means ``default_delivery(kind)``."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
        related_name="notification_preferences", verbose_name=_("member"),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Notification.Kind)
    delivery = models.CharField(_("delivery"), max_length=16, choices=Delivery)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["member", "kind"],
                                    name="unique_notification_preference"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind}: {self.delivery}"
