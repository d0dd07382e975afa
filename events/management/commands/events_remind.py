from django.core.management.base import BaseCommand

from events.services import reminders_due


class Command(BaseCommand):
    help = ("Send the events' reminders that are due (the day before, one hour before), for "
            "cron in embedded mode and as a safety net in production.")

    def handle(self, *args, **options) -> None:
        told = reminders_due()
        self.stdout.write(f"{told} reminder(s) sent.")
