"""Redis as a cache that a Redis outage never turns into an error page.

Every page now reads the cache (the charter's gate, the walls' and the queue's kept fragments,
the agenda's cards): with Django's ``RedisCache`` a Redis that vanished for a few seconds would
answer each of them with a 500. Here, while Redis cannot be reached, a read finds nothing and
a write is dropped: the page is built from the database, as on a cold cache, and the outage is
logged once, not at every call. Connections time out quickly so that a Redis that hangs costs
a page a fraction of a second, not a worker.
"""

import logging
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

LOG_EVERY = 60.0  # seconds between two log lines of the same outage


class ResilientRedisCache(RedisCache):
    _logged_at = 0.0

    def _unavailable(self, error: Exception) -> None:
        now = time.monotonic()
        if now - ResilientRedisCache._logged_at >= LOG_EVERY:
            ResilientRedisCache._logged_at = now
            logger.warning("Cache unavailable, pages are built without it: %s", error)

    def _or(self, fallback: Any, method, *args, **kwargs) -> Any:
        try:
            return method(*args, **kwargs)
        except RedisError as error:
            self._unavailable(error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._or(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._or({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._or(False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(False, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._or(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._or(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        self._or(None, super().delete_many, keys, version)

    def clear(self):
        return self._or(False, super().clear)

    # ``incr``/``decr`` still raise: a counter that silently did not count (a rate limit)
    # must be the caller's decision, not the cache's.
