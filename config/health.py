"""GET /healthz: is every service the platform depends on answering? Within a second.

Used by the compose health check, load balancers and the embedded-mode smoke test. The checks
run at once, each in a thread of a small pool, and the answer leaves by ``DEADLINE`` seconds
whatever they do: a check still running then is reported as ``"timeout"`` (an unreachable
PostgreSQL used to hold the answer 6 s, then say 200). A check that is still running from an
earlier request is not started again, so a hung service cannot pile threads up. The database is
asked on a connection of its own (not the pool's, whose wait is 10 s), with a connect timeout
and a statement timeout.

Answers 200 when every required check is ok, 503 otherwise; ``tasks`` (the queue's depth and the
age of its oldest ready task) is information, not a condition. An error is reported by its
exception class only, never its message, which could carry a URL with credentials.
"""

import asyncio
import contextlib
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

import meilisearch
import psycopg
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from community.access import open_access

DEADLINE = 0.9  # seconds, for the whole answer
DATABASE_CONNECT_TIMEOUT = 2  # seconds: libpq's smallest useful value (whole seconds)
CHANNEL_LAYER_TIMEOUT = 2  # seconds
SEARCH_TIMEOUT = 2  # seconds


class CheckFailed(Exception):
    """A service answered, but not as expected."""


def check_database() -> dict:
    if connection.vendor != "postgresql":
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                if cursor.fetchone()[0] != 1:
                    raise CheckFailed
        finally:
            connection.close()
        return {"vendor": connection.vendor}
    params = {key: value for key, value in connection.get_connection_params().items()
              if key not in ("cursor_factory", "context", "prepare_threshold")}
    params["connect_timeout"] = DATABASE_CONNECT_TIMEOUT
    params["options"] = f"{params.get('options', '')} -c statement_timeout=1000".strip()
    with psycopg.connect(**params, autocommit=True) as conn:
        if conn.execute("SELECT 1").fetchone()[0] != 1:
            raise CheckFailed
    return {"vendor": "postgresql"}


def check_tasks() -> dict:
    """How much waits in the database queue, and since when (the worker may be down)."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != "django_tasks_db.DatabaseBackend":
        return {"backend": backend.rsplit(".", 1)[1]}
    from django.db.models import Min
    from django_tasks_db.models import DBTaskResult

    try:
        ready = DBTaskResult.objects.ready()
        summary = ready.aggregate(oldest=Min("enqueued_at"))
        oldest = summary["oldest"]
        return {
            "backend": "DatabaseBackend",
            "ready": ready.count(),
            "running": DBTaskResult.objects.running().count(),
            "oldest_ready_seconds": (round((timezone.now() - oldest).total_seconds())
                                     if oldest else None),
        }
    finally:
        connection.close()


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


@dataclass(frozen=True)
class Check:
    run: Callable[[], dict]
    required: bool = True
    needs: str | None = None  # not waited for when that check failed (it would only hang)


CHECKS: dict[str, Check] = {
    "database": Check(check_database),
    "cache": Check(check_cache),
    "channel_layer": Check(check_channel_layer),
    "search": Check(check_search),
    "tasks": Check(check_tasks, required=False, needs="database"),
}

_pool = ThreadPoolExecutor(max_workers=2 * len(CHECKS), thread_name_prefix="healthz")
_running: dict[str, Future] = {}
_running_lock = threading.Lock()


def run_check(check: Callable[[], dict]) -> dict:
    started = time.perf_counter()
    try:
        result = {"status": "ok", **check()}
    except Exception as error:  # any failure is reported, none is raised
        result = {"status": "error", "error": type(error).__name__}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _start(name: str, check: Check) -> Future:
    with _running_lock:
        future = _running.get(name)
        if future is None or future.done():
            future = _running[name] = _pool.submit(run_check, check.run)
        return future


def run_checks(deadline: float = DEADLINE) -> dict[str, dict]:
    started = time.monotonic()
    futures = {name: _start(name, check) for name, check in CHECKS.items()}
    results = {}
    for name, future in futures.items():  # required checks first (CHECKS' order)
        needs = CHECKS[name].needs
        if needs and results.get(needs, {}).get("status") != "ok" and not future.done():
            results[name] = {"status": "skipped", "needs": needs}
            continue
        try:
            results[name] = future.result(timeout=max(0.0, deadline - (time.monotonic() - started)))
        except FutureTimeout:
            results[name] = {"status": "timeout", "ms": round(deadline * 1000)}
    return results


@open_access
@require_GET
@never_cache
def healthz(request):
    checks = run_checks()
    for name, result in checks.items():
        result["required"] = CHECKS[name].required
    healthy = all(result["status"] == "ok" for name, result in checks.items()
                  if CHECKS[name].required)
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "checks": checks},
        status=200 if healthy else 503,
    )
