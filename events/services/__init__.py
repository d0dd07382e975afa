"""Every write of the agenda: events (events.py), registrations, the waitlist and attendance
(registrations.py), library documents linked to an event (library.py), calendar feeds
(feeds.py), and what the agenda tells people and other apps
(notices.py: notifications, reminders, the news feed, the search index). Other apps import from
here."""

from events.services.events import (
    clean_event,
    event_add_document,
    event_cancel,
    event_create,
    event_decided,
    event_edit,
    event_record,
    event_series_create,
    event_set_cover,
)
from events.services.feeds import feed_for, feed_revoke, feed_set_agenda
from events.services.library import event_link_document, event_unlink_document
from events.services.notices import reminders_due, reminders_due_soon, send_reminder
from events.services.registrations import (
    attendance_check_in,
    attendance_mark,
    promote_waitlist,
    registration_add,
    registration_cancel,
    registration_close,
    registration_create,
)

__all__ = [
    "attendance_check_in",
    "attendance_mark",
    "clean_event",
    "event_add_document",
    "event_cancel",
    "event_create",
    "event_decided",
    "event_edit",
    "event_link_document",
    "event_record",
    "event_series_create",
    "event_set_cover",
    "event_unlink_document",
    "feed_for",
    "feed_revoke",
    "feed_set_agenda",
    "promote_waitlist",
    "registration_add",
    "registration_cancel",
    "registration_close",
    "registration_create",
    "reminders_due",
    "reminders_due_soon",
    "send_reminder",
]
