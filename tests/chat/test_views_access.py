"""Chat pages: who may see them, private rooms kept from outsiders, and the admin that lists
rooms and messages without their text (DESIGN.md §3, §9)."""

import pytest
from django.urls import reverse

from chat import services
from chat.models import Message, RoomMembership

pytestmark = pytest.mark.django_db


# --- Access ----------------------------------------------------------------------------------


def test_anonymous_and_applicants_are_kept_out(as_user, applicant, public_room):
    for url in (reverse("chat:index"), reverse("chat:room", args=[public_room.pk]),
                reverse("chat:unread")):
        response = as_user(None).get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login") + "?next=")
        response = as_user(applicant).get(url)
        assert response["Location"] == reverse("community:application_status")
    response = as_user(None).post(reverse("chat:send", args=[public_room.pk]), {"body": "x"})
    assert response["Location"].startswith(reverse("account_login"))
    assert not Message.objects.exists()


def test_private_room_is_404_for_outsiders_even_moderators(as_user, member, moderator,
                                                           private_room):
    services.message_send(actor=private_room.created_by, room=private_room, body="Confidentiel")
    urls = {
        "room": reverse("chat:room", args=[private_room.pk]),
        "send": reverse("chat:send", args=[private_room.pk]),
        "join": reverse("chat:join", args=[private_room.pk]),
        "leave": reverse("chat:leave", args=[private_room.pk]),
        "archive": reverse("chat:archive", args=[private_room.pk]),
        "read": reverse("chat:mark_read", args=[private_room.pk]),
    }
    for outsider in (member, moderator):
        client = as_user(outsider)
        assert client.get(urls["room"]).status_code == 404
        for name in ("send", "join", "leave", "archive", "read"):
            assert client.post(urls[name], {"body": "Intrus"}).status_code == 404, name
        index = client.get(reverse("chat:index")).content.decode()
        assert "Groupe PTCE" not in index
    assert Message.objects.filter(room=private_room).count() == 1
    assert not RoomMembership.objects.filter(room=private_room, user=member).exists()


def test_private_room_members_read_and_write(as_user, other_member, private_room):
    insider = private_room.memberships.exclude(user=other_member).get().user
    client = as_user(insider)
    page = client.get(reverse("chat:room", args=[private_room.pk]))
    assert page.status_code == 200
    assert "Groupe PTCE" in page.content.decode()
    response = client.post(reverse("chat:send", args=[private_room.pk]), {"body": "Salut"})
    assert response.status_code == 302
    assert Message.objects.get(room=private_room).author == insider


def test_admin_lists_rooms_and_messages_without_their_text(as_user, admin_user, member,
                                                           private_room):
    services.message_send(actor=private_room.created_by, room=private_room,
                          body="Un secret bien gardé")
    client = as_user(admin_user)
    for model in ("room", "message"):
        listing = client.get(reverse(f"admin:chat_{model}_changelist"))
        assert listing.status_code == 200
        assert "Un secret bien gardé" not in listing.content.decode()
    message = Message.objects.get()
    detail = client.get(reverse("admin:chat_message_change", args=[message.pk]))
    assert detail.status_code == 200
    assert "Un secret bien gardé" not in detail.content.decode()
    assert client.get(reverse("admin:chat_room_change", args=[private_room.pk])).status_code == 200
    assert client.get(reverse("admin:chat_room_add")).status_code == 403
