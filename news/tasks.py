"""Background work of the news feed (Django's task framework: in-process at once in embedded
mode, the database queue and the worker in production)."""

from django.tasks import task

from news.services.announce import news_announce_due


@task
def announce_due_news() -> int:
    """Deferred to a scheduled item's publication time by ``news.services.news_published``
    (where the queue can defer): tells the members and indexes what became visible. Safe to
    run twice: an item is announced once (a conditional update of ``announced_at``)."""
    return news_announce_due()
