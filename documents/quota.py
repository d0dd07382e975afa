"""What a member stores, across apps: the library's files and what other apps keep for them
(wall attachments), so that one quota (DOCUMENTS_MEMBER_QUOTA_BYTES) covers it all. Each app
adds its count with ``register`` in its AppConfig.ready; uploads ask ``used_bytes``."""

from collections.abc import Callable
from typing import Any

_counters: list[Callable[[Any], int]] = []


def register(counter: Callable[[Any], int]) -> Callable[[Any], int]:
    """``counter(member)``: the bytes ``member`` stores in one app (one query)."""
    if counter not in _counters:
        _counters.append(counter)
    return counter


def used_bytes(member) -> int:
    return sum(counter(member) for counter in _counters)
