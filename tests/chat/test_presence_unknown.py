"""Presence when the cache (Redis) is down: the room page and a profile still answer, and say
that presence is unknown instead of failing (chat/sockets.py ``online_user_ids``)."""

import pytest
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from chat import sockets

pytestmark = pytest.mark.django_db


class DownCache:
    def get_many(self, keys):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@pytest.fixture
def redis_down(monkeypatch):
    monkeypatch.setattr(sockets, "shared_cache", lambda: DownCache())


def test_online_user_ids_is_none_when_the_cache_is_down(redis_down, caplog):
    assert sockets.online_user_ids([1, 2]) is None
    assert "Presence unknown" in caplog.text


def test_the_room_page_works_and_says_presence_is_unknown(client, moderator, public_room,
                                                          redis_down):
    client.force_login(moderator)
    response = client.get(reverse("chat:room", args=[public_room.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "présence inconnue" in page
    assert "<span data-when-unknown>statut inconnu" in page


def test_a_profile_works_and_says_presence_is_unknown(client, member, other_member, redis_down):
    client.force_login(member)
    response = client.get(reverse("community:member_detail", args=[other_member.pk]))
    assert response.status_code == 200
    assert 'data-when-unknown>' in response.content.decode()
