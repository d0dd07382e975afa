"""Registrations, the waitlist, attendance.

**The seats.** Every write that can take or free a seat first locks the event's row
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite serialises writers anyway), then counts the
confirmed registrations. Two people taking the last seat at the same instant are therefore
served one after the other: one seat, one waitlist place, never 51 / 50
(tests/events/test_concurrency.py proves it on PostgreSQL).

**The waitlist rule: immediate promotion, first come first served.** When a seat frees up (a
registrant cancels, an organiser removes someone or raises the capacity), the member who has
waited longest (``queued_at``, the time they joined the waitlist) gets it at once, and is told
by a notification (in the app, and by e-mail at once by default) that they are registered.
We chose this over an offer held for a set time: meetings of the network are free and mostly
online, an offer would add a deadline to watch and a second step that people miss, and anyone
promoted who no longer wants the seat cancels in one click, which passes it on at once. While
anyone waits, the event is full: a seat never goes to a newcomer ahead of the waitlist.
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events import permissions
from events.models import MAX_ANSWER_LENGTH, Event, Registration
from events.services import notices

Status = Registration.Status


def _lock(event: Event) -> Event:
    """The event's row, locked until the transaction ends: seats are counted under it."""
    locked = Event.objects.select_for_update(of=("self",)).select_related("project").get(
        pk=event.pk)
    permissions.forget(locked)
    return locked


def seats_taken(event: Event) -> int:
    return event.registrations.filter(status=Status.CONFIRMED).count()


def _has_free_seat(event: Event) -> bool:
    return event.capacity is None or seats_taken(event) < event.capacity


def _why_closed(event: Event, now: datetime) -> str:
    state = event.registration_state(now)
    return {
        "cancelled": _("This event is cancelled."),
        "started": _("This event has already started: registration is closed."),
        "closed": _("Registration for this event is closed."),
        "not_yet": _("Registration for this event is not open yet."),
    }.get(state, "")


def clean_answers(event: Event, answers: dict | None) -> dict:
    """The answers to the event's optional questions, keyed by the question's text."""
    answers = answers or {}
    cleaned = {}
    for question in event.question_list:
        answer = " ".join(str(answers.get(question, "")).split())
        if len(answer) > MAX_ANSWER_LENGTH:
            raise ValidationError({"answers": [_("An answer has at most %(max)d characters.")
                                               % {"max": MAX_ANSWER_LENGTH}]})
        if answer:
            cleaned[question] = answer
    return cleaned


def _place(event: Event, member, *, answers: dict, added_by=None,
           now: datetime) -> Registration:
    """A seat if one is free (and nobody waits), else the end of the waitlist; reuses a
    cancelled row."""
    status = Status.CONFIRMED if _has_free_seat(event) else Status.WAITLISTED
    registration, _created = Registration.objects.update_or_create(
        event=event, member=member,
        defaults={"status": status, "queued_at": now, "answers": answers,
                  "added_by": added_by, "attended_at": None},
    )
    return registration


@transaction.atomic
def registration_create(*, actor, event: Event, answers: dict | None = None,
                        now: datetime | None = None) -> Registration:
    """One click: a seat if there is one, else the waitlist. Refused, with why, when the
    member is already registered or waiting, or registration is not open."""
    now = now or timezone.now()
    event = _lock(event)
    if not permissions.can_view_event(actor, event) or not event.is_published:
        raise PermissionDenied
    reason = _why_closed(event, now)
    if reason:
        raise ValidationError(reason)
    existing = Registration.objects.filter(event=event, member=actor).first()
    if existing is not None and existing.status == Status.CONFIRMED:
        raise ValidationError(_("You are already registered for this event."))
    if existing is not None and existing.status == Status.WAITLISTED:
        raise ValidationError(_("You are already on the waitlist for this event."))
    registration = _place(event, actor, answers=clean_answers(event, answers), now=now)
    return registration


def promote_waitlist(event: Event, *, now: datetime | None = None) -> list[Registration]:
    """Give the free seats to the waitlist, longest wait first (the event is locked by the
    caller). Each promoted member is told."""
    promoted = []
    if event.is_cancelled or event.has_started(now):
        return promoted
    waiting = event.registrations.filter(status=Status.WAITLISTED).order_by("queued_at", "pk")
    if event.capacity is not None:
        free = event.capacity - seats_taken(event)
        if free <= 0:
            return promoted
        waiting = waiting[:free]
    for registration in waiting:
        registration.status = Status.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        notices.seat_given(registration, promoted=True)
        promoted.append(registration)
    return promoted


@transaction.atomic
def registration_cancel(*, actor, event: Event, member=None,
                        now: datetime | None = None) -> Registration:
    """A member cancels their own registration (or leaves the waitlist); an organiser removes
    someone. A freed seat goes to the waitlist at once."""
    now = now or timezone.now()
    member = member or actor
    event = _lock(event)
    if member.pk != actor.pk and not permissions.can_see_registrations(actor, event):
        raise PermissionDenied
    if not permissions.can_view_event(actor, event):
        raise PermissionDenied
    registration = Registration.objects.filter(event=event, member=member).first()
    if registration is None or registration.status == Status.CANCELLED:
        raise ValidationError(_("There is no registration to cancel."))
    if event.has_started(now):
        raise ValidationError(_("This event has already started: the registration stays."))
    freed = registration.is_confirmed
    registration.status = Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    if freed:
        promote_waitlist(event, now=now)
    return registration


@transaction.atomic
def registration_add(*, actor, event: Event, member_id: int,
                     now: datetime | None = None) -> Registration:
    """An organiser registers someone (even when registration is closed): a seat if one is
    free, else the waitlist, as for anyone; they are told."""
    now = now or timezone.now()
    event = _lock(event)
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied
    member = get_user_model().objects.members().filter(pk=member_id).first()
    if member is None or not permissions.can_view_event(member, event):
        raise ValidationError(_("This person cannot be registered: they are not a member who "
                                "can see this event."))
    if event.has_started(now):
        raise ValidationError(_("This event has already started: registration is closed."))
    existing = Registration.objects.filter(event=event, member=member).first()
    if existing is not None and existing.status != Status.CANCELLED:
        raise ValidationError(_("%(name)s is already registered or waiting.")
                              % {"name": member.display_name})
    registration = _place(event, member, answers={}, added_by=actor, now=now)
    notices.seat_given(registration, promoted=False, actor=actor)
    return registration


@transaction.atomic
def registration_close(*, actor, event: Event, closed: bool) -> Event:
    """Organisers close registration (or open it again) by hand, whatever the dates say."""
    event = _lock(event)
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied
    event.registration_closed_at = timezone.now() if closed else None
    event.save(update_fields=["registration_closed_at", "updated_at"])
    return event


@transaction.atomic
def attendance_mark(*, actor, event: Event, present_ids: set[int],
                    now: datetime | None = None) -> int:
    """Organisers tick who came (confirmed registrants); returns how many are marked."""
    now = now or timezone.now()
    event = _lock(event)
    if not permissions.can_see_registrations(actor, event) or event.is_cancelled:
        raise PermissionDenied
    if not event.has_started(now):
        raise ValidationError(_("Attendance is marked once the event has started."))
    confirmed = event.registrations.filter(status=Status.CONFIRMED)
    confirmed.filter(member_id__in=present_ids, attended_at__isnull=True).update(attended_at=now)
    confirmed.exclude(member_id__in=present_ids).update(attended_at=None)
    return confirmed.filter(attended_at__isnull=False).count()


@transaction.atomic
def attendance_check_in(*, actor, event: Event, code: str,
                        now: datetime | None = None) -> Registration:
    """A registrant checks in with the short code shown at the meeting."""
    now = now or timezone.now()
    event = _lock(event)
    if not permissions.can_check_in(actor, event):
        raise PermissionDenied
    if "".join((code or "").split()).upper() != event.check_in_code:
        raise ValidationError(_("This code is not the one shown at the meeting."))
    registration = Registration.objects.get(event=event, member=actor)
    if registration.attended_at is None:
        registration.attended_at = now
        registration.save(update_fields=["attended_at", "updated_at"])
    return registration
