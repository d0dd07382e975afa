"""Background work of the walls (Django's task framework: at once, in-process, in embedded mode;
the database queue and the worker in production)."""

from datetime import timedelta

from django.tasks import default_task_backend, task
from django.utils import timezone

from documents.models import ScanStatus

RESCAN_DELAY = timedelta(minutes=5)


@task
def scan_attachments(attachment_ids: list[int]) -> dict:
    """Enqueued once a post's attachments are committed, when a virus scanner is configured.
    Files the scanner could not reach stay pending and are tried again later. Safe to run
    twice: a scan of the same file gives the same verdict."""
    from walls.attachments import attachment_scan

    statuses = {pk: attachment_scan(attachment_id=pk) for pk in attachment_ids}
    waiting = [pk for pk, status in statuses.items() if status == ScanStatus.PENDING]
    if waiting and default_task_backend.supports_defer:
        scan_attachments.using(run_after=timezone.now() + RESCAN_DELAY).enqueue(waiting)
    return {str(pk): status for pk, status in statuses.items()}
