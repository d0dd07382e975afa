"""Creating, proposing, publishing, editing and cancelling events; every bad input refused
with a French message, nothing stored."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from events import services
from events.models import Event
from moderation import services as moderation_services
from moderation.models import ModerationStatus
from news.models import ActivityEvent
from notifications.models import Notification
from tests.events.conftest import event_fields, make_event


def _errors(call) -> dict:
    with translation.override("fr"), pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_a_moderator_publishes_and_is_organiser(moderator):
    event = make_event(moderator)
    assert event.is_published
    assert list(event.organisers.all()) == [moderator]
    assert ActivityEvent.objects.filter(kind="event_published", object_id=event.pk).exists()


def test_a_member_proposes_and_it_waits_for_the_queue(member, moderator):
    event = make_event(member)
    assert event.is_pending
    assert not ActivityEvent.objects.filter(kind="event_published").exists()
    moderation_services.decide(actor=moderator, item=event, decision="approve")
    event.refresh_from_db()
    assert event.is_published
    assert ActivityEvent.objects.filter(kind="event_published", object_id=event.pk).exists()


def test_a_project_owner_publishes_their_project_event(project, owner, member):
    event = make_event(owner, project=project)
    assert event.is_published and event.audience == Event.Audience.PROJECT
    with pytest.raises(PermissionDenied):
        make_event(member, project=project)


def test_an_applicant_cannot_propose(applicant):
    with pytest.raises(PermissionDenied):
        make_event(applicant)


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"ends_at": None}, "ends_at", "fin"),
    ({"time_zone": "Europe/Atlantis"}, "time_zone", "fuseau"),
    ({"online_url": "ftp://visio.exemple.fr"}, "online_url", "https://"),
    ({"online_url": "javascript:alert(1)"}, "online_url", "https://"),
    ({"title": "  "}, "title", "titre"),
    ({"kind": "apero"}, "kind", "type"),
    ({"capacity": 0}, "capacity", "places"),
    ({"online_url": "", "address": "", "commune": ""}, "address", "lien"),
])
def test_bad_input_is_refused_in_french(moderator, changes, field, message):
    fields = event_fields()
    if changes.get("ends_at", 1) is None:
        changes = {"ends_at": fields["starts_at"] - timedelta(hours=1)}
    errors = _errors(lambda: services.event_create(actor=moderator, **event_fields(**changes)))
    assert field in errors
    assert message in errors[field][0].lower()
    assert not Event.objects.exists()


def test_registration_closing_after_the_start_is_refused(moderator):
    fields = event_fields()
    errors = _errors(lambda: services.event_create(
        actor=moderator, **{**fields, "registration_closes_at": fields["starts_at"]
                            + timedelta(minutes=5)}))
    assert "avant" in errors["registration_closes_at"][0]


def test_a_naive_time_is_read_in_the_events_zone(moderator):
    fields = event_fields(time_zone="Indian/Reunion")
    naive = fields["starts_at"].replace(tzinfo=None)
    event = services.event_create(actor=moderator, **{
        **fields, "starts_at": naive, "ends_at": naive + timedelta(hours=1)})
    assert event.local_start.hour == 10
    assert event.starts_at.utcoffset() is not None
    assert event.starts_at.astimezone(event.zone).utcoffset() == timedelta(hours=4)


def test_editing_the_time_raises_the_sequence_and_tells_the_registrants(event, moderator,
                                                                       registrant):
    services.registration_create(actor=registrant, event=event)
    uid = event.uid
    fields = event_fields(starts_at=event.starts_at + timedelta(days=1),
                          ends_at=event.ends_at + timedelta(days=1))
    event = services.event_edit(actor=moderator, event=event, **fields)
    assert event.sequence == 1 and event.uid == uid
    notification = Notification.objects.get(recipient=registrant, kind="event_update")
    assert event.title in notification.text
    # A change of wording only: same sequence, nobody told again.
    services.event_edit(actor=moderator, event=event, **{**fields, "summary": "Autre résumé."})
    event.refresh_from_db()
    assert event.sequence == 1
    assert Notification.objects.filter(recipient=registrant, kind="event_update").count() == 1


def test_capacity_below_the_registered_is_refused(event, moderator, registrant, member):
    services.registration_create(actor=registrant, event=event)
    services.registration_create(actor=member, event=event)
    errors = _errors(lambda: services.event_edit(actor=moderator, event=event,
                                                 **event_fields(capacity=1)))
    assert "2" in errors["capacity"][0]
    event.refresh_from_db()
    assert event.capacity is None


def test_only_organisers_and_moderators_edit(event, member, organiser):
    with pytest.raises(PermissionDenied):
        services.event_edit(actor=member, event=event, **event_fields())


def test_cancelling_keeps_the_event_and_tells_everyone(event, moderator, registrant):
    services.registration_create(actor=registrant, event=event)
    services.event_cancel(actor=moderator, event=event, reason="Intervenant malade.")
    event.refresh_from_db()
    assert event.is_cancelled and event.sequence == 1
    assert Event.objects.filter(pk=event.pk).exists()
    text = Notification.objects.get(recipient=registrant, kind="event_update").text
    assert "Intervenant malade." in text
    with pytest.raises(PermissionDenied):
        services.event_cancel(actor=moderator, event=event)


def test_a_series_has_one_event_per_date_each_movable(moderator):
    first = event_fields()["starts_at"]
    starts = [first + timedelta(weeks=4 * index) for index in range(3)]
    events = services.event_series_create(actor=moderator, starts=starts,
                                          rule="Chaque premier jeudi", **event_fields())
    assert len(events) == 3
    assert len({event.series_id for event in events}) == 1
    assert [event.original_start for event in events] == starts
    moved = services.event_edit(actor=moderator, event=events[1], **event_fields(
        starts_at=starts[1] + timedelta(days=1), ends_at=starts[1] + timedelta(days=1, hours=2)))
    assert moved.original_start == starts[1] and moved.starts_at != starts[1]


def test_hidden_by_the_moderators_leaves_only_organisers_and_moderators(event, moderator,
                                                                        member):
    from events import permissions

    moderation_services.decide(actor=moderator, item=event, decision="hide",
                               reason="Hors charte")
    event.refresh_from_db()
    assert event.moderation_status == ModerationStatus.HIDDEN
    assert not permissions.can_view_event(member, event)
    assert permissions.can_view_event(moderator, event)


def test_a_published_event_opens_its_discussion_on_the_right_wall(moderator, member, project,
                                                                 owner, contributor):
    from django.urls import reverse

    from tests.conftest import client_for

    event = make_event(moderator)
    post = event.discussion
    assert post is not None and post.wall.kind == "group" and event.title in post.body
    page = client_for(member).get(event.get_absolute_url()).content.decode()
    assert post.get_absolute_url() in page
    assert client_for(member).get(post.get_absolute_url()).status_code == 200
    project_event = make_event(owner, project=project)
    assert project_event.discussion.wall == project.wall
    assert client_for(member).get(reverse("events:detail", args=[project_event.pk])
                                  ).status_code == 404
    proposal = make_event(member)
    assert proposal.discussion is None


def test_only_a_published_public_event_may_be_shown_publicly(moderator, member):
    from events import permissions

    public = make_event(moderator, audience="public")
    network = make_event(moderator)
    proposal = make_event(member, audience="public")
    assert permissions.can_show_publicly(public)
    assert not permissions.can_show_publicly(network)
    assert not permissions.can_show_publicly(proposal)
    services.event_cancel(actor=moderator, event=public)
    public.refresh_from_db()
    assert not permissions.can_show_publicly(public)
