"""Keeping indexes in step with the database, without ever losing an update (DESIGN.md §6).

Services call ``schedule(index, ids)`` inside their transaction. It writes ``PendingUpdate``
rows with the change and, once the transaction commits, enqueues ``flush_pending``. The task
sends what is due to the engine; while the engine is down the rows stay, with a growing delay
between attempts, and the next flush (a retry, a later change, or ``search_sync``) catches up.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.tasks import default_task_backend, task
from django.utils import timezone

from search.backends import get_backend
from search.backends.base import SearchUnavailable
from search.indexing import ensure_configured
from search.models import PendingUpdate
from search.registry import get_index

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
MAX_BACKOFF = timedelta(minutes=10)


def backoff(attempts: int) -> timedelta:
    """2 s, 4 s, 8 s... capped at ten minutes."""
    return min(timedelta(seconds=2 ** min(attempts, 20)), MAX_BACKOFF)


def schedule(index: str, ids: Iterable[Any]) -> None:
    """Record that these objects changed; their index entries follow after commit."""
    get_index(index)  # fail loudly on a typo, inside the caller's transaction
    now = timezone.now()
    # One upsert per thousand rows, not a query or two per object: closing an account
    # schedules tens of thousands of messages at once (bench/privacy_closure.py).
    PendingUpdate.objects.bulk_create(
        [PendingUpdate(index=index, object_id=object_id, scheduled_at=now, next_attempt_at=now,
                       attempts=0) for object_id in sorted({str(pk) for pk in ids})],
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["index", "object_id"],
        update_fields=["scheduled_at", "next_attempt_at", "attempts"],
    )
    transaction.on_commit(enqueue_flush)


def enqueue_flush(delay: timedelta | None = None) -> None:
    if delay is not None and default_task_backend.supports_defer:
        flush_pending.using(run_after=timezone.now() + delay).enqueue()
    elif delay is None:
        flush_pending.enqueue()
    # Without deferral (embedded mode), a failed flush waits for the next change or search_sync.


@task
def flush_pending() -> int:
    """Safe to run twice (worker.leases may run it again): it sends the current state of the
    rows listed in ``PendingUpdate``, the same whenever it is sent."""
    return flush()


def flush(*, limit: int | None = None) -> int:
    """Send due updates to the engine; return how many were applied."""
    due = PendingUpdate.objects.filter(next_attempt_at__lte=timezone.now()).order_by("pk")
    rows = list(due[: limit or BATCH_SIZE])
    by_index: dict[str, list[PendingUpdate]] = defaultdict(list)
    for row in rows:
        by_index[row.index].append(row)
    applied = 0
    failed = False
    for index, index_rows in by_index.items():
        try:
            apply_updates(index, [row.object_id for row in index_rows])
        except SearchUnavailable as error:
            failed = True
            _postpone(index_rows, error)
        else:
            applied += len(index_rows)
            # A change scheduled while we worked has a newer timestamp and stays. Rows
            # scheduled together share their timestamp: one DELETE per timestamp.
            by_time: dict = defaultdict(list)
            for row in index_rows:
                by_time[row.scheduled_at].append(row.pk)
            for scheduled_at, pks in by_time.items():
                PendingUpdate.objects.filter(pk__in=pks, scheduled_at=scheduled_at).delete()
    if failed:
        enqueue_flush(delay=backoff(max(row.attempts for row in rows) + 1))
    elif len(rows) == (limit or BATCH_SIZE):
        enqueue_flush()
    return applied


def apply_updates(index: str, object_ids: list[str]) -> None:
    definition = get_index(index)
    documents, gone = definition.documents_for(object_ids)
    backend = get_backend()
    ensure_configured(index)
    if documents:
        backend.index(index, documents)
    if gone:
        backend.delete(index, gone)


def _postpone(rows: list[PendingUpdate], error: Exception) -> None:
    logger.warning("Search engine unavailable, %d updates postponed: %s", len(rows), error)
    now = timezone.now()
    for row in rows:
        row.attempts += 1
        row.next_attempt_at = now + backoff(row.attempts)
        row.last_error = str(error)[:200]
    PendingUpdate.objects.bulk_update(rows, ["attempts", "next_attempt_at", "last_error"])
