"""The feed's entries kept rendered (news/fragments.py, issue 20).

An entry's HTML is shared by readers who would see the same bytes and rendered again as soon as
anything it shows changes; what is new for one reader never reaches another.
"""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from news import fragments, services
from news.models import FeedVisit
from tests.factories import MemberFactory
from tests.news.helpers import FEED, age, new_ids, publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def renders(monkeypatch):
    """The entries rendered through the template (not taken from the cache), by event id."""
    rendered: list[int] = []
    original = fragments._render

    def counting(event):
        rendered.append(event.pk)
        return original(event)

    monkeypatch.setattr(fragments, "_render", counting)
    return rendered


def entry(html: str, item) -> str:
    match = re.search(rf'<article class="news-card[^"]*" id="news-{item.pk}".*?</article>', html,
                      re.S)
    assert match, f"news item {item.pk} not in the feed"
    return match.group(0)


def test_readers_in_the_same_situation_share_one_rendering(as_user, member, moderator,
                                                           renders):
    item = publish(moderator, "Rencontre nationale")
    first = as_user(member).get(FEED).content.decode()
    rendered = len(renders)
    assert rendered >= 1
    second = as_user(MemberFactory()).get(FEED).content.decode()
    assert len(renders) == rendered  # from the cache
    assert entry(first, item) == entry(second, item)


def test_an_edit_and_a_new_name_show_at_once(as_user, member, moderator, renders):
    item = publish(moderator, "Rencontre nationale")
    client = as_user(member)
    assert "Rencontre nationale" in entry(client.get(FEED).content.decode(), item)
    services.news_edit(actor=moderator, item=item, title="Rencontre nationale à Lyon",
                       summary=item.summary, body=item.body)
    assert "Rencontre nationale à Lyon" in entry(client.get(FEED).content.decode(), item)
    moderator.first_name = "Édith"
    moderator.save()
    assert "Édith" in entry(client.get(FEED).content.decode(), item)


def test_what_is_new_for_one_reader_never_reaches_another(as_user, member, moderator):
    old = publish(moderator, "Ancienne")
    age(old, 48)
    veteran, newcomer = as_user(member), as_user(MemberFactory())
    veteran.get(FEED)  # a first visit marks nothing
    FeedVisit.objects.filter(member=member).update(
        last_seen_at=timezone.now() - timedelta(hours=24))
    fresh = publish(moderator, "Toute fraîche")
    assert str(fresh.pk) in new_ids(veteran.get(FEED).content.decode())  # since their visit
    assert new_ids(newcomer.get(FEED).content.decode()) == set()  # their first visit
    assert str(fresh.pk) in new_ids(veteran.get(FEED).content.decode())


def test_a_reporter_and_a_moderator_each_get_their_own(as_user, member, moderator):
    """A member may report an item; its author (the moderator here) may not."""
    item = publish(moderator, "Rencontre nationale")
    report = f"/actualites/{item.pk}/signaler/"
    assert report in entry(as_user(member).get(FEED).content.decode(), item)
    assert report not in entry(as_user(moderator).get(FEED).content.decode(), item)
    assert report in entry(as_user(MemberFactory()).get(FEED).content.decode(), item)
