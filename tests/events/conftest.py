"""The people and events of the agenda's tests. The reminders' page check runs at most once a
minute through the cache: every test starts as if a page had just run it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone

from events import services
from events.models import Event
from events.services.notices import DUE_CHECK_EVERY, DUE_CHECK_KEY
from tests.factories import MemberFactory
from tests.projects.conftest import make_project

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def _reminder_check_just_ran():
    cache.set(DUE_CHECK_KEY, True, DUE_CHECK_EVERY)
    yield
    cache.delete(DUE_CHECK_KEY)


def event_fields(**changes) -> dict:
    start = (timezone.now() + timedelta(days=10)).astimezone(PARIS).replace(
        hour=10, minute=0, second=0, microsecond=0)
    fields = {
        "title": "Webconf tiers-lieux", "kind": "webinaire",
        "summary": "Retour d'expériences de trois tiers-lieux.",
        "description": "Avec **trois** témoins.", "starts_at": start,
        "ends_at": start + timedelta(hours=2), "time_zone": "Europe/Paris",
        "online_url": "https://visio.exemple.fr/salle-42", "capacity": None,
    }
    fields.update(changes)
    return fields


def make_event(actor, **changes) -> Event:
    project = changes.pop("project", None)
    event = services.event_create(actor=actor, project=project, **event_fields(**changes))
    return Event.objects.get(pk=event.pk)


@pytest.fixture
def organiser(db):
    return MemberFactory(first_name="Orla", last_name="Organisatrice")


@pytest.fixture
def registrant(db):
    return MemberFactory(first_name="Rémi", last_name="Inscrit")


@pytest.fixture
def event(moderator):
    """A published network event, organised by the moderator who created it."""
    return make_event(moderator)


@pytest.fixture
def owner(db):
    return MemberFactory(first_name="Paula", last_name="Porteuse")


@pytest.fixture
def contributor(db):
    return MemberFactory(first_name="Cyril", last_name="Contributeur")


@pytest.fixture
def project(owner, contributor):
    return make_project(owner, contributors=[contributor])


def local(year, month, day, hour, minute=0, zone=PARIS) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone)
