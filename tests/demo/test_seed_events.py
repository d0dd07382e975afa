"""``seed_demo`` fills the agenda through its services: past webconférences with replays and
attendance, next month's regional days (one in La Réunion's time zone), the national Rencontre
full with a waitlist, a monthly series, a proposal waiting; and nothing more on a second run."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Event, Registration

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_seed_fills_a_lively_agenda_once():
    output = _seed()
    assert "Agenda : 13 événements" in output
    now = timezone.now()
    past = Event.objects.filter(ends_at__lt=now)
    assert past.count() == 3
    assert all(event.replay_url for event in past)
    assert Registration.objects.filter(event__in=past, attended_at__isnull=False).exists()
    rencontre = Event.objects.get(kind="rencontre-annuelle")
    confirmed = rencontre.registrations.filter(status="confirmed").count()
    assert confirmed == rencontre.capacity
    assert rencontre.registrations.filter(status="waitlisted").count() == 15
    assert Event.objects.get(region="la-reunion").time_zone == "Indian/Reunion"
    assert Event.objects.filter(series__isnull=False).count() == 4
    assert Event.objects.filter(moderation_status="pending").count() == 1
    counts = (Event.objects.count(), Registration.objects.count())
    assert "Agenda : 0 événements" in _seed()
    assert (Event.objects.count(), Registration.objects.count()) == counts
