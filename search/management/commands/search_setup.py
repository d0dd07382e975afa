from django.core.management.base import CommandError

from search.backends.base import SearchUnavailable
from search.indexing import setup
from search.management.index_command import IndexCommand


class Command(IndexCommand):
    help = (
        "Create the search indexes and apply their settings (run at deploy, after migrate). "
        "Searches never do it: with Meilisearch they may run with a search-only key."
    )

    def handle(self, *args, index=None, **options):
        for name in self.index_names(index):
            try:
                setup(name)
            except SearchUnavailable as error:
                raise CommandError(
                    f"Search engine unavailable, index {name!r} not set up: {error}"
                ) from error
            self.stdout.write(self.style.SUCCESS(f"{name}: index ready, settings applied"))
