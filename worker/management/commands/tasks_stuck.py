"""``manage.py tasks_stuck [--requeue]``: the RUNNING tasks whose worker stopped beating
(``worker.leases``), and putting them back in the queue. Workers do it by themselves every few
seconds; this is for looking, and for when no worker runs."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from worker import leases


class Command(BaseCommand):
    help = ("List RUNNING tasks whose worker has not beaten for TASKS_LEASE_SECONDS; "
            "--requeue puts them back in the queue (or fails those out of attempts).")

    def add_arguments(self, parser):
        parser.add_argument("--requeue", action="store_true",
                            help="put the stuck tasks back to READY")

    def handle(self, *args, requeue: bool, **options):
        now = timezone.now()
        stuck = leases.stuck_tasks(now=now)
        if not stuck:
            self.stdout.write(self.style.SUCCESS("No stuck task."))
            return
        for item in stuck:
            task = item.task
            beat = ("never" if item.last_beat is None
                    else f"{(now - item.last_beat).total_seconds():.0f} s ago")
            self.stdout.write(
                f"{task.pk}  {task.task_path}  queue {task.queue_name}  "
                f"started {task.started_at:%Y-%m-%d %H:%M:%S}  worker {item.worker_id}  "
                f"last beat {beat}  attempts {len(task.worker_ids)}"
            )
        if not requeue:
            self.stdout.write(f"{len(stuck)} stuck tasks; --requeue puts them back in the queue.")
            return
        counts = {"requeued": 0, "failed": 0, "skipped": 0}
        for item in stuck:
            counts[leases.requeue(item.task)] += 1
        self.stdout.write(self.style.SUCCESS(
            "{requeued} requeued, {failed} failed (out of attempts), {skipped} changed meanwhile"
            .format(**counts)))
