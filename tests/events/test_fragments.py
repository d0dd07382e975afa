"""The agenda's cards, map and members' feeds kept in the cache (events/fragments.py): kept
under a digest of what they show, so a change of any of it is seen at once, never stale."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from icalendar import Calendar

from events import fragments, services
from tests.conftest import client_for
from tests.events.conftest import event_fields, make_event


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _card(body: str, event) -> str:
    match = re.search(r'<article class="event-card[^"]*" aria-labelledby="event-' + str(event.pk)
                      + r'-title">.*?</article>', body, re.S)
    assert match, event.pk
    return match.group(0)


def _agenda(user) -> str:
    response = client_for(user).get(reverse("events:agenda"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_card_follows_seats_registration_and_edits(moderator, member, other_member):
    event = make_event(moderator, capacity=2)
    first = _card(_agenda(member), event)
    assert "0 / 2" in first and "Vous êtes inscrit" not in first
    services.registration_create(actor=member, event=event)
    mine = _card(_agenda(member), event)
    assert "1 / 2" in mine and "Vous êtes inscrit" in mine
    # Another reader sees the seat taken, without the registration that is not theirs.
    theirs = _card(_agenda(other_member), event)
    assert "1 / 2" in theirs and "Vous êtes inscrit" not in theirs
    services.event_edit(actor=moderator, event=event,
                        **event_fields(title="Nouveau titre de la webconf", capacity=2))
    assert "Nouveau titre de la webconf" in _card(_agenda(member), event)
    services.event_cancel(actor=moderator, event=event)
    assert "event-card--cancelled" in _card(_agenda(member), event)


def test_the_same_card_is_rendered_once(moderator, member, monkeypatch):
    make_event(moderator)
    rendered = []
    original = fragments._render
    monkeypatch.setattr(fragments, "_render",
                        lambda name, values: rendered.append(name) or original(name, values))
    _agenda(member)
    _agenda(member)
    assert rendered.count(fragments.CARD_TEMPLATE) == 1
    assert rendered.count(fragments.MAP_TEMPLATE) == 1
    assert rendered.count(fragments.FILTERS_TEMPLATE) == 1
    body = client_for(member).get(reverse("events:agenda"), {"type": "atelier"}).content.decode()
    assert rendered.count(fragments.FILTERS_TEMPLATE) == 2  # other filters: another form
    assert '<option value="atelier" selected>' in body


def test_the_map_follows_new_events(moderator, member):
    assert "Bretagne\xa0: 0 événement" in _agenda(member)
    make_event(moderator, region="bretagne", commune="Rennes")
    assert "Bretagne\xa0: 1 événement" in _agenda(member)


def _feed(member) -> list:
    feed = services.feed_for(actor=member)
    response = client_for(None).get(reverse("events:feed", args=[feed.token]))
    assert response.status_code == 200
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_a_kept_feed_follows_every_change(moderator, member):
    event = make_event(moderator)
    services.registration_create(actor=member, event=event)
    [first] = _feed(member)
    assert int(first["SEQUENCE"]) == 0 and event.online_url in str(first["DESCRIPTION"])
    assert _feed(member)[0].to_ical() == first.to_ical()  # kept: the same file, stamp included
    services.event_edit(actor=moderator, event=event, **event_fields(
        starts_at=event.starts_at + timedelta(hours=1),
        ends_at=event.ends_at + timedelta(hours=1)))
    [moved] = _feed(member)
    assert int(moved["SEQUENCE"]) == 1
    assert moved["DTSTART"].dt == event.starts_at + timedelta(hours=1)
    services.registration_cancel(actor=member, event=event)
    assert _feed(member) == []
    services.registration_create(actor=member, event=event)
    services.event_cancel(actor=moderator, event=event)
    [cancelled] = _feed(member)
    assert str(cancelled["STATUS"]) == "CANCELLED"


def test_a_waiting_member_s_kept_feed_gets_the_link_once_seated(moderator, member,
                                                                 other_member):
    event = make_event(moderator, capacity=1)
    services.registration_create(actor=other_member, event=event)
    services.registration_create(actor=member, event=event)  # waitlisted
    [waiting] = _feed(member)
    assert event.online_url not in str(waiting["DESCRIPTION"])
    services.registration_cancel(actor=other_member, event=event)  # member promoted
    [seated] = _feed(member)
    assert event.online_url in str(seated["DESCRIPTION"])
