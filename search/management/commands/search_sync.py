from django.core.management.base import BaseCommand
from django.utils import timezone

from search.models import PendingUpdate
from search.sync import flush


class Command(BaseCommand):
    help = "Send pending index updates to the engine now (after an outage, or from cron)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", action="store_true", help="retry postponed updates without waiting"
        )

    def handle(self, *args, **options):
        if options["now"]:
            PendingUpdate.objects.update(next_attempt_at=timezone.now())
        applied = 0
        while done := flush():
            applied += done
        remaining = PendingUpdate.objects.count()
        self.stdout.write(f"{applied} updates applied, {remaining} still pending")
