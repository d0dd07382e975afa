"""Background work of the documents app (Django's task framework: at once, in-process, in
embedded mode; the database queue and the worker in production)."""

from datetime import timedelta

from django.tasks import default_task_backend, task
from django.utils import timezone

from documents import services
from documents.models import ScanStatus

RESCAN_DELAY = timedelta(minutes=5)


@task
def process_files(file_ids: list[int]) -> dict:
    """Enqueued once new files are committed: scan, thumbnail, text. Files the scanner could not
    reach stay pending and are tried again later (where the backend can defer; otherwise
    ``manage.py documents_rescan`` catches up). Safe to run twice (a worker that died is
    replaced, worker.leases): each step recomputes the same result from the same file."""
    statuses = {file_id: services.file_process(file_id=file_id) for file_id in file_ids}
    waiting = [pk for pk, status in statuses.items() if status == ScanStatus.PENDING]
    if waiting and default_task_backend.supports_defer:
        process_files.using(run_after=timezone.now() + RESCAN_DELAY).enqueue(waiting)
    return {str(pk): status for pk, status in statuses.items()}


@task
def notify_new_version(version_id: int) -> int:
    """Enqueued once a new version is committed: its document's author and project members.
    Safe to run twice: each notification carries a key per version and recipient."""
    return services.version_notify(version_id=version_id)
