from django.core.management.base import BaseCommand, CommandError

from search.registry import all_indexes, get_index


class IndexCommand(BaseCommand):
    """A command acting on every search index, or on the one named."""

    def add_arguments(self, parser):
        parser.add_argument("index", nargs="?", help="index name, e.g. members")

    def index_names(self, index: str | None) -> list[str]:
        try:
            return [get_index(index).name] if index else [d.name for d in all_indexes()]
        except LookupError as error:
            raise CommandError(str(error)) from error
