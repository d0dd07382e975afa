"""Registration in one click, the waitlist and its rule (immediate promotion, longest wait
first), organisers closing registration and adding people, attendance and check-in."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from events import services
from events.models import Registration
from notifications.models import Notification
from tests.events.conftest import make_event
from tests.factories import MemberFactory

Status = Registration.Status


def _status(event, member) -> str:
    return Registration.objects.get(event=event, member=member).status


def test_register_then_cancel_then_register_again(event, registrant):
    registration = services.registration_create(actor=registrant, event=event,
                                                answers={"ignored": "x"})
    assert registration.is_confirmed and registration.answers == {}
    with pytest.raises(ValidationError, match="déjà inscrit"):
        services.registration_create(actor=registrant, event=event)
    services.registration_cancel(actor=registrant, event=event)
    assert _status(event, registrant) == Status.CANCELLED
    services.registration_create(actor=registrant, event=event)
    assert Registration.objects.filter(event=event, member=registrant).count() == 1
    assert _status(event, registrant) == Status.CONFIRMED


def test_a_full_event_offers_the_waitlist_and_a_freed_seat_goes_to_the_longest_wait(moderator):
    event = make_event(moderator, capacity=2)
    first, second, third, fourth = MemberFactory.create_batch(4)
    for person in (first, second, third, fourth):
        services.registration_create(actor=person, event=event)
    assert [_status(event, person) for person in (first, second, third, fourth)] == [
        Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED, Status.WAITLISTED]
    with pytest.raises(ValidationError, match=r"liste d.attente"):
        services.registration_create(actor=third, event=event)
    services.registration_cancel(actor=first, event=event)
    assert _status(event, third) == Status.CONFIRMED
    assert _status(event, fourth) == Status.WAITLISTED
    assert Notification.objects.filter(recipient=third, kind="event_seat").exists()
    assert not Notification.objects.filter(recipient=fourth, kind="event_seat").exists()
    # A newcomer never jumps the queue: the event is full while anyone waits.
    newcomer = MemberFactory()
    assert services.registration_create(actor=newcomer, event=event).is_waitlisted


def test_raising_the_capacity_promotes_the_waitlist(moderator):
    from tests.events.conftest import event_fields

    event = make_event(moderator, capacity=1)
    first, second = MemberFactory.create_batch(2)
    services.registration_create(actor=first, event=event)
    services.registration_create(actor=second, event=event)
    services.event_edit(actor=moderator, event=event, **{
        **event_fields(capacity=2), "starts_at": event.starts_at, "ends_at": event.ends_at})
    assert _status(event, second) == Status.CONFIRMED


def test_registration_refused_when_closed_past_cancelled_or_not_open(moderator, registrant):
    event = make_event(moderator)
    services.registration_close(actor=moderator, event=event, closed=True)
    with pytest.raises(ValidationError, match="closes"):
        services.registration_create(actor=registrant, event=event)
    services.registration_close(actor=moderator, event=event, closed=False)
    services.registration_create(actor=registrant, event=event)
    later = make_event(moderator, registration_opens_at=timezone.now() + timedelta(days=2))
    with pytest.raises(ValidationError, match="pas encore ouvertes"):
        services.registration_create(actor=registrant, event=later)
    started = make_event(moderator, starts_at=timezone.now() - timedelta(minutes=5),
                         ends_at=timezone.now() + timedelta(hours=1))
    with pytest.raises(ValidationError, match="déjà commencé"):
        services.registration_create(actor=registrant, event=started)
    assert not Registration.objects.filter(event=started).exists()


def test_cancelling_someone_elses_registration_is_refused(event, registrant, member):
    services.registration_create(actor=registrant, event=event)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(actor=member, event=event, member=registrant)
    assert _status(event, registrant) == Status.CONFIRMED


def test_a_proposal_cannot_be_registered_for(member, registrant):
    proposal = make_event(member)
    with pytest.raises(PermissionDenied):
        services.registration_create(actor=registrant, event=proposal)


def test_organisers_add_people_even_when_closed(moderator, registrant, member):
    event = make_event(moderator, capacity=1)
    services.registration_close(actor=moderator, event=event, closed=True)
    assert services.registration_add(actor=moderator, event=event,
                                     member_id=registrant.pk).is_confirmed
    assert services.registration_add(actor=moderator, event=event,
                                     member_id=member.pk).is_waitlisted
    assert Notification.objects.filter(recipient=registrant, kind="event_seat").exists()
    with pytest.raises(PermissionDenied):
        services.registration_add(actor=registrant, event=event, member_id=member.pk)


def test_answers_to_the_questions_are_kept(moderator, registrant):
    event = make_event(moderator, questions="Régime alimentaire ?\nQu'attendez-vous ?")
    registration = services.registration_create(
        actor=registrant, event=event, answers={"Régime alimentaire ?": " végétarien ",
                                                "Autre": "ignoré"})
    assert registration.answers == {"Régime alimentaire ?": "végétarien"}


def test_attendance_and_check_in(moderator, registrant, member):
    event = make_event(moderator, starts_at=timezone.now() + timedelta(hours=1),
                       ends_at=timezone.now() + timedelta(hours=3))
    services.registration_create(actor=registrant, event=event)
    services.registration_create(actor=member, event=event)
    with pytest.raises(ValidationError):
        services.attendance_mark(actor=moderator, event=event, present_ids={registrant.pk})
    later = timezone.now() + timedelta(hours=2)
    assert services.attendance_mark(actor=moderator, event=event, present_ids={registrant.pk},
                                    now=later) == 1
    event.starts_at = timezone.now() - timedelta(minutes=1)
    event.save(update_fields=["starts_at"])
    with pytest.raises(ValidationError):
        services.attendance_check_in(actor=member, event=event, code="WRONG1")
    services.attendance_check_in(actor=member, event=event, code=event.check_in_code.lower())
    assert Registration.objects.get(event=event, member=member).attended_at is not None
