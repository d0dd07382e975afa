"""A django-tasks-db worker that outlives its database's outages.

``db_worker`` raises out of its loop, and exits, on the first database error that is not a
lock (PostgreSQL unreachable for longer than the connection pool's timeout, about 10 s). Here
the loop is run again after each such error, once the connections are closed, with a backoff
(1, 2, 4… ``TASKS_WORKER_MAX_BACKOFF`` seconds, with jitter so that several workers do not all
come back at once). Before each new start the worker puts back in the queue what it had claimed
and could not record the end of; a task that failed *because* the database went away under it
is requeued too (not its fault), within ``TASKS_MAX_ATTEMPTS``.
"""

import logging
import random
import time
from datetime import timedelta

from django.conf import settings
from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django.tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from worker import leases

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
DATABASE_ERROR_PATHS = {f"{error.__module__}.{error.__qualname__}" for error in DATABASE_ERRORS}


def max_backoff() -> float:
    return float(getattr(settings, "TASKS_WORKER_MAX_BACKOFF", 30))


def forget_connections() -> None:
    """Close the connections and their pool: psycopg's pool retries a lost server with its own
    backoff (1, 2, 4, 8, 16 s…), so after an outage of 15 s a kept pool could wait 16 s more
    before it tries again; a new pool tries at once."""
    for connection in connections.all(initialized_only=True):
        close_pool = getattr(connection, "close_pool", None)
        if close_pool is not None:
            try:
                close_pool()
            except Exception:
                logger.warning("Could not close the connection pool", exc_info=True)
    connections.close_all()


class ResilientWorker(Worker):
    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        if (db_task_result.status == TaskResultStatus.FAILED
                and db_task_result.exception_class_path in DATABASE_ERROR_PATHS):
            attempts = len(db_task_result.worker_ids)
            # It was FAILED a moment ago; back to RUNNING so that the lease code may requeue it.
            DBTaskResult.objects.filter(pk=db_task_result.pk).update(
                status=TaskResultStatus.RUNNING, finished_at=None)
            db_task_result.status = TaskResultStatus.RUNNING
            outcome = leases.requeue(db_task_result, delay=timedelta(seconds=5 * attempts))
            logger.warning("Task %s met a database error: %s", db_task_result.pk, outcome)

    def serve(self) -> None:
        """Run until stopped (signal, ``--batch``, ``--max-tasks``), waiting out every outage."""
        delay = 1.0
        while self.running:
            started = time.monotonic()
            try:
                requeued = leases.requeue_own(self.worker_id)
                if requeued:
                    logger.warning("Requeued %d tasks this worker could not finish", requeued)
                self.run()
                return
            except DATABASE_ERRORS as error:
                if time.monotonic() - started > max_backoff():
                    delay = 1.0  # it had worked for a while: a new outage starts over
                pause = delay * (1 + random.random() / 2)  # jitter, not secrecy
                logger.warning("Database unavailable (%s); trying again in %.1f s",
                               type(error).__name__, pause)
                forget_connections()
                time.sleep(pause)
                delay = min(delay * 2, max_backoff())
