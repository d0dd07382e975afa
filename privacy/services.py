"""Every write of privacy: asking for an export, building it (the task), and removing the
archives whose week is over.

An export is never served half-made: the archive is written to a temporary file first, then
stored under its export's fixed path, and only then, in one transaction, marked ready. A run
that dies in between leaves the row RUNNING; the worker takes the task up again
(``worker.leases``) and the next run writes the archive again over whatever the first one left.
A run that raises marks the export failed (the member may ask again at once: a failed export
does not count in the one-a-day rule).
"""

import logging
import os
import tempfile
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction
from django.tasks import default_task_backend
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from moderation import services as moderation_services
from moderation.models import AuditEntry
from notifications.emails import language_for
from notifications.models import Notification
from notifications.services import notify
from privacy import permissions
from privacy.export.archive import write_archive
from privacy.export.registry import sections
from privacy.models import EXPORT_INTERVAL, EXPORT_VALID, DataExport

logger = logging.getLogger(__name__)

# An export still waiting or running after this long was lost (its task failed for good, e.g.
# after ``TASKS_MAX_ATTEMPTS`` dead workers): the purge marks it failed so the member may ask again.
STALE_AFTER = timedelta(hours=24)


def _when(value: datetime) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


@transaction.atomic
def data_export_request(*, actor, member, reason: str = "") -> DataExport:
    """Ask for an export of ``member``'s data: by the member themselves, or by a moderator for
    them (with the reason, written to the audit log). At most one a day per member, whoever
    asked: a second request within 24 hours raises a ``ValidationError`` and creates nothing."""
    if actor.pk == member.pk:
        if not permissions.can_request_own_export(actor):
            raise PermissionDenied
    elif permissions.can_request_export_for(actor, member):
        reason = moderation_services.clean_reason(reason)
    else:
        raise PermissionDenied
    # One request at a time per member: two clicks at once both see "none yet" otherwise.
    list(get_user_model().objects.select_for_update().filter(pk=member.pk)
         .values_list("pk", flat=True))
    now = timezone.now()
    latest = (DataExport.objects.filter(member=member, created_at__gt=now - EXPORT_INTERVAL)
              .exclude(status=DataExport.Status.FAILED).order_by("-created_at").first())
    if latest is not None:
        again = _when(latest.created_at + EXPORT_INTERVAL)
        if actor.pk == member.pk:
            raise ValidationError(_(
                "You already asked for an export on %(date)s. You can ask for a new one from "
                "%(again)s: one export a day."
            ) % {"date": _when(latest.created_at), "again": again})
        raise ValidationError(_(
            "An export of this member's data was already asked for on %(date)s. A new one can "
            "be asked for from %(again)s: one export a day."
        ) % {"date": _when(latest.created_at), "again": again})
    export = DataExport.objects.create(member=member, requested_by=actor, created_at=now)
    if actor.pk != member.pk:
        moderation_services.record(
            actor=actor, action=AuditEntry.Action.DATA_EXPORT_REQUESTED, target=member,
            reason=reason,
        )
    transaction.on_commit(partial(_enqueue_build, export.pk))
    return export


def _enqueue_build(export_id: int) -> None:
    from privacy.tasks import build_data_export

    build_data_export.enqueue(export_id)


def _claim(export_id: int) -> DataExport | None:
    with transaction.atomic():
        export = (DataExport.objects.select_for_update().select_related("member")
                  .filter(pk=export_id).first())
        if export is None or not export.is_in_progress:
            return None
        export.status = DataExport.Status.RUNNING
        export.attempts += 1
        export.started_at = timezone.now()
        export.save(update_fields=["status", "attempts", "started_at"])
        return export


def _delete_stored(name: str) -> None:
    """Remove a stored archive and its own directory (``exports/<token>/``)."""
    if not name:
        return
    try:
        default_storage.delete(name)
        directory = os.path.dirname(default_storage.path(name))
        os.rmdir(directory)
    except NotImplementedError:
        pass  # a storage without local paths has no directories to remove
    except OSError:
        logger.warning("Could not remove the export directory of %s", name, exc_info=True)


def _fail(export_id: int, error: BaseException) -> None:
    with transaction.atomic():
        export = DataExport.objects.select_for_update().filter(pk=export_id).first()
        if export is None or not export.is_in_progress:
            return
        export.status = DataExport.Status.FAILED
        export.error = f"{type(error).__name__}: {error}"[:300]
        export.save(update_fields=["status", "error"])
        path = export.archive_path()
    _delete_stored(path)


def _fail_quietly(export_id: int) -> None:
    try:
        _fail(export_id, RuntimeError("The database was unavailable"))
    except DatabaseError:
        logger.exception("Could not mark the export %s failed", export_id)


def data_export_build(*, export_id: int) -> str:
    """Build the archive of one export (the task's work); returns the export's status.

    Safe to run twice: an export already ready, failed or expired is left alone, and one left
    RUNNING by a dead worker is built again from the start."""
    export = _claim(export_id)
    if export is None:
        return DataExport.objects.filter(pk=export_id).values_list("status", flat=True).first() \
            or "gone"
    member = export.member
    path = export.archive_path()
    try:
        with tempfile.TemporaryDirectory(prefix="catalyse-export-",
                                         dir=settings.FILE_UPLOAD_TEMP_DIR) as workdir:
            local = Path(workdir) / "export.zip"
            with translation.override(language_for(member)):
                write_archive(local, member=member, sections=sections())
            size = local.stat().st_size
            if default_storage.exists(path):
                default_storage.delete(path)  # what a run that died here left
            with local.open("rb") as archive:
                stored = default_storage.save(path, File(archive, name=Path(path).name))
    except DatabaseError:
        if default_task_backend.supports_defer:
            # A database queue: the worker puts the task back (worker.runner), and the next run
            # takes this RUNNING export up again.
            raise
        _fail_quietly(export_id)
        raise
    except Exception as error:
        logger.exception("The export %s of member %s failed", export_id, member.pk)
        _fail(export_id, error)
        raise
    with transaction.atomic():
        export = DataExport.objects.select_for_update().get(pk=export_id)
        if export.status != DataExport.Status.RUNNING:
            transaction.on_commit(partial(_delete_stored, stored))
            return export.status
        now = timezone.now()
        export.status = DataExport.Status.READY
        export.file.name = stored
        export.size = size
        export.error = ""
        export.ready_at = now
        export.expires_at = now + EXPORT_VALID
        export.save(update_fields=["status", "file", "size", "error", "ready_at", "expires_at"])
        with translation.override(language_for(member)):
            notify(
                member, Notification.Kind.DATA_EXPORT_READY, None,
                _("Your data export is ready: you can download it until %(date)s.")
                % {"date": _when(export.expires_at)},
                reverse("privacy:my_data"), key=f"privacy.export:{export.pk}",
            )
    return export.status


def data_export_purge_expired(*, now: datetime, dry_run: bool = False) -> int:
    """Delete the archives whose week is over (they become EXPIRED, their file removed) and
    mark as failed the exports lost on the way (waiting or running for over ``STALE_AFTER``).
    Returns how many exports it changed, or would change with ``dry_run``. Called nightly by the
    retention task (privacy/retention)."""
    expired = DataExport.objects.filter(status=DataExport.Status.READY, expires_at__lte=now)
    stale = DataExport.objects.filter(
        status__in=[DataExport.Status.PENDING, DataExport.Status.RUNNING],
        created_at__lte=now - STALE_AFTER,
    )
    if dry_run:
        return expired.count() + stale.count()
    changed = 0
    for export_id in list(expired.values_list("pk", flat=True)):
        with transaction.atomic():
            export = (DataExport.objects.select_for_update()
                      .filter(pk=export_id, status=DataExport.Status.READY,
                              expires_at__lte=now).first())
            if export is None:
                continue
            name = export.file.name
            export.status = DataExport.Status.EXPIRED
            export.file.name = ""
            export.save(update_fields=["status", "file"])
            # Unreachable from now on (only READY is served); the file goes once that is sure.
            transaction.on_commit(partial(_delete_stored, name))
            changed += 1
    for export_id in list(stale.values_list("pk", flat=True)):
        _fail(export_id, TimeoutError(f"Still not ready after {STALE_AFTER}"))
        changed += 1
    return changed
