"""Creating, configuring and rebuilding indexes from the database."""

from collections.abc import Callable, Iterator
from threading import Lock

from search.backends import get_backend
from search.registry import IndexDefinition, all_indexes, get_index

REINDEX_BATCH = 500
_configured: set[tuple[int, str]] = set()
_configured_lock = Lock()


def ensure_configured(name: str) -> None:
    """Apply an index's settings once per process and backend (idempotent on the engine side)."""
    backend = get_backend()
    key = (id(backend), name)
    if key in _configured:
        return
    with _configured_lock:
        if key not in _configured:
            backend.configure(name, get_index(name).effective_settings())
            _configured.add(key)


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
    """Empty the index and fill it again from the database; return the number of documents."""
    definition = get_index(name)
    backend = get_backend()
    backend.configure(name, definition.effective_settings())
    backend.reset(name)
    total = definition.queryset().count()
    done = 0
    for batch in batches(definition):
        backend.index(name, batch)
        done += len(batch)
        if progress:
            progress(done, total)
    return done


def reconfigure_vocabulary_indexes() -> None:
    """Give the indexes that use the vocabulary its current state (an admin changed it)."""
    backend = get_backend()
    for definition in all_indexes():
        if definition.uses_vocabulary:
            backend.configure(definition.name, definition.effective_settings())
            with _configured_lock:
                _configured.add((id(backend), definition.name))
