"""Calendar files parsed back with icalendar: a stable UID across edits, SEQUENCE raised,
cancellation present, times right across the change to summer time and for La Réunion, a
moved occurrence of a series with its RECURRENCE-ID; the secret feed, revocable, 404 when
wrong."""

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from icalendar import Calendar

from events import services
from tests.conftest import client_for
from tests.events.conftest import event_fields, local, make_event

REUNION = ZoneInfo("Indian/Reunion")


def _parse(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return [component for component in Calendar.from_ical(response.content).walk("VEVENT")]


def _ics(user, event) -> list:
    return _parse(client_for(user).get(reverse("events:ics", args=[event.pk])))


def test_uid_stable_sequence_raised_and_cancellation(moderator, member):
    event = make_event(moderator)
    [first] = _ics(member, event)
    assert str(first["UID"]) == event.uid and int(first["SEQUENCE"]) == 0
    assert first["DTSTAMP"].dt.tzinfo is not None
    services.event_edit(actor=moderator, event=event, **event_fields(
        starts_at=event.starts_at + timedelta(hours=1), ends_at=event.ends_at + timedelta(hours=1)))
    [moved] = _ics(member, event)
    assert str(moved["UID"]) == event.uid and int(moved["SEQUENCE"]) == 1
    assert moved["DTSTART"].dt == event.starts_at + timedelta(hours=1)
    services.event_cancel(actor=moderator, event=event)
    [cancelled] = _ics(member, event)
    assert str(cancelled["STATUS"]) == "CANCELLED" and int(cancelled["SEQUENCE"]) == 2
    assert str(cancelled["UID"]) == event.uid


def test_times_across_the_change_to_summer_time_and_in_la_reunion(moderator, member):
    # 28 March 2027 is the night France moves to summer time: 10:00 stays 10:00 local.
    before = make_event(moderator, starts_at=local(2027, 3, 27, 10),
                        ends_at=local(2027, 3, 27, 12))
    after = make_event(moderator, starts_at=local(2027, 3, 29, 10),
                       ends_at=local(2027, 3, 29, 12))
    reunion = make_event(moderator, time_zone="Indian/Reunion",
                         starts_at=local(2027, 3, 29, 10, zone=REUNION),
                         ends_at=local(2027, 3, 29, 12, zone=REUNION))
    calendar_text = client_for(member).get(reverse("events:ics", args=[after.pk])).content
    assert b"BEGIN:VTIMEZONE" in calendar_text and b"TZID:Europe/Paris" in calendar_text
    [winter], [summer], [island] = (_ics(member, event) for event in (before, after, reunion))
    assert winter["DTSTART"].dt.hour == 10 and summer["DTSTART"].dt.hour == 10
    assert winter["DTSTART"].dt.astimezone(UTC).hour == 9
    assert summer["DTSTART"].dt.astimezone(UTC).hour == 8
    assert island["DTSTART"].dt.astimezone(UTC).hour == 6
    assert str(island["DTSTART"].params["TZID"]) == "Indian/Reunion"


def test_a_moved_occurrence_of_a_series_keeps_its_recurrence_id(moderator, member):
    first = local(2027, 2, 4, 14)
    starts = [first, first + timedelta(weeks=4), first + timedelta(weeks=8)]
    events = services.event_series_create(actor=moderator, starts=starts,
                                          rule="Chaque premier jeudi",
                                          **event_fields(starts_at=first,
                                                         ends_at=first + timedelta(hours=1)))
    for event in events:
        services.registration_create(actor=member, event=event)
    services.event_edit(actor=moderator, event=events[1], **event_fields(
        starts_at=starts[1] + timedelta(days=1),
        ends_at=starts[1] + timedelta(days=1, hours=1)))
    feed = services.feed_for(actor=member)
    components = _parse(client_for(None).get(reverse("events:feed", args=[feed.token])))
    series_uid = events[0].series.uid
    assert {str(component["UID"]) for component in components} == {series_uid}
    master = [component for component in components if "RECURRENCE-ID" not in component]
    overrides = {component["RECURRENCE-ID"].dt: component for component in components
                 if "RECURRENCE-ID" in component}
    assert len(master) == 1 and len(overrides) == 3
    moved = overrides[starts[1]]
    assert moved["DTSTART"].dt == starts[1] + timedelta(days=1)
    assert int(moved["SEQUENCE"]) == 1


def test_the_feed_is_secret_revocable_and_holds_my_registrations(moderator, member,
                                                                  django_assert_max_num_queries):
    mine = make_event(moderator, title="Inscrit")
    other = make_event(moderator, title="Pas inscrit",
                       online_url="https://visio.exemple.fr/autre-salle")
    services.registration_create(actor=member, event=mine)
    feed = services.feed_for(actor=member)
    url = reverse("events:feed", args=[feed.token])
    anonymous = client_for(None)
    with django_assert_max_num_queries(6):
        components = _parse(anonymous.get(url))
    assert [str(component["SUMMARY"]) for component in components] == ["Inscrit"]
    assert mine.online_url in str(components[0]["DESCRIPTION"])
    services.feed_set_agenda(actor=member, include_agenda=True)
    titles = {str(component["SUMMARY"]) for component in _parse(anonymous.get(url))}
    assert titles == {"Inscrit", "Pas inscrit"}
    assert other.online_url not in anonymous.get(url).content.decode().replace("\r\n ", "")
    services.feed_revoke(actor=member)
    assert anonymous.get(url).status_code == 404
    assert anonymous.get(reverse("events:feed", args=["nimportequoi"])).status_code == 404


def test_the_calendar_page_gives_and_replaces_the_address(member):
    client = client_for(member)
    url = reverse("events:calendar")
    client.post(url, {"action": "create"})
    first = member.calendar_feed.token
    assert first in client.get(url).content.decode()
    client.post(url, {"action": "revoke"})
    member.calendar_feed.refresh_from_db()
    assert member.calendar_feed.token != first
