"""Deleting or changing many old rows without holding a table for long: in batches.

Retention (privacy/retention/) asks every app to forget what it no longer needs each night; on
a large table (notifications, task results) one ``DELETE`` of a year's rows would hold locks
and build a huge transaction. These helpers take the rows ``BATCH`` primary keys at a time, each
batch its own short statement, so a run costs a number of queries that depends on the batches,
never on the rows inside one, and a crash part-way loses nothing that a rerun would not redo.
"""

from collections.abc import Callable

from django.db import transaction
from django.db.models import QuerySet

BATCH = 1000


def purge_rows(queryset: QuerySet, *, dry_run: bool, batch: int | None = None) -> int:
    """Delete the rows of ``queryset`` (or, with ``dry_run``, only count them): how many."""

    def delete(rows: QuerySet, ids: list) -> int:
        with transaction.atomic():
            rows.delete()
        return len(ids)

    return _in_batches(queryset, dry_run=dry_run, batch=batch, apply=delete)


def update_rows(queryset: QuerySet, *, dry_run: bool, batch: int | None = None,
                **values) -> int:
    """Set ``values`` on the rows of ``queryset`` in batches; ``queryset`` must no longer
    select a row once it is changed (or the loop would not end)."""
    return _in_batches(
        queryset, dry_run=dry_run, batch=batch, apply=lambda rows, ids: rows.update(**values)
    )


def _in_batches(
    queryset: QuerySet,
    *,
    dry_run: bool,
    batch: int | None,
    apply: Callable[[QuerySet, list], int],
) -> int:
    """``apply`` to the rows of ``queryset``, ``batch`` primary keys at a time (each batch its
    own statement); the total it returns. With ``dry_run``, only the count."""
    if dry_run:
        return queryset.count()
    batch = batch or BATCH
    model = queryset.model
    total = 0
    while True:
        ids = list(queryset.order_by("pk").values_list("pk", flat=True)[:batch])
        if not ids:
            return total
        total += apply(model._base_manager.filter(pk__in=ids), ids)
        if len(ids) < batch:
            return total
