"""What the tests of the news pages share: reading a page's structure (ids and data
attributes: the new strings are not translated yet), and making items at chosen times."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news import services
from news.models import ActivityEvent, NewsItem
from tests.factories import MemberFactory
from tests.news.factories import NewsItemFactory

FEED = "/actualites/"
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/actualites/"}


def main_of(html: str) -> str:
    return html.split('<main id="contenu"', 1)[1].split("</main>", 1)[0]


def section(html: str, marker: str) -> str:
    return html.split(marker, 1)[1].split("</section>", 1)[0]


def stream_ids(html: str) -> list[str]:
    """The entries of the stream, in order: "n<id>" for a news item, "e<id>" for another event."""
    stream = section(html, 'id="news-feed"')
    return [f"n{item}" if item else f"e{event}" for item, event in
            re.findall(r'data-news-item="(\d+)"|data-event="(\d+)"', stream)]


def new_ids(html: str) -> set[str]:
    """The ids of the items and events marked new."""
    return set(re.findall(r'data-(?:news-item|event)="(\d+)"[^>]*? data-new[ >]', html))


def publish(moderator, title: str, **changes) -> NewsItem:
    return services.news_publish(actor=moderator, title=title, summary=f"À propos de {title}",
                                 **changes)


def age(item: NewsItem, hours: float) -> None:
    """Move an item's publication (and its event) ``hours`` into the past."""
    when = timezone.now() - timedelta(hours=hours)
    NewsItem.objects.filter(pk=item.pk).update(published_at=when)
    ActivityEvent.objects.filter(object_id=item.pk, kind="news_published").update(
        occurred_at=when)


def many(moderator, count: int) -> list[NewsItem]:
    """``count`` published items an hour apart, newest first."""
    items = [publish(moderator, f"Actualité {n}") for n in range(count)]
    for n, item in enumerate(items):
        age(item, count - n)  # the last one is the newest
    return items[::-1]

def fill(moderator, count: int) -> None:
    """``count`` published items, each with its event and the welcome of its author, a pin
    every ten, and a scheduled and two pending items that the feed leaves out."""
    for n in range(count):
        author = MemberFactory()
        item = NewsItemFactory(author=author, moderation_status="published",
                               published_at=timezone.now())  # amid the welcomes
        services.activity_record(kind="news_published", target=item, text=item.title,
                                 url=item.get_absolute_url(), occurred_at=item.published_at)
        services.member_welcomed(member=author, actor=moderator)
        if n % 10 == 0:
            services.news_pin(actor=moderator, item=item)
    services.news_publish(actor=moderator, title=f"Programmée {count}", summary="…",
                          scheduled_for=timezone.now() + timedelta(days=1))
    NewsItemFactory.create_batch(2, moderation_status="pending")


def count_queries(client, url: str, **extra) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **extra).status_code == 200
    return len(queries.captured_queries)
