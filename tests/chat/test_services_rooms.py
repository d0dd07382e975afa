"""The chat services: who may create, join and archive rooms, and direct conversations."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chat import services
from chat.models import MAX_DIRECT_MEMBERS, Room
from tests.chat.helpers import (
    in_memory_layer,  # noqa: F401  (an autouse fixture)
    members_of,
)
from tests.factories import ApplicantFactory, MemberFactory

pytestmark = pytest.mark.django_db


# --- Rooms -----------------------------------------------------------------------------------


def test_only_moderators_create_public_rooms(member, moderator, admin_user):
    with pytest.raises(PermissionDenied):
        services.room_create(actor=member, name="Salon")
    room = services.room_create(actor=moderator, name="  Salon   des\tcommuns ")
    assert room.kind == Room.Kind.PUBLIC and room.name == "Salon des communs"
    assert services.room_create(actor=admin_user, name="Annonces").kind == Room.Kind.PUBLIC


def test_members_create_private_rooms_with_members(member, other_member):
    room = services.room_create(actor=member, name="Groupe", kind=Room.Kind.PRIVATE,
                                members=[other_member])
    assert members_of(room) == {member.pk, other_member.pk}
    assert room.created_by == member


def test_applicants_create_no_room_and_are_not_invited(member):
    applicant = ApplicantFactory()
    with pytest.raises(PermissionDenied):
        services.room_create(actor=applicant, name="Groupe", kind=Room.Kind.PRIVATE)
    with pytest.raises(ValidationError):
        services.room_create(actor=member, name="Groupe", kind=Room.Kind.PRIVATE,
                             members=[applicant])
    assert not Room.objects.exists()


@pytest.mark.parametrize(("name", "kind"), [("   ", Room.Kind.PRIVATE),
                                            ("DM", Room.Kind.DIRECT), ("X", "secret")])
def test_room_create_validates(member, name, kind):
    with pytest.raises(ValidationError):
        services.room_create(actor=member, name=name, kind=kind)


def test_room_join_rules(member, moderator, public, private):
    assert services.room_join(actor=member, room=public).last_read_seq == 0
    with pytest.raises(PermissionDenied):
        services.room_join(actor=moderator, room=private)
    with pytest.raises(PermissionDenied):
        services.room_join(actor=ApplicantFactory(), room=public)
    services.room_archive(actor=moderator, room=public)
    with pytest.raises(PermissionDenied):
        services.room_join(actor=MemberFactory(), room=public)


def test_joining_late_starts_read(member, moderator, public):
    services.message_send(actor=moderator, room=public, body="Avant")
    public.refresh_from_db()
    assert services.room_join(actor=member, room=public).last_read_seq == 1


def test_room_archive_permissions(member, other_member, moderator, public, private):
    with pytest.raises(PermissionDenied):
        services.room_archive(actor=member, room=public)
    with pytest.raises(PermissionDenied):
        services.room_archive(actor=other_member, room=private)
    assert services.room_archive(actor=member, room=private).is_archived
    assert services.room_archive(actor=moderator, room=public).is_archived


# --- Direct conversations --------------------------------------------------------------------


def test_direct_room_is_one_per_set_of_people(member, other_member):
    third = MemberFactory()
    room = services.direct_room(actor=member, others=[other_member, third])
    assert room.kind == Room.Kind.DIRECT
    assert services.direct_room(actor=third, others=[other_member, member]) == room
    assert services.direct_room(actor=other_member, others=[member, member, third]) == room
    assert services.direct_room(actor=member, others=[other_member]) != room
    assert members_of(room) == {member.pk, other_member.pk, third.pk}


def test_direct_room_size(member):
    with pytest.raises(ValidationError):
        services.direct_room(actor=member, others=[])
    with pytest.raises(ValidationError):
        services.direct_room(actor=member, others=[member])
    others = MemberFactory.create_batch(MAX_DIRECT_MEMBERS - 1)
    assert len(members_of(services.direct_room(actor=member, others=others))) == 8
    with pytest.raises(ValidationError):
        services.direct_room(actor=member, others=[*others, MemberFactory()])


def test_direct_room_only_between_members(member):
    with pytest.raises(PermissionDenied):
        services.direct_room(actor=member, others=[ApplicantFactory()])


def test_direct_room_brings_back_who_left(member, other_member):
    room = services.direct_room(actor=member, others=[other_member])
    services.room_leave(actor=other_member, room=room)
    assert members_of(room) == {member.pk}
    assert services.direct_room(actor=member, others=[other_member]) == room
    assert members_of(room) == {member.pk, other_member.pk}
