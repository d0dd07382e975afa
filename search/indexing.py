"""Setting up, preparing and rebuilding indexes from the database.

- ``setup`` (``manage.py search_setup``, run at deploy and by ``search_reindex``) creates the
  indexes and applies their settings: the only place, with ``rebuild`` and an admin's change to
  the vocabulary, that writes settings to the engine.
- ``ensure_configured``, on the search and sync paths, only *prepares* the backend once per
  process (``SearchBackend.prepare``): Meilisearch learns the settings its queries need without
  writing anything; the embedded engine sets a missing index up (newcomer mode: no command to run).
"""

from collections.abc import Callable, Iterator
from threading import Lock

from django.db import transaction
from django.utils import timezone

from search.backends import get_backend
from search.backends.synonyms import phrase_keys
from search.registry import IndexDefinition, all_indexes, get_index

REINDEX_BATCH = 500
_configured: set[tuple[int, str]] = set()
_configured_lock = Lock()
# The index-time synonyms each prepared index was given in this process (see
# ``reconfigure_vocabulary_indexes``).
_phrases: dict[tuple[int, str], dict[tuple[str, ...], list[str]]] = {}


def ensure_configured(name: str) -> None:
    """Prepare the backend for an index once per process (see the module docstring)."""
    backend = get_backend()
    key = (id(backend), name)
    if key in _configured:
        return
    with _configured_lock:
        if key not in _configured:
            settings = get_index(name).effective_settings()
            backend.prepare(name, settings)
            _phrases[key] = phrase_keys(settings.synonyms, settings.stop_words)
            _configured.add(key)


def setup(name: str) -> None:
    """Create the index if needed and apply its current settings (idempotent)."""
    backend = get_backend()
    settings = get_index(name).effective_settings()
    backend.configure(name, settings)
    with _configured_lock:
        _configured.add((id(backend), name))
        _phrases[(id(backend), name)] = phrase_keys(settings.synonyms, settings.stop_words)


def forget_configuration() -> None:
    _configured.clear()
    _phrases.clear()


def batches(definition: IndexDefinition, size: int = REINDEX_BATCH) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for obj in definition.queryset().order_by("pk").iterator(chunk_size=size):
        batch.append(definition.to_document(obj))
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def rebuild(name: str, *, progress: Callable[[int, int], None] | None = None) -> int:
    """Build the index again from the database, with its current settings, and switch to it
    once complete (searches see the old one meanwhile; a failure leaves it as it was); return
    the number of documents."""
    definition = get_index(name)
    backend = get_backend()
    total = definition.queryset().count()
    settings = definition.effective_settings()
    done = backend.rebuild(
        name,
        settings,
        batches(definition),
        (lambda done: progress(done, total)) if progress else None,
    )
    with _configured_lock:
        _configured.add((id(backend), name))
        _phrases[(id(backend), name)] = phrase_keys(settings.synonyms, settings.stop_words)
    return done


def reconfigure_vocabulary_indexes() -> None:
    """Give the indexes that use the vocabulary its current state (an admin changed it).

    Synonyms Meilisearch cannot apply at query time are written into the documents
    (``_synonyms``, search/backends/synonyms.py): when those change, every document of the
    index is sent again through the sync (durable, retried), unless the engine's ``configure``
    rewrites its documents itself (the embedded engine)."""
    backend = get_backend()
    for definition in all_indexes():
        if definition.uses_vocabulary:
            settings = definition.effective_settings()
            key = (id(backend), definition.name)
            before = _phrases.get(key)
            backend.configure(definition.name, settings)
            after = phrase_keys(settings.synonyms, settings.stop_words)
            with _configured_lock:
                _configured.add(key)
                _phrases[key] = after
            if before != after and not backend.configure_rewrites_documents:
                send_all_again(definition)


def send_all_again(definition: IndexDefinition) -> int:
    """Schedule every document of the index for the sync; return how many."""
    from search.models import PendingUpdate
    from search.sync import enqueue_flush

    now = timezone.now()
    rows = [
        PendingUpdate(
            index=definition.name, object_id=str(pk), scheduled_at=now, next_attempt_at=now
        )
        for pk in definition.queryset().order_by("pk").values_list("pk", flat=True)
    ]
    PendingUpdate.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["index", "object_id"],
        update_fields=["scheduled_at", "next_attempt_at", "attempts"],
    )
    transaction.on_commit(enqueue_flush)
    return len(rows)
