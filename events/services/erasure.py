"""What the agenda does when an account closes (privacy/closure/, events/data_erasure.py).

Registrations for events still to come are cancelled as the member would cancel them, each
freed seat going at once to the waitlist (``promote_waitlist``, under the event's lock); the
member's answers to registration questions go. Past registrations stay without answers, so
that an event's attendance still counts, attached to the nameless closed account. Events the
member organised stay (they belong to the network's agenda), without their name; their private
calendar address stops working. An event they proposed that still waits for the moderators is
withdrawn (``member_proposals_withdraw``), as a proposal leaves the moderation queue: deleted,
with its files, its series if nothing else remains of it, and its place in the index.
"""

from django.db import transaction
from django.utils import timezone

from documents.services.storing import delete_after_commit
from events.models import CalendarFeed, Event, EventDocument, EventSeries, Registration
from events.search_indexes import EVENTS_INDEX
from events.services.registrations import _lock, promote_waitlist
from moderation.models import ModerationStatus
from search.sync import schedule as schedule_index_update

Status = Registration.Status


@transaction.atomic
def member_registrations_withdraw(*, member) -> dict[str, int]:
    now = timezone.now()
    cancelled = promoted = 0
    event_ids = list(
        Registration.objects.filter(member=member).exclude(status=Status.CANCELLED)
        .values_list("event_id", flat=True).order_by("event_id")
    )
    for event in Event.objects.filter(pk__in=event_ids).order_by("pk"):
        event = _lock(event)
        if event.has_started(now):
            continue
        registration = Registration.objects.get(event=event, member=member)
        freed = registration.is_confirmed
        registration.status = Status.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        cancelled += 1
        if freed:
            promoted += len(promote_waitlist(event, now=now))
    Registration.objects.filter(member=member).update(answers={})
    Registration.objects.filter(added_by=member).update(added_by=None)
    for model, fields in ((Event, ("created_by", "cancelled_by")),
                          (EventSeries, ("created_by",)), (EventDocument, ("uploaded_by",))):
        for name in fields:
            model.objects.filter(**{name: member}).update(**{name: None})
    member.organised_events.clear()
    feeds, _by_model = CalendarFeed.objects.filter(member=member).delete()
    return {"cancelled": cancelled, "promoted": promoted, "feeds": feeds}


def pending_proposals(member):
    """The events the member proposed that the moderators have not decided yet."""
    return Event.objects.filter(created_by=member, moderation_status=ModerationStatus.PENDING)


@transaction.atomic
def member_proposals_withdraw(*, member) -> list[int]:
    """Withdraw the member's proposals still waiting in the moderation queue: the rows go
    (their registrations, files and library links with them), the stored files once this
    commits, a series left without occurrences too. Returns the withdrawn events' ids, so that
    the audit log can forget how it described them."""
    ids = list(pending_proposals(member).values_list("pk", flat=True))
    if not ids:
        return []
    events = Event.objects.filter(pk__in=ids)
    names = [cover for cover in events.values_list("cover", flat=True) if cover]
    names += list(EventDocument.objects.filter(event_id__in=ids).values_list("file", flat=True))
    series_ids = set(events.exclude(series=None).values_list("series_id", flat=True))
    events.delete()
    EventSeries.objects.filter(pk__in=series_ids, occurrences__isnull=True).delete()
    delete_after_commit(names)
    schedule_index_update(EVENTS_INDEX, ids)
    return ids


def member_upcoming_registrations(member) -> int:
    return Registration.objects.filter(
        member=member, event__starts_at__gt=timezone.now(),
    ).exclude(status=Status.CANCELLED).count()
