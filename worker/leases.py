"""Leases for django-tasks-db, which has none: a task claimed by a worker that then died (killed,
out of memory, its machine gone) would stay RUNNING for ever.

Every worker process (``manage.py worker``) runs a ``LeaseKeeper`` thread that renews the
process's ``WorkerHeartbeat`` row every ``TASKS_LEASE_SECONDS / 4`` seconds, and reaps: a
RUNNING task whose last claiming worker has not beaten for ``TASKS_LEASE_SECONDS`` goes back to
READY, to be taken up by any worker, or to FAILED once it has been claimed
``TASKS_MAX_ATTEMPTS`` times (a task that kills its worker must not kill them all in turn).
Every worker reaps; the row lock (``select_for_update(skip_locked=True)``) and a check that the
task was not claimed again meanwhile make two reapers harmless.

Taking up a task again means it may run twice: tasks are written so that it is harmless
(docs/operations.md, "The worker"; ``worker.once`` for effects that must not repeat).
Everything goes through the library's model, ``DBTaskResult``.
"""

import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from worker.models import TaskMark, WorkerHeartbeat

logger = logging.getLogger(__name__)

MARKS_KEPT = timedelta(days=30)


class WorkerLost(Exception):
    """Recorded as the error of a task whose worker died once too often while running it."""


def lease_seconds() -> float:
    return float(getattr(settings, "TASKS_LEASE_SECONDS", 60))


def max_attempts() -> int:
    return int(getattr(settings, "TASKS_MAX_ATTEMPTS", 5))


def beat(worker_id: str, *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"beat_at": now},
        create_defaults={"beat_at": now, "started_at": now, "host": socket.gethostname()[:255],
                         "pid": os.getpid()},
    )


def forget(worker_id: str) -> None:
    """A worker that stops cleanly removes its heartbeat (it holds no task any more)."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def _claimed_by(task: DBTaskResult) -> str | None:
    return task.worker_ids[-1] if task.worker_ids else None


@dataclass(frozen=True)
class StuckTask:
    task: DBTaskResult
    worker_id: str | None
    last_beat: datetime | None  # None: the worker never beat, or its row is gone


def stuck_tasks(*, now: datetime | None = None) -> list[StuckTask]:
    """RUNNING tasks whose worker has not beaten for a lease. Running tasks are few (one per
    worker), so the check is done here rather than in SQL over the JSON list of worker ids."""
    now = now or timezone.now()
    expired_before = now - timedelta(seconds=lease_seconds())
    running = list(DBTaskResult.objects.running().filter(started_at__lt=expired_before))
    beats = dict(
        WorkerHeartbeat.objects.filter(worker_id__in={_claimed_by(t) for t in running})
        .values_list("worker_id", "beat_at")
    )
    return [
        StuckTask(task, _claimed_by(task), beats.get(_claimed_by(task)))
        for task in running
        if beats.get(_claimed_by(task)) is None or beats[_claimed_by(task)] < expired_before
    ]


def requeue(task: DBTaskResult, *, delay: timedelta | None = None) -> str:
    """Put a RUNNING task back to READY ("requeued"), or FAILED when its attempts are spent
    ("failed"); "skipped" when another reaper or its worker changed it meanwhile."""
    with transaction.atomic():
        row = (DBTaskResult.objects.select_for_update(skip_locked=True)
               .filter(pk=task.pk, status=TaskResultStatus.RUNNING).first())
        if row is None or row.worker_ids != task.worker_ids:
            return "skipped"
        if len(row.worker_ids) >= max_attempts():
            row.set_failed(WorkerLost(
                f"Claimed {len(row.worker_ids)} times by workers that did not finish it"))
            logger.error("Task %s (%s) failed: its workers died %d times", row.pk,
                         row.task_path, len(row.worker_ids))
            return "failed"
        row.status = TaskResultStatus.READY
        row.started_at = None
        fields = ["status", "started_at"]
        if delay is not None:
            row.run_after = timezone.now() + delay
            fields.append("run_after")
        row.save(update_fields=fields)
        logger.warning("Task %s (%s) is back in the queue (attempt %d ended without a result)",
                       row.pk, row.task_path, len(row.worker_ids))
        return "requeued"


def requeue_stuck(*, now: datetime | None = None) -> dict[str, int]:
    counts = {"requeued": 0, "failed": 0, "skipped": 0}
    for stuck in stuck_tasks(now=now):
        counts[requeue(stuck.task)] += 1
    return counts


def requeue_own(worker_id: str) -> int:
    """Tasks this very worker claimed but could not record the end of (the database went away
    under it): it is running nothing now, so they are not running anywhere."""
    own = [t for t in DBTaskResult.objects.running() if _claimed_by(t) == worker_id]
    return sum(requeue(task) == "requeued" for task in own)


def prune_marks(*, now: datetime | None = None) -> int:
    return TaskMark.objects.filter(claimed_at__lt=(now or timezone.now()) - MARKS_KEPT).delete()[0]


class LeaseKeeper(threading.Thread):
    """The heartbeat and the reaper of one worker process, in a thread of their own so that
    they go on while the main thread runs a long task. The thread has its own database
    connection; while the database is away it logs once and keeps trying."""

    def __init__(self, worker_id: str, *, interval: float | None = None) -> None:
        super().__init__(name=f"lease-keeper-{worker_id[:8]}", daemon=True)
        self.worker_id = worker_id
        self.interval = interval or max(0.5, lease_seconds() / 4)
        self._stopping = threading.Event()
        self._failing = False
        self._ticks = 0

    def tick(self) -> None:
        try:
            beat(self.worker_id)
            counts = requeue_stuck()
            self._ticks += 1
            if self._ticks % 500 == 1:
                prune_marks()
        except DatabaseError as error:
            if not self._failing:
                logger.warning("Heartbeat of worker %s failed (%s); retrying",
                               self.worker_id, type(error).__name__)
            self._failing = True
            connection.close()
            return
        if self._failing:
            logger.warning("Heartbeat of worker %s is back", self.worker_id)
        self._failing = False
        if counts["requeued"] or counts["failed"]:
            logger.warning("Reaper: %(requeued)d tasks requeued, %(failed)d failed", counts)

    def run(self) -> None:
        try:
            while not self._stopping.wait(self.interval):
                self.tick()
        finally:
            connection.close()

    def stop(self) -> None:
        self._stopping.set()
        self.join(timeout=self.interval + 5)
