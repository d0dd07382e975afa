"""A project's chat room follows the project's members: nobody leaves it from the chat (leaving
the project takes them out), and nobody manages its members there."""

import pytest
from django.core.exceptions import PermissionDenied

from chat import permissions as chat_permissions
from chat import services as chat_services
from chat.models import RoomMembership
from projects import services
from tests.projects.conftest import make_project

pytestmark = pytest.mark.django_db


def test_the_project_room_cannot_be_left_from_the_chat(as_user, owner, contributor):
    project = make_project(owner, contributors=[contributor])
    room = project.room
    assert room.managed_elsewhere
    client = as_user(contributor)
    page = client.get(room.get_absolute_url()).content.decode()
    assert "Quitter ce salon" not in page
    response = client.post(f"/chat/{room.pk}/quitter/", follow=True)
    assert "suit les membres de son projet" in response.content.decode()
    assert RoomMembership.objects.filter(room=room, user=contributor).exists()
    with pytest.raises(PermissionDenied):
        chat_services.room_leave(actor=contributor, room=room)
    assert not chat_permissions.can_manage_members(owner, room)


def test_leaving_the_project_leaves_its_room(owner, contributor):
    project = make_project(owner, contributors=[contributor])
    services.membership_leave(actor=contributor, project=project)
    assert not RoomMembership.objects.filter(room=project.room, user=contributor).exists()


def test_other_private_rooms_can_still_be_left(member, other_member):
    room = chat_services.room_create(actor=member, name="Binôme", kind="private",
                                     members=[other_member])
    assert not room.managed_elsewhere
    chat_services.room_leave(actor=other_member, room=room)
    assert not RoomMembership.objects.filter(room=room, user=other_member).exists()
