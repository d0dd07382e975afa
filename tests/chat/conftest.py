"""Fixtures shared by the chat tests: rooms for the pages (test_views_*.py), the services
(test_services_*.py) and the socket (test_consumer_*.py)."""

import pytest

from chat import services
from chat.models import Room
from tests.chat.sockets import sockets  # noqa: F401  (a fixture of test_consumer_*.py)
from tests.factories import MemberFactory


@pytest.fixture
def public_room(moderator):
    return services.room_create(actor=moderator, name="Tiers-lieux", topic="Lieux partagés")


@pytest.fixture
def private_room(other_member):
    """A private room of other_member's; neither ``member`` nor ``moderator`` is in it."""
    insider = MemberFactory(first_name="Ina", last_name="Dedans")
    return services.room_create(actor=other_member, name="Groupe PTCE", kind=Room.Kind.PRIVATE,
                                members=[insider])


@pytest.fixture
def public(moderator):
    return services.room_create(actor=moderator, name="Tiers-lieux", topic="Échanges")


@pytest.fixture
def private(member, other_member):
    return services.room_create(actor=member, name="Projet", kind=Room.Kind.PRIVATE,
                                members=[other_member])


@pytest.fixture
def rooms(db, moderator, member, other_member):
    public = services.room_create(actor=moderator, name="Tiers-lieux")
    private = services.room_create(actor=member, name="Projet vallée", kind=Room.Kind.PRIVATE,
                                   members=[other_member])
    return public, private
