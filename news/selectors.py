"""Reads of the news feed, shaped so that a page costs the same number of queries whatever the
number of news items and events on it."""

from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.utils import timezone

from moderation.models import ModerationStatus
from news.models import ActivityEvent, FeedVisit, NewsItem

PAGE_SIZE = 20
HOME_COUNT = 3


@dataclass
class Feed:
    """One page of the feed: the pinned news items (first page only), then the stream, newest
    first. ``new_since``: the reader's previous visit; what came after it is marked new."""

    pinned: list[NewsItem] = field(default_factory=list)
    entries: list[ActivityEvent] = field(default_factory=list)
    next_before: int | None = None  # the cursor of the next page (``?avant=<id>``)
    new_since: datetime | None = None

    @property
    def is_empty(self) -> bool:
        return not self.pinned and not self.entries


def _news_queryset() -> QuerySet[NewsItem]:
    return NewsItem.objects.select_related("author__profile")


def visible_news(now: datetime | None = None) -> QuerySet[NewsItem]:
    """What every member sees, with what a card shows."""
    return _news_queryset().visible(now)


def latest_news(limit: int = HOME_COUNT) -> list[NewsItem]:
    """The home page's "Latest news": one query."""
    return list(visible_news().order_by("-published_at", "-pk")[:limit])


def feed_mark(member) -> datetime | None:
    """What is new for ``member`` is counted from here during their current visit (the pages
    after the first, "See more"): news.services.feed_visit moved it."""
    return (FeedVisit.objects.filter(member=member)
            .values_list("previous_seen_at", flat=True).first())


def _stream(now: datetime) -> QuerySet[ActivityEvent]:
    return ActivityEvent.objects.filter(hidden_at__isnull=True, occurred_at__lte=now)


# The targets the stream only links to, by its own snapshot (``text``, ``detail``, ``url``):
# of these, the feed needs to know only that they still exist (a project, a library document,
# an event of the agenda; by label, since those apps sit above this one).
LINKED_TARGETS = ("projects.Project", "documents.Document", "events.Event")


def _linked_targets() -> dict[int, type]:
    """Content type id -> model, for LINKED_TARGETS (installed apps only; content types are
    cached by Django after their first use)."""
    models = {}
    for label in LINKED_TARGETS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        models[ContentType.objects.get_for_model(model).pk] = model
    return models


def _with_target_exists(events: QuerySet[ActivityEvent], linked: dict[int, type]):
    """``target_exists`` in the stream's own query for linked targets: one ``EXISTS`` instead
    of one query per kind loading whole rows (issue 20: the agenda's events in the feed had
    added one)."""
    if not linked:
        return events
    return events.annotate(target_exists=Case(
        *(When(content_type_id=content_type,
               then=Exists(model._base_manager.filter(pk=OuterRef("object_id"))))
          for content_type, model in linked.items()),
        default=Value(True), output_field=BooleanField(),
    ))


def _is_shown(event: ActivityEvent, now: datetime, linked: dict[int, type]) -> bool:
    """Whatever the stream says, the target decides: a news item must be visible, a welcomed
    member still a member; an event whose target is gone is not shown."""
    if event.object_id is None:
        return True
    if event.content_type_id in linked:
        return event.target_exists
    target = event.target
    if target is None:
        return False
    if isinstance(target, NewsItem):
        return target.is_visible(now)
    if event.kind == ActivityEvent.Kind.MEMBER_WELCOMED:
        return bool(getattr(target, "is_member", False))
    return True


def feed_page(*, before: int | None = None, new_since: datetime | None = None,
              now: datetime | None = None, limit: int = PAGE_SIZE) -> Feed:
    """A page of the feed: four queries on the first page (pinned items, the stream, and its
    news items and members), three after, whatever is on it. The stream's other targets
    (projects, documents, events) are only linked to: whether they still exist is asked in
    the stream's query."""
    now = now or timezone.now()
    pinned: list[NewsItem] = []
    events = _stream(now)
    if before is None:
        pinned = list(visible_news(now).filter(pinned_at__isnull=False)
                      .order_by("-pinned_at", "-pk"))
        if pinned:  # shown once, at the top
            events = events.exclude(
                content_type=ContentType.objects.get_for_model(NewsItem),
                object_id__in=[item.pk for item in pinned],
            )
    else:
        anchor = Subquery(ActivityEvent.objects.filter(pk=before).values("occurred_at")[:1])
        events = events.filter(Q(occurred_at__lt=anchor) | Q(occurred_at=anchor, pk__lt=before))
    linked = _linked_targets()
    page = list(_with_target_exists(events, linked).order_by("-occurred_at", "-pk")[: limit + 1])
    # The news items and members the cards show: one query for each kind on the page.
    prefetch_related_objects(
        [event for event in page if event.object_id is not None
         and event.content_type_id not in linked],
        GenericPrefetch("target", [
            _news_queryset(),
            get_user_model().objects.select_related("profile"),
        ]),
    )
    next_before = page[limit - 1].pk if len(page) > limit else None
    entries = [event for event in page[:limit] if _is_shown(event, now, linked)]
    for item in pinned:
        item.is_new = bool(new_since and item.published_at > new_since)
    for event in entries:
        event.is_new = bool(new_since and event.occurred_at > new_since)
    return Feed(pinned=pinned, entries=entries, next_before=next_before, new_since=new_since)


def new_count(new_since: datetime | None, now: datetime | None = None) -> int:
    """How many events entered the stream since ``new_since`` (one query)."""
    if new_since is None:
        return 0
    return _stream(now or timezone.now()).filter(occurred_at__gt=new_since).count()


def scheduled_news(now: datetime | None = None) -> list[NewsItem]:
    """For the moderators: published items whose time has not come yet, soonest first."""
    return list(
        _news_queryset()
        .filter(moderation_status=ModerationStatus.PUBLISHED,
                published_at__gt=now or timezone.now())
        .order_by("published_at", "pk")
    )


def pending_news_count() -> int:
    return NewsItem.objects.filter(moderation_status=ModerationStatus.PENDING).count()


def news_of_author(member) -> QuerySet[NewsItem]:
    """"My proposals": everything ``member`` wrote, newest first, whatever its status."""
    return NewsItem.objects.filter(author=member).order_by("-created_at", "-pk")

