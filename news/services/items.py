"""Every write of news items: proposing, publishing (now or at a chosen time), editing,
scheduling, pinning, withdrawing, and what follows a moderation decision.

Approving, rejecting, hiding and restoring go through ``moderation.services.decide``, which
logs the decision and tells the author; ``news_decided`` (news/moderated.py registers it)
then publishes an approved item (``published_at``) and keeps the activity stream in step.
Whenever an item becomes visible, members are told and the search index takes it
(announce.py); every other change that the index shows is scheduled for it here.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chat.rendering import render_markdown
from moderation.models import ModerationStatus
from news import permissions
from news.models import (
    MAX_BODY_LENGTH,
    MAX_LINK_LENGTH,
    MAX_SUMMARY_LENGTH,
    MAX_TITLE_LENGTH,
    ActivityEvent,
    NewsItem,
)
from news.services.activity import (
    activity_hide,
    activity_record,
    activity_restore,
    activity_update,
)
from news.services.announce import news_announce, news_hidden, news_published, reindex_news

KEEP = object()  # ``news_edit(scheduled_for=KEEP)``: the schedule is left as it is
link_validator = URLValidator(schemes=["http", "https"])


# --- Text -----------------------------------------------------------------------------------


def _one_line(value: str) -> str:
    return " ".join((value or "").split())


def clean_news(*, title: str, summary: str, body: str = "", link: str = "") -> dict:
    """The fields of a news item, or a ValidationError per field saying what is wrong."""
    title = _one_line(title)
    summary = (summary or "").replace("\r\n", "\n").strip()
    body = (body or "").replace("\r\n", "\n").strip()
    link = (link or "").strip()
    errors: dict[str, list] = {}
    if not title:
        errors["title"] = [_("Give the news item a title.")]
    elif len(title) > MAX_TITLE_LENGTH:
        errors["title"] = [_("At most %(max)d characters.") % {"max": MAX_TITLE_LENGTH}]
    if not summary:
        errors["summary"] = [_("Say in a sentence or two what it is about.")]
    elif len(summary) > MAX_SUMMARY_LENGTH:
        errors["summary"] = [_("At most %(max)d characters.") % {"max": MAX_SUMMARY_LENGTH}]
    if len(body) > MAX_BODY_LENGTH:
        errors["body"] = [_("At most %(max)d characters.") % {"max": MAX_BODY_LENGTH}]
    if link:
        try:
            if len(link) > MAX_LINK_LENGTH:
                raise ValidationError("too long")
            link_validator(link)
        except ValidationError:
            errors["link"] = [_("Enter a web address starting with https:// or http://.")]
    if errors:
        raise ValidationError(errors)
    return {"title": title, "summary": summary, "body": body, "html": render_markdown(body),
            "link": link}


def clean_schedule(when: datetime | None, *, now: datetime) -> datetime | None:
    """A publication time chosen by a moderator: in the future, or none (at once)."""
    if when is not None and when <= now:
        raise ValidationError(
            {"scheduled_for": [_("Choose a time in the future, or publish now.")]}
        )
    return when


def _detail(item: NewsItem) -> str:
    return item.summary


# --- Proposing and publishing ------------------------------------------------------------------


@transaction.atomic
def news_propose(*, actor, title: str, summary: str, body: str = "",
                 link: str = "") -> NewsItem:
    """A member proposes a news item: it waits for a moderator's decision."""
    if not permissions.can_propose_news(actor):
        raise PermissionDenied
    fields = clean_news(title=title, summary=summary, body=body, link=link)
    return NewsItem.objects.create(author=actor, moderation_status=ModerationStatus.PENDING,
                                   **fields)


def _record_publication(item: NewsItem) -> None:
    """The item enters the stream at its publication time (in the future if scheduled)."""
    activity_record(
        kind=ActivityEvent.Kind.NEWS_PUBLISHED, target=item, actor=item.author,
        text=item.title, detail=_detail(item), url=item.get_absolute_url(),
        occurred_at=item.published_at,
    )


@transaction.atomic
def news_publish(*, actor, title: str, summary: str, body: str = "", link: str = "",
                 scheduled_for: datetime | None = None, pin: bool = False,
                 now: datetime | None = None) -> NewsItem:
    """A moderator publishes a news item, at once or at ``scheduled_for``; ``pin`` keeps it at
    the top of the feed."""
    if not permissions.can_publish_news(actor):
        raise PermissionDenied
    now = now or timezone.now()
    fields = clean_news(title=title, summary=summary, body=body, link=link)
    when = clean_schedule(scheduled_for, now=now)
    item = NewsItem.objects.create(
        author=actor, moderation_status=ModerationStatus.PUBLISHED, decided_by=actor,
        decided_at=now, scheduled_for=when, published_at=when or now,
        pinned_at=now if pin else None, pinned_by=actor if pin else None, **fields,
    )
    _record_publication(item)
    news_published(item, now=now)
    return item


# --- Editing and scheduling ----------------------------------------------------------------


def _locked(item: NewsItem) -> NewsItem:
    return (NewsItem.objects.select_for_update(of=("self",)).select_related("author")
            .get(pk=item.pk))


def _apply_schedule(item: NewsItem, when: datetime | None, now: datetime) -> list[str]:
    """Move the (future) publication of ``item``; the fields that changed."""
    item.scheduled_for = when
    if not item.is_published:  # pending: applied when a moderator approves it
        return ["scheduled_for"]
    item.published_at = when or now
    activity_update(target=item, kind=ActivityEvent.Kind.NEWS_PUBLISHED,
                    occurred_at=item.published_at)
    return ["scheduled_for", "published_at"]


@transaction.atomic
def news_schedule(*, actor, item: NewsItem, scheduled_for: datetime | None,
                  now: datetime | None = None) -> NewsItem:
    """A moderator chooses when a pending or scheduled item appears (None: at once, or at its
    approval)."""
    now = now or timezone.now()
    item = _locked(item)
    if not permissions.can_schedule_news(actor, item):
        raise PermissionDenied
    when = clean_schedule(scheduled_for, now=now)
    item.save(update_fields=_apply_schedule(item, when, now))
    if item.is_published:
        news_published(item, now=now)
    return item


@transaction.atomic
def news_edit(*, actor, item: NewsItem, title: str, summary: str, body: str = "",
              link: str = "", scheduled_for=KEEP, now: datetime | None = None) -> NewsItem:
    """The author rewrites their proposal while it waits; a moderator edits any item, and may
    move the publication of one that is not visible yet (``scheduled_for``)."""
    now = now or timezone.now()
    item = _locked(item)
    if not permissions.can_edit_news(actor, item):
        raise PermissionDenied
    fields = clean_news(title=title, summary=summary, body=body, link=link)
    changed = [name for name, value in fields.items() if getattr(item, name) != value]
    reschedule = scheduled_for is not KEEP and scheduled_for != item.scheduled_for
    if reschedule and not permissions.can_schedule_news(actor, item):
        raise PermissionDenied
    if not changed and not reschedule:
        return item
    update_fields = []
    if reschedule:
        update_fields += _apply_schedule(item, clean_schedule(scheduled_for, now=now), now)
    if changed:
        for name in changed:
            setattr(item, name, fields[name])
        item.edited_at = now
        item.edited_by = actor
        update_fields += [*changed, "edited_at", "edited_by"]
        activity_update(target=item, kind=ActivityEvent.Kind.NEWS_PUBLISHED, text=item.title,
                        detail=_detail(item))
    item.save(update_fields=update_fields)
    if reschedule and item.is_published:
        news_published(item, now=now)
    elif changed:
        reindex_news(item.pk)
    return item


@transaction.atomic
def news_withdraw(*, actor, item: NewsItem) -> None:
    """The author takes back their proposal before a decision: it is deleted."""
    item = _locked(item)
    if not permissions.can_withdraw_news(actor, item):
        raise PermissionDenied
    item.delete()


# --- Pins ---------------------------------------------------------------------------------


@transaction.atomic
def news_pin(*, actor, item: NewsItem) -> NewsItem:
    """A moderator keeps a published item at the top of the feed."""
    item = _locked(item)
    if not permissions.can_moderate_news(actor) or not item.is_published:
        raise PermissionDenied
    if not item.is_pinned:
        item.pinned_at = timezone.now()
        item.pinned_by = actor
        item.save(update_fields=["pinned_at", "pinned_by"])
    return item


@transaction.atomic
def news_unpin(*, actor, item: NewsItem) -> NewsItem:
    item = _locked(item)
    if not permissions.can_moderate_news(actor):
        raise PermissionDenied
    if item.is_pinned:
        item.pinned_at = None
        item.pinned_by = None
        item.save(update_fields=["pinned_at", "pinned_by"])
    return item


# --- After a moderation decision --------------------------------------------------------------


def news_decided(item: NewsItem, decision: str) -> None:
    """Called by ``moderation.services.decide`` inside its transaction (news/moderated.py).

    Approved: published now, or at the time a moderator chose if it is still to come, and
    into the stream, and announced (announce.py) once visible. Hidden: out of the stream (and
    of the pinned items), of the search index and of the members' bells; restored: back in the
    stream and the index (announced then if it never was: hidden before its time came)."""
    if decision == "approve":
        now = timezone.now()
        when = item.scheduled_for if item.scheduled_for and item.scheduled_for > now else now
        item.published_at = when
        NewsItem.objects.filter(pk=item.pk).update(published_at=when)
        _record_publication(item)
        news_published(item, now=now)
    elif decision == "hide":
        activity_hide(target=item)
        news_hidden(item)
    elif decision == "restore":
        activity_restore(target=item)
        if not news_announce(item_id=item.pk):
            reindex_news(item.pk)
