"""``manage.py worker``: the production task worker (compose.yaml's ``worker`` service).

``db_worker``'s options, plus what it lacks (``worker.runner``, ``worker.leases``): a heartbeat
so that the tasks of a worker that died are taken up again, and a loop that waits for the
database instead of exiting. Use it instead of ``db_worker``: a plain ``db_worker`` beats no
heartbeat, so the reaper would take its long tasks for lost ones.
"""

import contextlib

from django.core.management.base import CommandError
from django.db import DatabaseError
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from worker import leases
from worker.runner import ResilientWorker


class Command(DbWorkerCommand):
    help = ("Run the task worker: db_worker with leases (tasks of a dead worker are taken up "
            "again) and waiting for the database when it is away.")

    def handle(self, *, verbosity: int, queue_name: str, interval: float, batch: bool,
               backend_name: str, startup_delay: bool, reload: bool, max_tasks: int | None,
               worker_id: str, exclude_queues: str, **options) -> None:
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names, interval=interval, batch=batch, backend_name=backend_name,
            startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        keeper = leases.LeaseKeeper(worker_id)
        keeper.tick()  # beat before the first claim
        keeper.start()
        worker.configure_signals()
        try:
            worker.serve()
        finally:
            keeper.stop()
            # The database may be away: the row then just expires.
            with contextlib.suppress(DatabaseError):
                leases.forget(worker_id)
