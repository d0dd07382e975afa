"""The notification centre: what happened that concerns a member, read or not.

One table for every kind: a kind is a value of ``Notification.Kind`` (a plain string column,
no database constraint), so later kinds (a reply, an answer, a moderation decision) are new
choices, not a new schema. ``text`` and ``url`` are snapshots taken when it happened: the
notification still reads the same if what it points at changes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

TEXT_LENGTH = 300
URL_LENGTH = 500


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

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created"],
                         name="notification_inbox"),
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
