"""Pick the configured engine, like Django's cache backends."""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from search.backends.base import SearchBackend


@cache
def get_backend() -> SearchBackend:
    config = settings.SEARCH_BACKEND
    return import_string(config["BACKEND"])(config.get("OPTIONS", {}))


def reset_backend_cache() -> None:
    """Forget the engine instance (tests that change SEARCH_BACKEND call this)."""
    get_backend.cache_clear()
