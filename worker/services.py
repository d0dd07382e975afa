"""Writes of the worker app that are not the worker loop itself: forgetting old task records."""

from datetime import datetime

from django_tasks_db.models import DBTaskResult

from config.purging import purge_rows
from worker.models import TaskMark


def task_records_purge(*, older_than: datetime, dry_run: bool) -> int:
    """Retention (privacy/retention/): delete the results of tasks that finished before
    ``older_than`` (their arguments may name a member) and the once-only marks claimed before
    then (a task that old is long over: no rerun can need its mark). A task waiting or running
    is never touched."""
    finished = DBTaskResult.objects.finished().filter(finished_at__lt=older_than)
    marks = TaskMark.objects.filter(claimed_at__lt=older_than)
    return purge_rows(finished, dry_run=dry_run) + purge_rows(marks, dry_run=dry_run)
