"""GET /healthz: is every service the platform depends on answering?

Used by the compose health check, load balancers and the embedded-mode smoke test.
Answers 200 when every check is ok, 503 otherwise. An error is reported by its exception
class only, never its message, which could carry a URL with credentials.
"""

import asyncio
import contextlib
import time
import uuid
from collections.abc import Callable

import meilisearch
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from community.access import open_access

CHANNEL_LAYER_TIMEOUT = 2  # seconds
SEARCH_TIMEOUT = 2  # seconds


class CheckFailed(Exception):
    """A service answered, but not as expected."""


def check_database() -> dict:
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone()[0] != 1:
            raise CheckFailed
    return {"vendor": connection.vendor}


def check_cache() -> dict:
    cache = caches["default"]
    key = f"healthz:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    try:
        if cache.get(key) != value:
            raise CheckFailed
    finally:
        cache.delete(key)
    return {"backend": type(cache).__name__}


async def _channel_layer_round_trip(layer) -> None:
    channel = await layer.new_channel("healthz")
    try:
        token = uuid.uuid4().hex
        await layer.send(channel, {"type": "healthz.ping", "token": token})
        message = await asyncio.wait_for(layer.receive(channel), CHANNEL_LAYER_TIMEOUT)
        if message.get("token") != token:
            raise CheckFailed
    finally:
        await _forget_channel(layer, channel)


async def _forget_channel(layer, channel: str) -> None:
    """A consumer leaves by cancelling its ``receive``: that is when the pub/sub layer
    unsubscribes the channel. Without it, every health check would leave one subscription."""
    waiting = asyncio.ensure_future(layer.receive(channel))
    await asyncio.sleep(0)  # let it start waiting
    waiting.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await waiting


def check_channel_layer() -> dict:
    layer = get_channel_layer()
    if layer is None:
        raise CheckFailed
    async_to_sync(_channel_layer_round_trip)(layer)
    return {"backend": type(layer).__name__}


def check_search() -> dict:
    url = getattr(settings, "MEILISEARCH_URL", "")
    if not url:
        return {"engine": "embedded"}
    api_key = getattr(settings, "MEILISEARCH_API_KEY", "") or None
    client = meilisearch.Client(url, api_key, timeout=SEARCH_TIMEOUT)
    answer = client.health().get("status")
    if answer != "available":
        raise CheckFailed
    return {"engine": "meilisearch", "health": answer}


CHECKS: dict[str, Callable[[], dict]] = {
    "database": check_database,
    "cache": check_cache,
    "channel_layer": check_channel_layer,
    "search": check_search,
}


def run_check(check: Callable[[], dict]) -> dict:
    started = time.perf_counter()
    try:
        result = {"status": "ok", **check()}
    except Exception as error:  # any failure is reported, none is raised
        result = {"status": "error", "error": type(error).__name__}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


@open_access
@require_GET
@never_cache
def healthz(request):
    checks = {name: run_check(check) for name, check in CHECKS.items()}
    healthy = all(check["status"] == "ok" for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "checks": checks},
        status=200 if healthy else 503,
    )


