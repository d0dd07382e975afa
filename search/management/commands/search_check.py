from django.core.management.base import BaseCommand, CommandError

from search.backends import get_backend
from search.backends.base import SearchUnavailable
from search.models import PendingUpdate
from search.registry import all_indexes


class Command(BaseCommand):
    help = "Compare each index's document count with the database; fail on a difference."

    def handle(self, *args, **options):
        backend = get_backend()
        mismatches = []
        for definition in all_indexes():
            expected = definition.queryset().count()
            pending = PendingUpdate.objects.filter(index=definition.name).count()
            try:
                indexed = backend.count(definition.name)
            except SearchUnavailable as error:
                raise CommandError(f"Search engine unavailable: {error}") from error
            state = "ok" if indexed == expected else "DIFFERENT"
            self.stdout.write(
                f"{definition.name:<12} database {expected:>7}  index {indexed:>7}  "
                f"pending {pending:>5}  {state}"
            )
            if indexed != expected:
                mismatches.append(definition.name)
        if mismatches:
            raise CommandError(
                f"Index out of step: {', '.join(mismatches)}. "
                "Run `manage.py search_sync`, or `manage.py search_reindex` to rebuild."
            )
