"""What the agenda tells people, and the other apps it keeps in step: notifications to the
registrants (a change of date, place or link, a cancellation, the replay, a seat given), the
reminders, the news feed's announcement of a published event, and the search index.

Calendar programs refresh a subscribed feed only every 8 to 24 hours (Google), so every change
of date, place or link is also a notification to everyone registered or waiting.

**Reminders**, the day before (24 h) and one hour before, to confirmed registrants only. Each
reminder is keyed by the event, its kind and the start it announces
(``events.reminder:<id>:<day|hour>:<timestamp>``), so nobody is reminded twice of one start.
Two ways bring them, like the news feed's announcements (news/services/announce.py):

- where the task queue can defer (production), publishing or moving an event enqueues
  ``events.tasks.send_event_reminder`` for each reminder's time, with the start it was
  scheduled for; when it runs, it reads the event's *current* start and does nothing if the
  event has moved (or was cancelled): a reminder scheduled for a time that has since moved is
  never sent; the move scheduled its own;
- everywhere, ``reminders_due`` (``manage.py events_remind`` from cron, and the agenda pages
  at most once a minute site-wide) sends the reminders whose window is open now, read from the
  events' current starts.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.tasks import default_task_backend
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from events.models import Event, Registration
from notifications.models import Notification
from notifications.services import notify, notify_many
from search.sync import schedule as schedule_index_update

Kind = Notification.Kind
REMINDERS = {"day": timedelta(hours=24), "hour": timedelta(hours=1)}
DUE_CHECK_KEY = "events:reminders-due"
DUE_CHECK_EVERY = 60


def reindex_event(event_id: int) -> None:
    from events.search_indexes import EVENTS_INDEX

    schedule_index_update(EVENTS_INDEX, [event_id])


def _when(event: Event) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return formats.date_format(event.local_start, "DATETIME_FORMAT")


def _people(event: Event, *statuses: str):
    ids = Registration.objects.filter(event=event, status__in=statuses).values("member_id")
    return get_user_model().objects.filter(pk__in=ids)


def _tell(event: Event, kind: str, text: str, key: str, *, actor=None,
          statuses=(Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)) -> None:
    notify_many(_people(event, *statuses), kind, actor, text, event.get_absolute_url(), key=key)


def event_published(event: Event) -> None:
    """Published (at once, or a proposal approved): into the index, the news feed's stream
    and its reminders scheduled."""
    from news.models import ActivityEvent
    from news.services import activity_record

    reindex_event(event.pk)
    ensure_discussion(event)
    if event.audience != Event.Audience.PROJECT:
        activity_record(kind=ActivityEvent.Kind.EVENT_PUBLISHED, target=event,
                        actor=event.created_by, text=event.title,
                        detail=f"{_when(event)} · {event.summary}",
                        url=event.get_absolute_url())
    schedule_reminders(event)


def ensure_discussion(event: Event) -> None:
    """The event's discussion, once: a post by its creator on the network's wall (on the
    project's wall for a project's event), through the walls' own service, which members
    comment on. None when that wall does not exist or the creator may not post there."""
    from config.site import absolute_url
    from walls import permissions as wall_permissions
    from walls import services as wall_services
    from walls.selectors import group_wall

    if event.discussion_id or event.created_by is None:
        return
    wall = event.project.wall if event.project_id else group_wall()
    if wall is None or not wall_permissions.can_post_on_wall(event.created_by, wall):
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = _("Let's talk about the event “%(title)s” (%(when)s): %(url)s\n\n%(summary)s") % {
            "title": event.title, "when": _when(event),
            "url": absolute_url(event.get_absolute_url()), "summary": event.summary}
    post = wall_services.post_create(actor=event.created_by, wall=wall, body=body)
    Event.objects.filter(pk=event.pk).update(discussion=post)
    event.discussion = post


def event_changed(event: Event, *, actor, schedule: bool) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        text = _("“%(title)s” has changed: now on %(when)s%(where)s. Check the event's page.") % {
            "title": event.title, "when": _when(event),
            "where": f", {event.commune}" if event.commune else "",
        }
    _tell(event, Kind.EVENT_UPDATE, text, f"events.change:{event.pk}:{event.sequence}",
          actor=actor)
    if schedule:
        schedule_reminders(event)


def event_cancelled(event: Event, *, actor) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        text = _("“%(title)s” of %(when)s is cancelled.") % {"title": event.title,
                                                            "when": _when(event)}
        if event.cancel_reason:
            text += " " + event.cancel_reason
    _tell(event, Kind.EVENT_UPDATE, text, f"events.cancel:{event.pk}", actor=actor)


def event_recorded(event: Event, *, actor) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        text = _("The record of “%(title)s” is online: replay, documents and minutes.") % {
            "title": event.title}
    _tell(event, Kind.EVENT_UPDATE, text, f"events.record:{event.pk}", actor=actor,
          statuses=(Registration.Status.CONFIRMED,))


def seat_given(registration: Registration, *, promoted: bool, actor=None) -> None:
    event = registration.event
    with translation.override(settings.LANGUAGE_CODE):
        if registration.status == Registration.Status.CONFIRMED:
            text = (_("A seat freed up: you are now registered for “%(title)s” (%(when)s).")
                    if promoted else
                    _("An organiser registered you for “%(title)s” (%(when)s)."))
        else:
            text = _("An organiser put you on the waitlist for “%(title)s” (%(when)s).")
        text %= {"title": event.title, "when": _when(event)}
    notify(registration.member, Kind.EVENT_SEAT, actor, text, event.get_absolute_url(),
           key=f"events.seat:{event.pk}:{registration.pk}:{registration.updated_at.timestamp()}")


# --- Reminders -------------------------------------------------------------------------------


def reminder_key(event: Event, which: str) -> str:
    return f"events.reminder:{event.pk}:{which}:{int(event.starts_at.timestamp())}"


def schedule_reminders(event: Event) -> None:
    """Where the queue can defer: one task per reminder, at its time, with this start."""
    if not default_task_backend.supports_defer:
        return
    now = timezone.now()
    for which, before in REMINDERS.items():
        when = event.starts_at - before
        if when > now:
            args = (event.pk, which, event.starts_at.isoformat())
            transaction.on_commit(lambda args=args, when=when: _enqueue(args, when))


def _enqueue(args, when: datetime) -> None:
    from events.tasks import send_event_reminder

    send_event_reminder.using(run_after=when).enqueue(*args)


def send_reminder(*, event_id: int, which: str, expected_start: datetime | None = None,
                  now: datetime | None = None) -> int:
    """Remind the confirmed registrants of ``event_id``; how many were told. Nothing when the
    event is cancelled, not published, has started, or no longer starts at
    ``expected_start`` (it moved: its new time has its own reminders)."""
    now = now or timezone.now()
    event = Event.objects.filter(pk=event_id).first()
    if (event is None or not event.is_published or event.is_cancelled
            or event.has_started(now) or which not in REMINDERS):
        return 0
    if expected_start is not None and event.starts_at != expected_start:
        return 0
    if now < event.starts_at - REMINDERS[which]:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        text = (_("Tomorrow: “%(title)s”, %(when)s.") if which == "day"
                else _("In one hour: “%(title)s”, %(when)s.")) % {
            "title": event.title, "when": _when(event)}
    return len(notify_many(_people(event, Registration.Status.CONFIRMED), Kind.EVENT_REMINDER,
                           None, text, event.get_absolute_url(), key=reminder_key(event, which)))


def reminders_due(*, now: datetime | None = None) -> int:
    """Send the reminders whose window is open now (day: from 24 h to 1 h before the start;
    hour: the last hour), read from the events' current starts; safe to run often."""
    now = now or timezone.now()
    told = 0
    events = (Event.objects.published().filter(cancelled_at__isnull=True, starts_at__gt=now,
                                                starts_at__lte=now + REMINDERS["day"])
              .filter(registrations__status=Registration.Status.CONFIRMED).distinct())
    for event in events:
        which = "hour" if event.starts_at - now <= REMINDERS["hour"] else "day"
        told += send_reminder(event_id=event.pk, which=which, now=now)
    return told


def reminders_due_soon() -> int:
    if not cache.add(DUE_CHECK_KEY, True, DUE_CHECK_EVERY):
        return 0
    return reminders_due()
