"""The home page's "my next events"."""

from django.urls import reverse

from events import services
from tests.conftest import client_for
from tests.events.conftest import make_event


def test_the_home_page_shows_my_next_events(moderator, member, other_member):
    mine = make_event(moderator, title="Journée régionale Bretagne")
    make_event(moderator, title="Autre rencontre")
    services.registration_create(actor=member, event=mine)
    body = client_for(member).get(reverse("community:home")).content.decode()
    assert "Mes prochains événements" in body
    assert "Journée régionale Bretagne" in body and "Autre rencontre" not in body
    body = client_for(other_member).get(reverse("community:home")).content.decode()
    assert "aucun événement" in body
