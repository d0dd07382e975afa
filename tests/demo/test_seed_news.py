"""``seed_demo`` fills the news feed through its services: news items in every state (published,
pinned, scheduled, pending, rejected with a reason, hidden) and the welcomes of recent members;
and nothing more on a second run."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from community.models import User
from demo.management.commands.seed_demo import DOMAIN
from moderation.models import AuditEntry
from news import selectors
from news.models import ActivityEvent, NewsItem
from news.search_indexes import NEWS_INDEX
from notifications.models import Notification
from search.backends import get_backend
from search.query import search_index

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def _counts() -> tuple:
    return (NewsItem.objects.count(), ActivityEvent.objects.count(),
            AuditEntry.objects.count(), NewsItem.objects.filter(pinned_at__isnull=False).count())


def test_seed_fills_the_news_feed_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the index flush, as in real use
        output = _seed()
    assert "Fil d'actualité : 9 actualités et 5 arrivées de membres" in output
    now = timezone.now()
    items = NewsItem.objects.all()
    visible = list(NewsItem.objects.visible())
    assert len(visible) == 4
    assert items.filter(pinned_at__isnull=False).get() in visible
    [scheduled] = [item for item in items if item.is_scheduled]
    assert scheduled.published_at > now and scheduled not in visible
    assert items.filter(moderation_status="pending").count() == 2
    rejected = items.get(moderation_status="rejected")
    hidden = items.get(moderation_status="hidden")
    assert rejected.decision_reason and hidden.decision_reason
    assert {entry.action for entry in AuditEntry.objects.all()} >= {
        AuditEntry.Action.APPROVED, AuditEntry.Action.REJECTED, AuditEntry.Action.HIDDEN}
    assert all(item.created_at <= now for item in items)
    assert "<strong>fil d'actualité</strong>" in items.get(pinned_at__isnull=False).html

    # What a member sees: the pinned item, then the stream mixing news and welcomes.
    feed = selectors.feed_page(limit=500)  # other apps' seeds add their events too
    kinds = [event.kind for event in feed.entries]
    assert kinds.count("news_published") == 3 and kinds.count("member_welcomed") == 5
    dates = [event.occurred_at for event in feed.entries]
    assert dates == sorted(dates, reverse=True) and dates[0] <= now
    shown = {event.object_id for event in feed.entries if event.kind == "news_published"}
    assert hidden.pk not in shown and scheduled.pk not in shown
    demo = User.objects.get(email=f"membre@{DOMAIN}")
    assert demo.news_items.filter(moderation_status="pending").exists()

    # Members were told of what they can read, and the news search finds it.
    told = set(Notification.objects.filter(kind="news_published", recipient=demo)
               .values_list("url", flat=True))
    assert told == {item.get_absolute_url() for item in visible if item.author != demo}
    assert get_backend().count(NEWS_INDEX) == 4
    hits = search_index(NEWS_INDEX, user=demo, query="tiers-lieu Redon").hits
    assert [int(hit.id) for hit in hits][:1] == [items.get(title__contains="Redon").pk]

    counts = _counts()
    assert "Fil d'actualité : 0 actualités et 0 arrivées de membres" in _seed()
    assert _counts() == counts
