"""Chat pages: who sees what, the flows behind each button, no-JS sending, history pages,
sanitised output and constant query counts (DESIGN.md §3, §5, §9)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chat import services
from chat.models import Message, Room, RoomMembership
from tests.factories import ApplicantFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_room(moderator):
    return services.room_create(actor=moderator, name="Tiers-lieux", topic="Lieux partagés")


@pytest.fixture
def private_room(other_member):
    """A private room of other_member's; neither ``member`` nor ``moderator`` is in it."""
    insider = MemberFactory(first_name="Ina", last_name="Dedans")
    return services.room_create(actor=other_member, name="Groupe PTCE", kind=Room.Kind.PRIVATE,
                                members=[insider])


def _say(room, author, count, prefix="Message"):
    return [services.message_send(actor=author, room=room, body=f"{prefix} {n}")
            for n in range(1, count + 1)]


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


# --- Sending without JavaScript -------------------------------------------------------------


def test_no_js_send_stores_once_and_redirects_to_the_message(as_user, member, public_room):
    client = as_user(member)
    page = client.get(public_room.get_absolute_url()).content.decode()
    client_id = re.search(r'name="client_id" value="([0-9a-f]+)"', page).group(1)
    url = reverse("chat:send", args=[public_room.pk])

    for _attempt in range(2):  # a double click, or the back button and submit again
        response = client.post(url, {"body": "Bonjour **tout le monde**", "client_id": client_id})
        assert response["Location"] == public_room.get_absolute_url() + "#m-1"

    message = Message.objects.get()
    assert (message.author, message.seq, message.html) == (
        member, 1, "<p>Bonjour <strong>tout le monde</strong></p>"
    )
    # Posting in a public room joins it; the sender has read their own message.
    assert RoomMembership.objects.get(room=public_room, user=member).last_read_seq == 1


def test_no_js_reply(as_user, member, moderator, public_room):
    question = services.message_send(actor=moderator, room=public_room, body="Qui connaît un "
                                     "tiers-lieu à Brest ?")
    client = as_user(member)
    page = client.get(public_room.get_absolute_url() + f"?reply={question.pk}").content.decode()
    assert f'name="reply_to" value="{question.pk}"' in page
    assert "Qui connaît un tiers-lieu à Brest ?" in page.split('data-reply-preview')[1]
    client.post(reverse("chat:send", args=[public_room.pk]),
                {"body": "La Fabrique du Ponant !", "reply_to": question.pk})
    answer = Message.objects.get(seq=2)
    assert answer.reply_to == question
    page = client.get(public_room.get_absolute_url()).content.decode()
    assert 'class="chat-message__quote"' in page
    assert f'href="#m-{question.seq}"' in page


@pytest.mark.parametrize("body", ["", "   ", "x" * 4001])
def test_no_js_send_rejects_bad_bodies(as_user, member, public_room, body):
    response = as_user(member).post(reverse("chat:send", args=[public_room.pk]), {"body": body})
    assert response.status_code == 200
    assert 'id="composer-errors"' in response.content.decode()
    assert not Message.objects.exists()


def test_reply_to_a_message_of_another_room_is_refused(as_user, member, moderator, public_room):
    elsewhere = services.room_create(actor=moderator, name="Ailleurs")
    other = services.message_send(actor=moderator, room=elsewhere, body="Ailleurs")
    response = as_user(member).post(reverse("chat:send", args=[public_room.pk]),
                                    {"body": "Réponse", "reply_to": other.pk})
    assert response.status_code == 200
    assert not Message.objects.filter(room=public_room).exists()


def test_mark_read_without_javascript(as_user, member, moderator, public_room):
    services.room_join(actor=member, room=public_room)
    _say(public_room, moderator, 4)
    client = as_user(member)
    page = client.get(public_room.get_absolute_url()).content.decode()
    assert 'id="first-unread"' in page
    assert "<noscript>" in page
    client.post(reverse("chat:mark_read", args=[public_room.pk]), {"seq": 4})
    assert RoomMembership.objects.get(room=public_room, user=member).last_read_seq == 4
    page = client.get(public_room.get_absolute_url()).content.decode()
    assert 'id="first-unread"' not in page


# --- History ---------------------------------------------------------------------------------


def test_latest_page_and_older_messages_fragment(as_user, member, moderator, public_room):
    _say(public_room, moderator, 60)
    client = as_user(member)
    page = client.get(public_room.get_absolute_url()).content.decode()
    assert 'id="m-60"' in page and 'id="m-11"' in page and 'id="m-10"' not in page
    assert 'data-last-seq="60"' in page
    assert 'hx-get="?before=11"' in page

    fragment = client.get(public_room.get_absolute_url() + "?before=11", HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert fragment.status_code == 200
    assert "<html" not in html
    assert 'id="m-1"' in html and 'id="m-10"' in html and 'id="m-11"' not in html
    assert 'hx-swap-oob="true"' in html  # the button is replaced: nothing older
    assert "before=" not in html
    assert "HX-Request" in fragment["Vary"]

    # Without HTMX the same address is a whole page of that moment, not live.
    full = client.get(public_room.get_absolute_url() + "?before=11").content.decode()
    assert "<html" in full and 'id="m-10"' in full and 'id="m-11"' not in full
    assert 'data-live="false"' in full


def test_first_unread_further_back_than_one_page(as_user, member, moderator, public_room):
    services.room_join(actor=member, room=public_room)
    _say(public_room, moderator, 80)
    page = as_user(member).get(public_room.get_absolute_url()).content.decode()
    assert 'href="?before=51#first-unread"' in page
    older = as_user(member).get(public_room.get_absolute_url() + "?before=51").content.decode()
    assert re.search(r'id="first-unread".*?id="m-1"', older, re.S)


def test_deleted_and_edited_messages(as_user, member, moderator, public_room):
    quoted, edited = _say(public_room, moderator, 2)
    services.message_send(actor=member, room=public_room, body="Je réponds",
                          reply_to_id=quoted.pk)
    Message.objects.filter(pk=quoted.pk).update(deleted_at=edited.created_at)
    Message.objects.filter(pk=edited.pk).update(edited_at=edited.created_at)
    page = as_user(member).get(public_room.get_absolute_url()).content.decode()
    first = page.split('id="m-1"')[1].split("</li>")[0]
    assert "chat-message__tombstone" in first and "Message 1" not in first
    second = page.split('id="m-2"')[1].split("</li>")[0]
    assert "chat-message__edited" in second
    third = page.split('id="m-3"')[1].split("</li>")[0]
    assert "chat-message__quote" in third and "Message 1" not in third


# --- Output is inert -------------------------------------------------------------------------


def test_xss_payloads_render_inert(as_user, member, moderator, public_room):
    evil = MemberFactory(first_name='<img src=x onerror="alert(1)">', last_name="<script>x")
    body = ('<script>alert("xss")</script> <img src=x onerror=alert(2)> '
            '[clic](javascript:alert(3)) <a href="javascript:alert(4)">a</a>')
    question = services.message_send(actor=evil, room=public_room, body=body)
    services.message_send(actor=member, room=public_room, body="ok", reply_to_id=question.pk)
    services.room_join(actor=member, room=public_room)

    html = as_user(member).get(public_room.get_absolute_url()).content.decode()

    log = html.split('id="chat-log"')[1].split("</ol>")[0]
    assert "<script" not in log
    assert "<img" not in log
    assert not re.search(r"<a\b[^>]*javascript:", log)
    assert 'onerror="' not in log
    assert "&lt;script&gt;" in log  # shown as text


def test_unread_endpoint(as_user, member, moderator, public_room):
    services.room_join(actor=member, room=public_room)
    _say(public_room, moderator, 2)
    response = as_user(member).get(reverse("chat:unread"))
    assert response.json() == {"total": 2, "rooms": {str(public_room.pk): 2}}
    assert "no-store" in response["Cache-Control"]


def test_realtime_script_on_member_pages_only(as_user, member, applicant):
    assert "js/realtime" in as_user(member).get(reverse("community:home")).content.decode()
    landing = as_user(None).get(reverse("community:home")).content.decode()
    assert "js/realtime" not in landing
    status = as_user(applicant).get(reverse("community:application_status")).content.decode()
    assert "js/realtime" not in status


# --- Editing and deleting one's own messages without JavaScript ------------------------------


def test_no_js_edit_and_delete_own_message(as_user, member, public_room):
    message = services.message_send(actor=member, room=public_room, body="Bonjour à tous")
    client = as_user(member)
    edit = reverse("chat:message_edit", args=[public_room.pk, message.pk])
    delete = reverse("chat:message_delete", args=[public_room.pk, message.pk])
    page = client.get(public_room.get_absolute_url()).content.decode()
    assert edit in page and delete in page

    assert "Bonjour à tous" in client.get(edit).content.decode()
    response = client.post(edit, {"body": "Bonjour à *toutes et tous*"})
    assert response["Location"] == public_room.get_absolute_url() + "#m-1"
    message.refresh_from_db()
    assert message.html == "<p>Bonjour à <em>toutes et tous</em></p>"
    assert message.edited_at is not None
    assert client.post(edit, {"body": " "}).status_code == 200  # re-rendered with the error

    assert client.get(delete).status_code == 200
    assert client.post(delete)["Location"] == public_room.get_absolute_url() + "#m-1"
    message.refresh_from_db()
    assert message.is_deleted
    page = client.get(public_room.get_absolute_url()).content.decode()
    assert "chat-message__tombstone" in page and "toutes et tous" not in page
    assert client.get(edit).status_code == 404  # nothing left to edit


def test_others_cannot_edit_or_delete_a_message(as_user, member, moderator, other_member,
                                                public_room, private_room):
    message = services.message_send(actor=member, room=public_room, body="À moi")
    for name in ("chat:message_edit", "chat:message_delete"):
        url = reverse(name, args=[public_room.pk, message.pk])
        # A moderator's deletion in a public room is moderation: tests/chat/test_moderation.py.
        others = (moderator, other_member) if name == "chat:message_edit" else (other_member,)
        for other in others:
            assert as_user(other).get(url).status_code == 403
            assert as_user(other).post(url, {"body": "Piraté"}).status_code == 403
        # The message id under another room's address: not found.
        wrong_room = reverse(name, args=[private_room.pk, message.pk])
        assert as_user(other_member).get(wrong_room).status_code == 404
        assert as_user(member).get(wrong_room).status_code == 404
    message.refresh_from_db()
    assert (message.body, message.is_deleted) == ("À moi", False)
    page = as_user(moderator).get(public_room.get_absolute_url()).content.decode()
    assert reverse("chat:message_edit", args=[public_room.pk, message.pk]) not in page


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
