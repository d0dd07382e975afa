"""The /healthz view: every check ok on the configured services, 503 when one fails."""

import json
import threading
import time
from datetime import timedelta

import pytest
from channels.layers import get_channel_layer
from django.test import override_settings
from django.utils import timezone
from redis.asyncio import Redis

from community.access import OPEN, access_level
from config import health
from config.health import _channel_layer_round_trip, healthz

pytestmark = pytest.mark.django_db

CHECK_NAMES = {"database", "cache", "channel_layer", "search", "tasks"}
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://:s3cret-password@127.0.0.1:1/0",
    }
}


def _call(rf):
    response = healthz(rf.get("/healthz"))
    return response, json.loads(response.content)


def test_all_checks_ok(rf):
    response, body = _call(rf)

    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == CHECK_NAMES
    for name, check in body["checks"].items():
        assert check["status"] == "ok", (name, check)
    assert response["Cache-Control"].startswith("max-age=0")


def test_reports_the_backends_in_use(rf, settings):
    _, body = _call(rf)
    checks = body["checks"]

    postgres = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    assert checks["database"]["vendor"] == ("postgresql" if postgres else "sqlite")
    expected_layer = settings.CHANNEL_LAYERS["default"]["BACKEND"].rsplit(".", 1)[1]
    assert checks["channel_layer"]["backend"] == expected_layer
    if not getattr(settings, "MEILISEARCH_URL", ""):
        assert checks["search"]["engine"] == "embedded"


@override_settings(CACHES=UNREACHABLE_REDIS)
def test_unreachable_cache_is_degraded(rf):
    response, body = _call(rf)

    assert response.status_code == 503
    assert body["status"] == "degraded"
    assert body["checks"]["cache"]["status"] == "error"
    assert body["checks"]["cache"]["error"] == "ConnectionError"
    assert body["checks"]["database"]["status"] == "ok"
    assert "s3cret" not in response.content.decode()


@override_settings(MEILISEARCH_URL="http://127.0.0.1:1", MEILISEARCH_API_KEY="s3cret-key")
def test_unreachable_search_is_degraded_without_leaking_the_key(rf):
    response, body = _call(rf)

    assert response.status_code == 503
    assert body["checks"]["search"]["status"] == "error"
    assert "s3cret" not in response.content.decode()


def test_only_get(rf):
    assert healthz(rf.post("/healthz")).status_code == 405


def test_open_to_everyone_at_every_stage():
    """Load balancers call it without a session; the membership gate must never redirect it."""
    assert access_level(healthz) == OPEN


def test_url_is_public(client):
    """Through the URLconf and the whole middleware stack, logged out."""
    response = client.get("/healthz")

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "ok"


async def test_the_channel_layer_check_leaves_no_channel_behind(settings):
    """With Redis pub/sub, a channel stays subscribed until its receive is cancelled: a health
    check every few seconds must not pile up subscriptions in Daphne and in Redis."""
    layer = get_channel_layer()
    for _ in range(3):
        await _channel_layer_round_trip(layer)
    if settings.REDIS_URL:
        redis = Redis.from_url(settings.REDIS_URL)
        try:
            assert await redis.pubsub_channels("*healthz*") == []
        finally:
            await redis.aclose()
    assert not [name for name in getattr(layer, "channels", {}) if "healthz" in name]


def test_a_hung_dependency_is_reported_within_the_deadline(rf, monkeypatch):
    """A service that does not answer (PostgreSQL behind a cut network) must not hold the
    answer: by the deadline, the check is a "timeout" and the answer is 503."""
    release = threading.Event()
    starts = []

    def hang() -> dict:
        starts.append(1)
        release.wait(10)
        return {}

    monkeypatch.setitem(health.CHECKS, "database", health.Check(hang))
    try:
        for _ in range(2):
            started = time.monotonic()
            response, body = _call(rf)
            assert time.monotonic() - started < 1.0
            assert response.status_code == 503
            assert body["checks"]["database"]["status"] == "timeout"
            assert body["checks"]["cache"]["status"] == "ok"
        assert starts == [1]  # the second request did not start a second hung check
    finally:
        release.set()


@pytest.mark.django_db(transaction=True)  # the check reads from a thread of its own
def test_the_task_queue_is_information_not_a_condition(rf, settings):
    from django_tasks_db.models import DBTaskResult

    from tests.worker.tasks import append_line

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = append_line.enqueue("/nonexistent", "x")
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=3))
    checks = health.run_checks(deadline=5)
    assert checks["tasks"]["status"] == "ok", checks["tasks"]
    assert checks["tasks"]["ready"] == 1
    assert 180 <= checks["tasks"]["oldest_ready_seconds"] < 240
    assert health.CHECKS["tasks"].required is False


def test_a_failing_optional_check_keeps_the_answer_ok(rf, monkeypatch):
    def broken() -> dict:
        raise RuntimeError

    monkeypatch.setitem(health.CHECKS, "tasks", health.Check(broken, required=False))
    response, body = _call(rf)
    assert response.status_code == 200
    assert body["checks"]["tasks"]["status"] == "error"
