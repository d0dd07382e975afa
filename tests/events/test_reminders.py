"""Reminders the day before and one hour before, to confirmed registrants only; never sent
for a time that has since moved."""

from datetime import timedelta

from django.utils import timezone

from events import services
from notifications.models import Notification
from tests.events.conftest import event_fields, make_event
from tests.factories import MemberFactory


def _reminded(member) -> int:
    return Notification.objects.filter(recipient=member, kind="event_reminder").count()


def test_day_and_hour_reminders_to_confirmed_registrants_once(moderator, registrant):
    start = timezone.now() + timedelta(hours=30)
    event = make_event(moderator, starts_at=start, ends_at=start + timedelta(hours=2),
                       capacity=1)
    waiting = MemberFactory()
    services.registration_create(actor=registrant, event=event)
    services.registration_create(actor=waiting, event=event)
    assert services.reminders_due(now=start - timedelta(hours=25)) == 0
    assert services.reminders_due(now=start - timedelta(hours=23)) == 1
    assert services.reminders_due(now=start - timedelta(hours=22)) == 0  # once
    assert services.reminders_due(now=start - timedelta(minutes=50)) == 1
    assert _reminded(registrant) == 2 and _reminded(waiting) == 0


def test_a_reminder_scheduled_for_a_moved_time_is_never_sent(moderator, registrant):
    start = timezone.now() + timedelta(hours=20)
    event = make_event(moderator, starts_at=start, ends_at=start + timedelta(hours=2))
    services.registration_create(actor=registrant, event=event)
    scheduled_for = event.starts_at
    later = start + timedelta(days=3)
    services.event_edit(actor=moderator, event=event, **event_fields(
        starts_at=later, ends_at=later + timedelta(hours=2)))
    # The task enqueued for the old time runs: the event moved, nothing is sent.
    assert services.send_reminder(event_id=event.pk, which="day", expected_start=scheduled_for,
                                  now=start - timedelta(hours=20)) == 0
    assert services.reminders_due(now=start - timedelta(minutes=30)) == 0
    assert _reminded(registrant) == 0
    # The new time has its own reminder.
    assert services.send_reminder(event_id=event.pk, which="day", expected_start=later,
                                  now=later - timedelta(hours=5)) == 1


def test_no_reminder_for_a_cancelled_event(moderator, registrant):
    start = timezone.now() + timedelta(hours=5)
    event = make_event(moderator, starts_at=start, ends_at=start + timedelta(hours=2))
    services.registration_create(actor=registrant, event=event)
    services.event_cancel(actor=moderator, event=event)
    assert services.reminders_due(now=start - timedelta(minutes=30)) == 0
