"""The queue's report cards kept rendered (moderation/queue_fragments.py).

The same queue is not rendered twice; what a card shows (the reporter's name, whether its author
may be suspended) shows at once when it changes.
"""

import pytest
from django.core.cache import cache

from community.models import Role
from moderation import queue_fragments
from tests.factories import PostFactory
from walls import selectors
from walls import services as wall_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def renders(monkeypatch):
    rendered: list[int] = []
    original = queue_fragments._render

    def counting(report, here):
        rendered.append(report.pk)
        return original(report, here)

    monkeypatch.setattr(queue_fragments, "_render", counting)
    return rendered


@pytest.fixture
def reported(member, other_member):
    post = PostFactory(wall=selectors.group_wall(), author=other_member, body="Un message vif",
                       html="<p>Un message vif</p>")
    wall_services.post_report(actor=member, post=post, reason="Propos désobligeants")
    return post


def queue(client) -> str:
    response = client.get("/animation/signalements/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_same_queue_is_not_rendered_twice(as_user, moderator, reported, renders):
    client = as_user(moderator)
    first = queue(client)
    assert "Propos désobligeants" in first and len(renders) == 1
    assert "Propos désobligeants" in queue(client)
    assert len(renders) == 1


def test_what_a_card_shows_changes_at_once(as_user, moderator, member, other_member, reported,
                                           renders):
    client = as_user(moderator)
    page = queue(client)
    suspend = f"/animation/membres/{other_member.pk}/suspendre/"
    assert member.display_name in page and suspend in page
    member.first_name = "Maxime"
    member.save()
    other_member.role = Role.MODERATOR
    other_member.save()
    page = queue(client)
    assert "Maxime" in page and suspend not in page
    assert len(renders) == 2
