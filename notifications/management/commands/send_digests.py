"""``manage.py send_digests``: the daily email digest, to run once a day (docs/operations.md).

Safe to run again or after a crash: a notification goes into one digest at most.
"""

from django.core.management.base import BaseCommand, CommandError

from notifications.services import send_digests


class Command(BaseCommand):
    help = "Email each member the digest of their notifications since the last one."

    def handle(self, *args, **options):
        sent, failed = send_digests()
        self.stdout.write(f"{sent} digests sent, {failed} failed")
        if failed:
            raise CommandError(f"{failed} digests could not be sent; the next run retries them")
