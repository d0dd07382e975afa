from django.core.management.base import BaseCommand, CommandError

from search.backends.base import SearchUnavailable
from search.indexing import rebuild
from search.registry import all_indexes, get_index


class Command(BaseCommand):
    help = (
        "Rebuild search indexes from the database (all of them, or the one named) with their "
        "current settings, into a new index switched in once complete."
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
