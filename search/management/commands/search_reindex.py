from django.core.management.base import CommandError

from search.backends.base import SearchUnavailable
from search.indexing import rebuild
from search.management.index_command import IndexCommand


class Command(IndexCommand):
    help = (
        "Rebuild search indexes from the database (all of them, or the one named) with their "
        "current settings, into a new index switched in once complete."
    )

    def handle(self, *args, index=None, **options):
        for name in self.index_names(index):
            try:
                count = rebuild(name, progress=self._progress(name))
            except SearchUnavailable as error:
                raise CommandError(f"Search engine unavailable: {error}") from error
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS(f"{name}: {count} documents indexed"))

    def _progress(self, name: str):
        width = 30

        def show(done: int, total: int) -> None:
            filled = width * done // max(total, 1)
            bar = "#" * filled + "." * (width - filled)
            self.stdout.write(f"\r{name:<12} [{bar}] {done}/{total}", ending="")
            self.stdout.flush()

        return show
