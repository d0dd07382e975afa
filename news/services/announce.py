"""Announcing a news item when members can see it: every member is told (a ``news_published``
notification, once per item) and the item enters the search index (news/search_indexes.py).

An item becomes visible in three ways, and each one calls ``news_announce`` at that moment:

- a moderator publishes it now (``news_publish``), or approves a proposal (``news_decided``);
- a moderator moves a scheduled item to "now", or restores a hidden item whose time has come;
- a scheduled item's time comes. Nothing happens in the database then (visibility is a
  comparison with ``published_at``), so something must notice:

  * with a task queue that can defer (``TASKS_QUEUE=database``: production), publishing or
    rescheduling enqueues ``news.tasks.announce_due_news`` to run at the publication time;
  * everywhere, ``announce_due_soon`` runs the due check (one indexed query) from the pages
    members read the news on (the feed, an item, the news search), at most once a minute for
    the whole site (a cache key: shared by every process with Redis), so there is no
    per-request storm, only a cheap cache lookup;
  * ``manage.py news_announce`` runs the same check, for cron in embedded mode (where tasks
    run in-process and cannot be deferred) and as a safety net (docs/operations.md).

``announced_at`` is claimed with a conditional update before anything is sent, so that two of
these at the same instant announce an item once; the notifications' ``key`` makes a retry
harmless too.
"""

from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.tasks import default_task_backend
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from news.models import NewsItem
from news.search_indexes import NEWS_INDEX
from notifications.models import Notification
from notifications.services import notify_many
from notifications.services import withdraw as withdraw_notifications
from search.sync import schedule as schedule_index_update

DUE_CHECK_KEY = "news:due-check"
DUE_CHECK_EVERY = 60  # seconds between two due checks from the pages, site-wide
DUE_BATCH = 50  # items announced by one due check (the rest at the next one)


def news_key(item_id: int) -> str:
    """What the notifications about a news item are keyed by (``Notification.key``)."""
    return f"news.newsitem:{item_id}"


def reindex_news(item_id: int) -> None:
    """The item's entry in the news index follows once the transaction commits: added,
    replaced, or removed if it no longer belongs there (hidden, deleted, not visible yet)."""
    schedule_index_update(NEWS_INDEX, [item_id])


def _notification_text(item: NewsItem) -> str:
    # One text for hundreds of members: in the platform's language, as the digest is.
    with translation.override(settings.LANGUAGE_CODE):
        return _("New in the news feed: “%(title)s”") % {"title": item.title}


@transaction.atomic
def news_announce(*, item_id: int, now: datetime | None = None) -> bool:
    """If the item is visible now and was never announced: index it and tell every active
    member but its author and the moderator who published it. Returns whether it did.

    A constant number of queries whatever the number of members (``notify_many``)."""
    now = now or timezone.now()
    claimed = NewsItem.objects.visible(now).filter(
        pk=item_id, announced_at__isnull=True
    ).update(announced_at=now)
    if not claimed:
        return False
    item = NewsItem.objects.select_related("author").get(pk=item_id)
    reindex_news(item.pk)
    skipped = [pk for pk in (item.author_id, item.decided_by_id) if pk is not None]
    recipients = get_user_model().objects.exclude(pk__in=skipped)
    notify_many(recipients, Notification.Kind.NEWS_PUBLISHED, item.author,
                _notification_text(item), item.get_absolute_url(), key=news_key(item.pk))
    return True


def news_published(item: NewsItem, *, now: datetime | None = None) -> None:
    """The item was just published (or its time moved): announced now if it is visible,
    otherwise when its time comes (a deferred task where the queue can defer; the due check
    everywhere)."""
    now = now or timezone.now()
    if item.is_visible(now):
        news_announce(item_id=item.pk, now=now)
    elif item.is_published and item.published_at is not None:
        when = item.published_at
        transaction.on_commit(lambda: _enqueue_due_check(when))


def news_hidden(item: NewsItem) -> None:
    """Hidden by the moderators: out of the index, and its title out of every bell. Restored
    later, it is not announced again (``announced_at`` stays)."""
    reindex_news(item.pk)
    withdraw_notifications(key=news_key(item.pk))


def _enqueue_due_check(when: datetime) -> None:
    from news.tasks import announce_due_news  # the task module imports the services

    if default_task_backend.supports_defer:
        announce_due_news.using(run_after=when).enqueue()


def news_announce_due(*, now: datetime | None = None) -> int:
    """Announce the items whose time has come and that nobody announced yet; how many. One
    query when there is none (a partial index covers it)."""
    now = now or timezone.now()
    due = list(
        NewsItem.objects.visible(now).filter(announced_at__isnull=True)
        .order_by("published_at", "pk").values_list("pk", flat=True)[:DUE_BATCH]
    )
    return sum(news_announce(item_id=pk, now=now) for pk in due)


def announce_due_soon() -> int:
    """The pages' due check: runs ``news_announce_due`` if no page did in the last
    ``DUE_CHECK_EVERY`` seconds (site-wide), else does nothing but a cache lookup."""
    if not cache.add(DUE_CHECK_KEY, True, DUE_CHECK_EVERY):
        return 0
    return news_announce_due()
