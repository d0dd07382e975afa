"""Reports (*signalements*) and the audit log of moderation (DESIGN.md §7).

Both point at what they are about through a generic relation, so that every app's content
(chat messages today; posts, documents and projects later) shares one queue and one log.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MAX_REASON_LENGTH = 1000
MAX_EXCERPT_LENGTH = 1000
# A warning reaches its author as a notification, whose text is at most 300 characters
# (notifications.models.TEXT_LENGTH): the message and its introduction must fit whole.
MAX_WARNING_LENGTH = 240


class ModerationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", pgettext_lazy("moderation status", "Rejected")
    HIDDEN = "hidden", pgettext_lazy("moderation status", "Hidden")


class Moderated(models.Model):
    """The moderation status of a thing members publish (news items, posts, comments...), with
    who decided, when and why (DESIGN.md §7). Changed only by ``moderation.services.decide``,
    which follows ``moderation.transitions``."""

    moderation_status = models.CharField(
        _("status"), max_length=10, choices=ModerationStatus, default=ModerationStatus.PUBLISHED,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.moderation_status == ModerationStatus.PUBLISHED

    @property
    def is_pending(self) -> bool:
        return self.moderation_status == ModerationStatus.PENDING

    @property
    def is_rejected(self) -> bool:
        return self.moderation_status == ModerationStatus.REJECTED

    @property
    def is_hidden(self) -> bool:
        return self.moderation_status == ModerationStatus.HIDDEN


class AuditLogIsImmutable(RuntimeError):
    """Raised on any attempt to change or remove a line of the audit log."""


class AuditEntryQuerySet(models.QuerySet):
    """Lines are only ever added: bulk updates and deletions are refused too."""

    def update(self, **kwargs):
        raise AuditLogIsImmutable("Audit entries cannot be changed.")

    def delete(self):
        raise AuditLogIsImmutable("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    """One moderation action: who did what to which thing, why and when. Never edited.

    ``actor_name`` and ``target_repr`` are snapshots: the line stays readable when the actor's
    account or the target is gone (a deleted message keeps only its tombstone).
    """

    class Action(models.TextChoices):
        MESSAGE_DELETED = "message_deleted", _("Message deleted")
        REPORT_DISMISSED = "report_dismissed", _("Report dismissed")
        ROOM_ARCHIVED = "room_archived", _("Room archived")
        MEMBER_SUSPENDED = "member_suspended", _("Member suspended")
        MEMBER_REACTIVATED = "member_reactivated", _("Member reactivated")
        APPROVED = "approved", pgettext_lazy("moderation action", "Approved")
        REJECTED = "rejected", pgettext_lazy("moderation action", "Rejected")
        HIDDEN = "hidden", pgettext_lazy("moderation action", "Hidden")
        RESTORED = "restored", pgettext_lazy("moderation action", "Restored")
        AUTHOR_WARNED = "author_warned", _("Author warned")
        DATA_EXPORT_REQUESTED = "data_export_requested", _("Data export run for a member")
        ACCOUNT_CLOSED = "account_closed", _("Account closed")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.SET_NULL,
        null=True, related_name="+",
    )
    actor_name = models.CharField(_("actor's name"), max_length=150)
    action = models.CharField(_("action"), max_length=40, choices=Action)
    # PROTECT: a content type that disappears must not take lines of the log with it.
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    target_repr = models.CharField(_("target"), max_length=300)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.actor_name}: {self.get_action_display()} ({self.target_repr})"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AuditLogIsImmutable("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsImmutable("Audit entries cannot be deleted.")


class Report(models.Model):
    """A member's report of something they saw, with what it said at that moment.

    The snapshots (``excerpt``, ``target_author``, ``context_label``) are all a moderator sees of
    content they may not read themselves, such as a message in a private room.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DISMISSED = "dismissed", _("Dismissed")
        ACTIONED = "actioned", _("Acted upon")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.CASCADE,
        related_name="+",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    reason = models.TextField(_("reason"), max_length=MAX_REASON_LENGTH)
    excerpt = models.TextField(_("excerpt"), blank=True)
    target_author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author of the content"),
        on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    context_label = models.CharField(_("context"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("reported on"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handled by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    resolved_at = models.DateTimeField(_("handled on"), null=True, blank=True)
    resolution_note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        # One open report per member and thing: reporting it again while the moderators look
        # into it adds nothing; once they have decided, a new report is a new report.
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "content_type", "object_id"],
                condition=models.Q(status="open"), name="unique_open_report_per_member",
            )
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["content_type", "object_id", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} ({self.status})"

    # Set by ``moderation.services.report_create`` on the report it returns: True when the
    # member had already reported the thing and that report is still open (nothing new filed).
    already_open = False

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
