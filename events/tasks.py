"""Background work of the agenda (Django's task framework: in-process at once in embedded
mode, the database queue and the worker in production)."""

from datetime import datetime

from django.tasks import task

from events.services.notices import send_reminder


@task
def send_event_reminder(event_id: int, which: str, expected_start: str) -> int:
    """Deferred to a reminder's time by ``events.services.notices.schedule_reminders``, with
    the start it was scheduled for: does nothing if the event has moved since (or was
    cancelled). Safe to run twice: the notifications' key tells nobody twice."""
    return send_reminder(event_id=event_id, which=which,
                         expected_start=datetime.fromisoformat(expected_start))
