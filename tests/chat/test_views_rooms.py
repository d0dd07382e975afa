"""Chat pages: the rooms list and its query count, creating, joining, leaving and archiving
rooms, and direct conversations (DESIGN.md §3, §5, §9)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chat import services
from chat.models import Room, RoomMembership
from tests.chat.helpers import _say
from tests.factories import ApplicantFactory, MemberFactory

pytestmark = pytest.mark.django_db


# --- The rooms list --------------------------------------------------------------------------


def test_index_lists_rooms_by_section_with_unread_badges(as_user, member, moderator,
                                                         other_member, public_room):
    joined = services.room_create(actor=moderator, name="Mécénat de compétences")
    services.room_join(actor=member, room=joined)
    _say(joined, moderator, 3)
    direct = services.direct_room(actor=other_member, others=[member])
    _say(direct, other_member, 2)

    response = as_user(member).get(reverse("chat:index"))
    html = response.content.decode()

    assert response.status_code == 200
    sections = re.split(r'class="chat-sidebar__heading"', html)
    assert "Mécénat de compétences" in sections[1]  # public rooms joined
    assert "Tiers-lieux" in sections[2]  # other public rooms
    assert "Odile Autre" in sections[-1]  # direct conversations, named after the other person
    assert re.search(rf'data-room-unread="{joined.pk}">.*?<span data-count>3</span>', html, re.S)
    assert re.search(rf'data-room-unread="{direct.pk}">.*?<span data-count>2</span>', html, re.S)
    # The header badge counts every unread message of the member's rooms.
    assert re.search(r"data-chat-unread>.*?<span data-count>5</span>", html, re.S)
    # A member may open private rooms, not public ones.
    assert 'name="kind" value="private"' in html
    assert 'name="kind" value="public"' not in html
    assert 'name="kind" value="public"' in as_user(moderator).get(
        reverse("chat:index")).content.decode()


def test_index_query_count_does_not_grow_with_rooms(as_user, member, moderator,
                                                    django_assert_max_num_queries):
    def add_rooms(count, start):
        for n in range(start, start + count):
            room = services.room_create(actor=moderator, name=f"Salon {n}")
            services.room_join(actor=member, room=room)
            services.message_send(actor=moderator, room=room, body="Bonjour")
            private = services.room_create(actor=moderator, name=f"Privé {n}",
                                           kind=Room.Kind.PRIVATE, members=[member])
            services.message_send(actor=moderator, room=private, body="Bonjour")
            other = MemberFactory()
            services.direct_room(actor=other, others=[member])

    client = as_user(member)
    add_rooms(1, 0)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("chat:index")).status_code == 200
    add_rooms(9, 1)  # 30 rooms of the member's, against 3
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("chat:index"))
    assert response.content.decode().count('class="chat-rooms__link"') == 30


def test_room_page_query_count_does_not_grow_with_messages(as_user, member, moderator,
                                                           public_room,
                                                           django_assert_max_num_queries):
    services.room_join(actor=member, room=public_room)
    first = services.message_send(actor=moderator, room=public_room, body="Premier")
    services.message_send(actor=member, room=public_room, body="Réponse", reply_to_id=first.pk)
    client = as_user(member)
    url = reverse("chat:room", args=[public_room.pk])
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for n in range(60):
        author = MemberFactory() if n % 10 == 0 else moderator
        services.message_send(actor=author, room=public_room, body=f"Message {n}",
                              reply_to_id=first.pk if n % 3 == 0 else None)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count(' data-seq="') == 50


# --- Creating, joining, leaving, archiving --------------------------------------------------


def test_moderator_creates_a_public_room_and_a_member_cannot(as_user, member, moderator):
    response = as_user(moderator).post(
        reverse("chat:room_create"),
        {"kind": "public", "public-name": "  Évaluation   d'impact ", "public-topic": "Mesurer"},
    )
    room = Room.objects.get()
    assert response["Location"] == reverse("chat:room", args=[room.pk])
    assert (room.name, room.kind, room.topic) == ("Évaluation d'impact", "public", "Mesurer")

    response = as_user(member).post(reverse("chat:room_create"),
                                    {"kind": "public", "public-name": "Mon salon"})
    assert response.status_code == 403
    assert Room.objects.count() == 1
    assert as_user(member).post(reverse("chat:room_create"), {"kind": "x"}).status_code == 400
    assert as_user(member).get(reverse("chat:room_create")).status_code == 405


def test_member_creates_a_private_room_by_email(as_user, member, other_member):
    response = as_user(member).post(reverse("chat:room_create"), {
        "kind": "private", "private-name": "Binôme",
        "private-members": f"{other_member.email.upper()}, {member.email}",
    })
    room = Room.objects.get()
    assert response["Location"] == room.get_absolute_url()
    assert room.kind == Room.Kind.PRIVATE
    assert set(room.memberships.values_list("user", flat=True)) == {member.pk, other_member.pk}


@pytest.mark.parametrize(("members", "error"), [
    ("pas-une-adresse", "not valid"),
    ("inconnu@exemple.fr", "not those of members"),
    ("candidat", "not those of members"),  # an applicant is not a member yet
    ("moi", "at least one other member"),
    ("", "required"),
])
def test_private_room_form_rejects_bad_members(as_user, member, members, error, settings):
    settings.LANGUAGE_CODE = "en"
    applicant = ApplicantFactory()
    members = {"candidat": applicant.email, "moi": member.email}.get(members, members)
    client = as_user(member)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("chat:room_create"), {
        "kind": "private", "private-name": "Binôme", "private-members": members,
    })
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Room.objects.exists()


def test_join_and_leave_a_public_room(as_user, member, public_room):
    client = as_user(member)
    services.message_send(actor=public_room.created_by, room=public_room, body="Bienvenue")
    page = client.get(reverse("chat:room", args=[public_room.pk])).content.decode()
    assert reverse("chat:join", args=[public_room.pk]) in page

    response = client.post(reverse("chat:join", args=[public_room.pk]))
    assert response["Location"] == public_room.get_absolute_url()
    membership = RoomMembership.objects.get(room=public_room, user=member)
    assert membership.last_read_seq == 1  # joining does not make the past "unread"
    page = client.get(reverse("chat:room", args=[public_room.pk])).content.decode()
    assert reverse("chat:leave", args=[public_room.pk]) in page

    response = client.post(reverse("chat:leave", args=[public_room.pk]))
    assert response["Location"] == reverse("chat:index")
    assert not RoomMembership.objects.filter(room=public_room, user=member).exists()


def test_direct_conversation_cannot_be_left(as_user, member, other_member):
    room = services.direct_room(actor=member, others=[other_member])
    response = as_user(member).post(reverse("chat:leave", args=[room.pk]))
    assert response["Location"] == room.get_absolute_url()
    assert room.memberships.filter(user=member).exists()


def test_archiving(as_user, member, moderator, public_room):
    url = reverse("chat:archive", args=[public_room.pk])
    assert as_user(member).post(url).status_code == 403
    page = as_user(moderator).get(public_room.get_absolute_url()).content.decode()
    assert url in page
    assert as_user(moderator).post(url)["Location"] == public_room.get_absolute_url()
    public_room.refresh_from_db()
    assert public_room.is_archived
    # Read only from now on, for everyone; the archived room leaves the list of rooms to join.
    page = as_user(member).get(public_room.get_absolute_url()).content.decode()
    assert 'id="composer"' not in page
    assert as_user(member).post(reverse("chat:send", args=[public_room.pk]),
                                {"body": "Encore là ?"}).status_code == 403
    assert "Tiers-lieux" not in as_user(member).get(reverse("chat:index")).content.decode()


def test_private_room_creator_archives_it(as_user, other_member, private_room):
    assert as_user(other_member).post(
        reverse("chat:archive", args=[private_room.pk])).status_code == 302
    private_room.refresh_from_db()
    assert private_room.is_archived


# --- Direct conversations --------------------------------------------------------------------


def test_direct_conversation_from_a_profile(as_user, member, other_member):
    client = as_user(member)
    profile = client.get(reverse("community:member_detail", args=[other_member.pk]))
    direct_url = reverse("chat:direct", args=[other_member.pk])
    assert direct_url in profile.content.decode()
    own_profile = client.get(reverse("community:member_detail", args=[member.pk]))
    assert reverse("chat:direct", args=[member.pk]) not in own_profile.content.decode()

    first = client.post(direct_url)
    room = Room.objects.get(kind=Room.Kind.DIRECT)
    assert first["Location"] == room.get_absolute_url()
    assert client.post(direct_url)["Location"] == room.get_absolute_url()  # the same one
    assert Room.objects.count() == 1
    page = as_user(other_member).get(room.get_absolute_url()).content.decode()
    assert "Marc Membre" in page
    assert client.get(direct_url).status_code == 405


def test_direct_conversation_with_oneself_or_a_non_member(as_user, member):
    client = as_user(member)
    response = client.post(reverse("chat:direct", args=[member.pk]))
    assert response["Location"] == reverse("community:member_detail", args=[member.pk])
    assert client.post(reverse("chat:direct", args=[ApplicantFactory().pk])).status_code == 404
    assert client.post(reverse("chat:direct", args=[987654])).status_code == 404
    assert not Room.objects.exists()
