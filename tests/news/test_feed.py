"""The news feed page: pinned news then the stream, what moderators see in addition, "new
since your last visit", pagination with and without HTMX, and constant query counts. New
strings are not translated yet: assertions read structure, ids and data attributes."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from news import services
from news.models import ActivityEvent, FeedVisit
from tests.factories import MemberFactory
from tests.news.helpers import (
    FEED,
    HTMX,
    age,
    count_queries,
    fill,
    many,
    new_ids,
    publish,
    section,
    stream_ids,
)

pytestmark = pytest.mark.django_db


# --- Navigation and the feed ---------------------------------------------------------------------


def test_navigation_has_the_news_feed_after_the_wall(as_user, member):
    html = as_user(member).get(FEED).content.decode()
    nav = html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a href="([^"]+)"', nav)
    assert links[:3] == ["/", "/mur/", FEED]
    assert f'<a href="{FEED}" aria-current="page">' in nav
    other = as_user(member).get("/mur/").content.decode()
    assert f'<a href="{FEED}" aria-current' not in other


def test_the_feed_shows_pinned_news_then_the_stream(as_user, member, other_member, moderator):
    old = publish(moderator, "Ancienne")
    age(old, 48)
    services.member_welcomed(member=other_member, actor=moderator)
    pinned = publish(moderator, "Épinglée", pin=True)
    age(pinned, 72)
    latest = publish(moderator, "Récente", link="https://exemple.fr/recente")
    _proposal = services.news_propose(actor=member, title="En attente", summary="…")
    html = as_user(member).get(FEED).content.decode()
    pinned_section = section(html, "data-pinned")
    assert f'data-news-item="{pinned.pk}"' in pinned_section
    welcome = ActivityEvent.objects.get(kind="member_welcomed")
    assert stream_ids(html) == [f"n{latest.pk}", f"e{welcome.pk}", f"n{old.pk}"]
    assert 'href="https://exemple.fr/recente" rel="noopener noreferrer nofollow"' in html
    entry = html.split(f'data-event="{welcome.pk}"', 1)[1].split("</div>\n</div>", 1)[0]
    assert f'href="{other_member.get_absolute_url()}"' in entry
    assert "Odile Autre" in entry and "Tiers-lieu de la Vallée, Occitanie" in entry
    assert "En attente" not in html  # pending: the author finds it under "My proposals"
    assert f'href="{reverse("news:propose")}"' in html and 'data-scheduled' not in html


def test_moderators_see_what_is_scheduled_and_what_waits(as_user, member, moderator):
    later = timezone.now() + timedelta(days=1)
    scheduled = publish(moderator, "Programmée", scheduled_for=later)
    services.news_propose(actor=member, title="Proposition", summary="…")
    html = as_user(moderator).get(FEED).content.decode()
    assert f'data-news-item="{scheduled.pk}"' in section(html, "data-scheduled")
    assert 'data-pending-news="1"' in html and 'href="/animation/signalements/"' in html
    assert stream_ids(html) == []
    member_page = as_user(member).get(FEED).content.decode()
    assert "Programmée" not in member_page and "data-pending-news" not in member_page
    assert as_user(member).get(scheduled.get_absolute_url()).status_code == 404


def test_new_since_the_last_visit_is_marked(as_user, member, moderator):
    before_visit = publish(moderator, "Déjà vue")
    age(before_visit, 30)
    pinned_old = publish(moderator, "Épinglée ancienne", pin=True)
    age(pinned_old, 40)
    FeedVisit.objects.create(member=member, last_seen_at=timezone.now() - timedelta(hours=24))
    fresh = publish(moderator, "Toute fraîche")
    pinned_new = publish(moderator, "Épinglée nouvelle", pin=True)
    welcome = services.member_welcomed(member=MemberFactory(), actor=moderator)
    client = as_user(member)

    html = client.get(FEED).content.decode()
    assert new_ids(html) == {str(fresh.pk), str(pinned_new.pk), str(welcome.pk)}
    assert 'data-new-count="3"' in html
    badge = html.split(f'data-news-item="{fresh.pk}"', 1)[1].split("</h3>", 1)[0]
    assert 'class="news-new" data-new-badge><span aria-hidden="true">' in badge
    assert '<span class="visually-hidden">' in badge
    visit = FeedVisit.objects.get(member=member)
    assert timezone.now() - visit.last_seen_at < timedelta(seconds=5)

    # A reload is the same visit; a visit after a while starts from this one.
    assert new_ids(client.get(FEED).content.decode()) == new_ids(html)
    for item in (fresh, pinned_new):
        age(item, 2)
    ActivityEvent.objects.filter(pk=welcome.pk).update(
        occurred_at=timezone.now() - timedelta(hours=2))
    FeedVisit.objects.filter(member=member).update(
        last_seen_at=timezone.now() - services.VISIT_GAP - timedelta(minutes=1))
    later = client.get(FEED).content.decode()
    assert new_ids(later) == set() and "data-new-count" not in later


def test_the_first_visit_marks_nothing(as_user, member, moderator):
    publish(moderator, "Bienvenue")
    html = as_user(member).get(FEED).content.decode()
    assert new_ids(html) == set() and FeedVisit.objects.filter(member=member).exists()


# --- Pagination ---------------------------------------------------------------------------------


def test_see_more_with_and_without_htmx(as_user, member, moderator):
    items = many(moderator, 25)
    FeedVisit.objects.create(member=member, last_seen_at=timezone.now() - timedelta(hours=30))
    client = as_user(member)
    html = client.get(FEED).content.decode()
    assert stream_ids(html) == [f"n{item.pk}" for item in items[:20]]
    assert new_ids(html) == {str(item.pk) for item in items[:20]}
    cursor = ActivityEvent.objects.get(object_id=items[19].pk).pk
    more = f"{FEED}?avant={cursor}"
    assert f'href="{more}" hx-get="{more}" hx-target="#news-stream"' in html

    # Without JavaScript: the next page, whole, with a way back.
    page = client.get(more).content.decode()
    assert stream_ids(page) == [f"n{item.pk}" for item in items[20:]]
    assert f'<a href="{FEED}">' in section(page, 'id="news-feed"')
    # With HTMX: only the entries and the new "See more" control (out of band).
    fragment = client.get(more, **HTMX).content.decode()
    assert "<html" not in fragment and 'id="news-more" class="news-more" hx-swap-oob="true"' \
        in fragment
    assert re.findall(r'data-news-item="(\d+)"', fragment) == [str(i.pk) for i in items[20:]]
    # The next pages of the visit mark what is new since the visit before it, not since the
    # first page (which moved the member's last visit to now).
    assert new_ids(fragment) == {str(item.pk) for item in items[20:]}


def test_a_bad_cursor_is_the_first_page(as_user, member, moderator):
    many(moderator, 2)
    for value in ("abc", "-3", "0"):
        html = as_user(member).get(f"{FEED}?avant={value}").content.decode()
        assert len(stream_ids(html)) == 2

# --- Constant query counts -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_feed_query_count_does_not_grow(request, as_user, moderator, role):
    client = as_user(request.getfixturevalue(role))
    fill(moderator, 5)
    client.get(FEED)  # the first visit creates the visit's row; the next ones update it
    small = count_queries(client, FEED)
    fill(moderator, 45)
    assert count_queries(client, FEED) == small
    cursor = ActivityEvent.objects.order_by("-occurred_at", "-pk")[25].pk
    small_more = count_queries(client, f"{FEED}?avant={cursor}", **HTMX)
    fill(moderator, 30)
    assert count_queries(client, f"{FEED}?avant={cursor}", **HTMX) == small_more


def test_other_apps_events_show_with_their_snapshot(as_user, member):
    """Projects and documents will record their own events (news.services.activity_record):
    the feed shows them by their snapshot and link, escaped."""
    event = services.activity_record(kind="document_published", text="Guide <b>PTCE</b>",
                                     detail="Bibliothèque", url="/documents/12/")
    html = as_user(member).get(FEED).content.decode()
    assert stream_ids(html) == [f"e{event.pk}"]
    entry = html.split(f'data-event="{event.pk}"', 1)[1].split("</li>", 1)[0]
    assert 'data-kind="document_published"' in html
    assert '<a href="/documents/12/">Guide &lt;b&gt;PTCE&lt;/b&gt;</a>' in entry


def test_linked_targets_cost_no_query_of_their_own_and_leave_when_gone(as_user, member):
    """Projects, documents and events in the stream are shown by their snapshot: whether their
    target still exists is asked in the stream's own query (issue 20), so that a page costs
    the same with or without them, and one whose target was deleted is not shown."""
    from tests.documents.factories import DocumentFactory
    from tests.events.factories import EventFactory
    from tests.projects.factories import ProjectFactory

    client = as_user(member)
    client.get(FEED)
    services.activity_record(kind="member_welcomed", text="Une personne", url="/membres/")
    before = count_queries(client, FEED)
    targets = [("project_published", ProjectFactory()), ("document_published", DocumentFactory()),
               ("event_published", EventFactory())]
    events = [services.activity_record(kind=kind, target=target, text=f"Sujet {n}",
                                       url=f"/lien/{n}/")
              for n, (kind, target) in enumerate(targets)]
    assert count_queries(client, FEED) == before
    html = client.get(FEED).content.decode()
    assert [f"e{event.pk}" for event in reversed(events)] == stream_ids(html)[:3]
    targets[1][1].delete()
    assert ActivityEvent.objects.filter(pk=events[1].pk).exists()  # the stream still has it
    html = client.get(FEED).content.decode()
    assert f"e{events[1].pk}" not in stream_ids(html)
    assert f"e{events[0].pk}" in stream_ids(html) and f"e{events[2].pk}" in stream_ids(html)
