from django.core.management.base import BaseCommand, CommandError

from search.backends.base import SearchUnavailable
from search.indexing import setup
from search.registry import all_indexes, get_index


class Command(BaseCommand):
    help = (
        "Create the search indexes and apply their settings (run at deploy, after migrate). "
        "Searches never do it: with Meilisearch they may run with a search-only key."
    )

    def add_arguments(self, parser):
        parser.add_argument("index", nargs="?", help="index name, e.g. members")

    def handle(self, *args, index=None, **options):
        try:
            names = [get_index(index).name] if index else [d.name for d in all_indexes()]
        except LookupError as error:
            raise CommandError(str(error)) from error
        for name in names:
            try:
                setup(name)
            except SearchUnavailable as error:
                raise CommandError(
                    f"Search engine unavailable, index {name!r} not set up: {error}"
                ) from error
            self.stdout.write(self.style.SUCCESS(f"{name}: index ready, settings applied"))
