"""Chat pages without JavaScript: sending, replying, marking read, editing and deleting one's
own messages (DESIGN.md §5, §9)."""

import re

import pytest
from django.urls import reverse

from chat import services
from chat.models import Message, RoomMembership
from tests.chat.helpers import _say

pytestmark = pytest.mark.django_db


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
