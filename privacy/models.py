"""A member's export (*Mes données*): one row per request, from the asking to the expiry.

The archive is stored in the default storage under ``exports/<token>/``, a random path of 32
bytes that nobody can guess and that is never served as it is: only the download view, behind
login and for the member themselves, sends it (privacy/views.py). It is kept ``EXPORT_VALID``
(7 days), then deleted (``services.data_export_purge_expired``).
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EXPORT_VALID = timedelta(days=7)
EXPORT_INTERVAL = timedelta(hours=24)


def new_token() -> str:
    return secrets.token_urlsafe(32)


class DataExport(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports",
        verbose_name=_("member"),
    )
    # The member themselves, or the moderator who ran it for them (who asked by other means).
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("requested by"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status,
                              default=Status.PENDING)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    file = models.FileField(_("file"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("asked on"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    ready_at = models.DateTimeField(_("ready on"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        indexes = [
            models.Index(fields=["member", "-created_at"], name="privacy_export_of_member"),
            models.Index(fields=["status", "expires_at"], name="privacy_export_expiry"),
        ]

    def __str__(self) -> str:
        return f"export {self.pk} of {self.member_id} ({self.status})"

    @property
    def is_in_progress(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)

    def is_downloadable(self, *, now=None) -> bool:
        now = now or timezone.now()
        return (self.status == self.Status.READY and bool(self.file)
                and self.expires_at is not None and self.expires_at > now)

    def archive_path(self) -> str:
        """Where the archive is stored: fixed per export, so that a run taken up again after
        its worker died replaces what the first one left."""
        day = (self.created_at or timezone.now()).strftime("%Y-%m-%d")
        return f"exports/{self.token}/catalyse-mes-donnees-{day}.zip"
