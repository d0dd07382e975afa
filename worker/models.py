"""What the worker keeps beside django-tasks-db's own table (``DBTaskResult``), which has no
lease: a task claimed by a worker that then died would stay RUNNING for ever."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per live worker process, renewed every few seconds by a thread of that process
    (``worker.leases.LeaseKeeper``), whether it is running a task or waiting for one. A RUNNING
    task whose claiming worker has not beaten for ``TASKS_LEASE_SECONDS`` has lost its worker:
    the reaper puts it back to READY."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    beat_at = models.DateTimeField(db_index=True)
    started_at = models.DateTimeField()
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True)

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"


class TaskMark(models.Model):
    """A side effect that must happen at most once although its task may run twice (a worker
    killed after sending an e-mail but before recording success): claimed by a unique key, in
    its own committed write, before the effect (``worker.once``)."""

    key = models.CharField(max_length=200, unique=True)
    claimed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.key
