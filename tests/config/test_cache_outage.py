"""Redis gone from under the cache (config/cache.py): reads find nothing, writes are dropped,
and the pages that keep fragments in the cache are built from the database instead of
answering 500. Redis here is a closed loopback port: every call is refused at once."""

import logging

import pytest
from django.core.cache import cache
from redis.exceptions import RedisError

from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

UNREACHABLE = {
    "default": {
        "BACKEND": "config.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


@pytest.fixture
def redis_gone(settings):
    settings.CACHES = UNREACHABLE
    yield
    # The next test gets its usual cache back with the setting (Django resets the handler).


def test_reads_find_nothing_and_writes_are_dropped(redis_gone, caplog):
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        assert cache.get("k", "absent") == "absent"
        assert cache.get_many(["a", "b"]) == {}
        assert cache.has_key("k") is False
        assert cache.add("k", 1) is False
        cache.set("k", 1)
        assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
        assert cache.delete("k") is False
        cache.delete_many(["a", "b"])
        assert cache.get_or_set("k", 5) == 5
    assert "Cache unavailable" in caplog.text
    with pytest.raises(RedisError):  # a counter that cannot count is the caller's decision
        cache.incr("k")


@pytest.mark.parametrize("path", ["/mur/", "/membres/", "/actualites/", "/agenda/"])
def test_pages_that_keep_fragments_are_built_without_the_cache(redis_gone, client, member,
                                                               path):
    PostFactory()
    client.force_login(member)
    response = client.get(path)
    assert response.status_code == 200


def test_the_moderation_queue_too(redis_gone, client, moderator):
    client.force_login(moderator)
    assert client.get("/animation/signalements/").status_code == 200
