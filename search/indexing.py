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

from search.backends import get_backend
from search.registry import IndexDefinition, all_indexes, get_index

REINDEX_BATCH = 500
_configured: set[tuple[int, str]] = set()
_configured_lock = Lock()


def ensure_configured(name: str) -> None:
    """Prepare the backend for an index once per process (see the module docstring)."""
    backend = get_backend()
    key = (id(backend), name)
    if key in _configured:
        return
    with _configured_lock:
        if key not in _configured:
            backend.prepare(name, get_index(name).effective_settings())
            _configured.add(key)


def setup(name: str) -> None:
    """Create the index if needed and apply its current settings (idempotent)."""
    backend = get_backend()
    backend.configure(name, get_index(name).effective_settings())
    with _configured_lock:
        _configured.add((id(backend), name))


def forget_configuration() -> None:
    _configured.clear()


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
    done = backend.rebuild(
        name,
        definition.effective_settings(),
        batches(definition),
        (lambda done: progress(done, total)) if progress else None,
    )
    with _configured_lock:
        _configured.add((id(backend), name))
    return done


def reconfigure_vocabulary_indexes() -> None:
    """Give the indexes that use the vocabulary its current state (an admin changed it)."""
    backend = get_backend()
    for definition in all_indexes():
        if definition.uses_vocabulary:
            backend.configure(definition.name, definition.effective_settings())
            with _configured_lock:
                _configured.add((id(backend), definition.name))
