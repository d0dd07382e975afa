"""Writes of the activity stream and of the members' visits of the feed.

Other apps call ``activity_record`` inside the transaction of what they did (a member approved,
later a project or a library document published), with a snapshot of how to name it and where
it leads, and ``activity_hide`` / ``activity_restore`` when their thing leaves or comes back.
They check their own permissions first: these functions record what already happened.
"""

from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Model, When
from django.utils import timezone
from django.utils.text import Truncator

from news.models import SNAPSHOT_LENGTH, ActivityEvent, FeedVisit
from notifications.services import is_site_path

# Visits of the feed closer than this are one visit: a reload keeps what is marked new.
VISIT_GAP = timedelta(minutes=10)


def _snapshot(text: str) -> str:
    return Truncator(" ".join(str(text or "").split())).chars(SNAPSHOT_LENGTH)


def _target_lookup(target: Model) -> dict:
    return {"content_type": ContentType.objects.get_for_model(target), "object_id": target.pk}


@transaction.atomic
def activity_record(*, kind: str, text: str, url: str, target: Model | None = None,
                    actor=None, detail: str = "",
                    occurred_at: datetime | None = None) -> ActivityEvent:
    """Add an event to the stream; ``occurred_at`` (default: now) is when members see it.

    An event about a ``target`` is recorded once per kind: recording it again returns the
    first one, unchanged (a retried task, a double click)."""
    if kind not in ActivityEvent.Kind.values:
        raise ValueError(f"Unknown kind of activity: {kind!r}")
    if not is_site_path(url) or len(url) > SNAPSHOT_LENGTH:
        raise ValueError(f"An activity leads to a path of this site, not {url!r}")
    fields = {
        "actor": actor, "text": _snapshot(text), "detail": _snapshot(detail), "url": url,
        "occurred_at": occurred_at or timezone.now(),
    }
    if target is None:
        return ActivityEvent.objects.create(kind=kind, **fields)
    lookup = {"kind": kind, **_target_lookup(target)}
    existing = ActivityEvent.objects.filter(**lookup).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return ActivityEvent.objects.create(**lookup, **fields)
    except IntegrityError:  # recorded at the same instant by another request
        return ActivityEvent.objects.get(**lookup)


@transaction.atomic
def activity_update(*, target: Model, kind: str, text: str | None = None,
                    detail: str | None = None, occurred_at: datetime | None = None) -> int:
    """The target was renamed, or its time moved (a rescheduled news item); how many events
    changed."""
    changes: dict = {}
    if text is not None:
        changes["text"] = _snapshot(text)
    if detail is not None:
        changes["detail"] = _snapshot(detail)
    if occurred_at is not None:
        changes["occurred_at"] = occurred_at
    if not changes:
        return 0
    return ActivityEvent.objects.filter(kind=kind, **_target_lookup(target)).update(**changes)


@transaction.atomic
def activity_hide(*, target: Model) -> int:
    """The target left (hidden by the moderators): its events leave the stream with it."""
    return ActivityEvent.objects.filter(hidden_at__isnull=True, **_target_lookup(target)).update(
        hidden_at=timezone.now()
    )


@transaction.atomic
def activity_restore(*, target: Model) -> int:
    """The target is back: so are its events, at their place in time."""
    return ActivityEvent.objects.filter(hidden_at__isnull=False, **_target_lookup(target)).update(
        hidden_at=None
    )


def activity_forget(*, target: Model) -> int:
    """The target is deleted (an account erased): nothing of it stays in the stream."""
    deleted, _by_model = ActivityEvent.objects.filter(**_target_lookup(target)).delete()
    return deleted


def _welcome_detail(member) -> str:
    profile = getattr(member, "profile", None)
    if profile is None:
        return ""
    return ", ".join(part for part in (profile.organisation, str(profile.get_region_display()))
                     if part)


@transaction.atomic
def member_welcomed(*, member, actor=None) -> ActivityEvent:
    """A new member joined (their application approved, or an invitation accepted)."""
    return activity_record(
        kind=ActivityEvent.Kind.MEMBER_WELCOMED, target=member, actor=actor,
        text=member.display_name, detail=_welcome_detail(member), url=member.get_absolute_url(),
    )


def feed_visit(*, member, now: datetime | None = None) -> datetime | None:
    """The member opens the feed: returns the time what is new for them is counted from (None
    the first time), and remembers this visit.

    That time is their previous visit; a visit that follows the last one within
    ``VISIT_GAP`` (a reload, a return from a news item) continues it, and keeps its marks.

    Two statements and no transaction (this runs on every opening of the feed, where ``BEGIN``
    and ``COMMIT`` doubled the round trips): the update decides from the row it changes
    (``CASE``), so that two visits at the same instant keep a consistent pair of marks."""
    now = now or timezone.now()
    seen = (FeedVisit.objects.filter(member=member)
            .values_list("last_seen_at", "previous_seen_at").first())
    if seen is None:
        FeedVisit.objects.get_or_create(member=member, defaults={"last_seen_at": now})
        return None
    last_seen, previous_seen = seen
    continued = now - last_seen < VISIT_GAP
    FeedVisit.objects.filter(member=member).update(
        last_seen_at=now,
        previous_seen_at=Case(When(last_seen_at__gt=now - VISIT_GAP, then=F("previous_seen_at")),
                              default=F("last_seen_at")),
    )
    return previous_seen if continued else last_seen
