from django.core.management.base import BaseCommand

from news.services import news_announce_due


class Command(BaseCommand):
    help = ("Announce the scheduled news items whose time has come: notify the members and "
            "index them (cron, every minute, in embedded mode; a safety net elsewhere).")

    def handle(self, *args, **options):
        count = news_announce_due()
        self.stdout.write(f"{count} news item(s) announced")
