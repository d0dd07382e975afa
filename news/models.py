"""The news feed (*Fil d'actualité*): news items, the activity stream and each member's last
visit.

A news item is a moderated thing (moderation.models.Moderated). A member's proposal waits
(``pending``) until a moderator approves it; a moderator's own item is published at once or at
a time they choose. "Visible" is one rule, in SQL and in Python: published, and its publication
time (``published_at``) has come; a scheduled item is published with ``published_at`` in the
future, and the feed needs nothing to run when that time comes. Telling the members and adding
it to the search index do: ``announced_at`` records that it was done (news/services/announce.py).

The activity stream (``ActivityEvent``) is what happens on the platform, one row per event, in
the order members see it (``occurred_at``): a news item published, a member welcomed; projects
and library documents will add theirs through ``news.services.activity_record``.
"""

from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moderation.models import Moderated, ModerationStatus

MAX_TITLE_LENGTH = 150
MAX_SUMMARY_LENGTH = 500
MAX_BODY_LENGTH = 20_000
MAX_LINK_LENGTH = 500
SNAPSHOT_LENGTH = 300


class NewsItemQuerySet(models.QuerySet):
    def visible(self, now: datetime | None = None) -> "NewsItemQuerySet":
        """What every member sees: published, and its publication time has come."""
        return self.filter(
            moderation_status=ModerationStatus.PUBLISHED,
            published_at__lte=now or timezone.now(),
        )


class NewsItem(Moderated):
    title = models.CharField(_("title"), max_length=MAX_TITLE_LENGTH)
    summary = models.TextField(_("summary"), max_length=MAX_SUMMARY_LENGTH)
    body = models.TextField(_("text"), max_length=MAX_BODY_LENGTH, blank=True)
    html = models.TextField(blank=True)  # ``body`` rendered and sanitised (chat/rendering.py)
    link = models.URLField(_("link"), max_length=MAX_LINK_LENGTH, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
        related_name="news_items", verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("proposed on"), auto_now_add=True)
    # When members see it: set at publication; in the future while it is scheduled.
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    # The time a moderator chose; applied when a pending proposal is approved.
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    pinned_at = models.DateTimeField(_("pinned on"), null=True, blank=True)
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("edited on"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    # When members were told and the search index took it (news/services/announce.py): set
    # once, the first time the item is visible; empty while it waits, is scheduled, or was
    # never published.
    announced_at = models.DateTimeField(_("announced on"), null=True, blank=True)

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["moderation_status", "-published_at"], name="news_item_visible"),
            models.Index(fields=["author", "-created_at"], name="news_item_author"),
            # The due check: published items whose announcement has not been made yet.
            models.Index(fields=["published_at"], name="news_item_unannounced",
                         condition=Q(moderation_status="published", announced_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", args=[self.pk])

    @property
    def is_pinned(self) -> bool:
        return self.pinned_at is not None

    def is_visible(self, now: datetime | None = None) -> bool:
        """NewsItemQuerySet.visible, for one item in hand."""
        return (self.is_published and self.published_at is not None
                and self.published_at <= (now or timezone.now()))

    @property
    def is_scheduled(self) -> bool:
        """Published, but its time has not come yet: only moderators and its author see it."""
        return (self.is_published and self.published_at is not None
                and self.published_at > timezone.now())


class ActivityEvent(models.Model):
    """One thing that happened on the platform, as the feed shows it.

    ``target`` is what it is about (a news item, the member welcomed...); ``text`` and
    ``detail`` are snapshots of how it was named, kept for when the target is gone; ``url``
    leads to it. ``occurred_at`` is when it enters the stream (a scheduled news item's
    publication time, in the future until then). ``hidden_at``: hidden with its target (a news
    item hidden by the moderators), back when the target is restored.
    """

    class Kind(models.TextChoices):
        NEWS_PUBLISHED = "news_published", _("News item published")
        MEMBER_WELCOMED = "member_welcomed", _("New member welcomed")
        PROJECT_PUBLISHED = "project_published", _("Project published")
        DOCUMENT_PUBLISHED = "document_published", _("Document published")
        EVENT_PUBLISHED = "event_published", _("Event published")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True,
                                     blank=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("actor"),
    )
    text = models.CharField(_("text"), max_length=SNAPSHOT_LENGTH)
    detail = models.CharField(_("detail"), max_length=SNAPSHOT_LENGTH, blank=True)
    url = models.CharField(_("link"), max_length=SNAPSHOT_LENGTH)
    occurred_at = models.DateTimeField(_("date"), default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(_("hidden on"), null=True, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activity stream")
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id"], name="news_one_event_per_target",
                condition=Q(object_id__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["-occurred_at", "-id"], name="news_activity_stream",
                         condition=Q(hidden_at__isnull=True)),
            models.Index(fields=["content_type", "object_id"], name="news_activity_target"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}"


class FeedVisit(models.Model):
    """When a member last opened the feed (their ``last_seen_feed_at``), to mark what is new.

    ``last_seen_at`` moves to "now" at each visit of the feed's first page; ``previous_seen_at``
    keeps the visit before it, which every page of the current visit compares with ("See
    more" too). Visits closer than ``news.services.VISIT_GAP`` are one visit.
    """

    member = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  primary_key=True, related_name="feed_visit")
    last_seen_at = models.DateTimeField()
    previous_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("visit of the feed")
        verbose_name_plural = _("visits of the feed")

    def __str__(self) -> str:
        return f"{self.member_id}: {self.last_seen_at:%Y-%m-%d %H:%M}"
