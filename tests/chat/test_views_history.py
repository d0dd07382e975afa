"""Chat pages: history pages, deleted and edited messages, sanitised output, the unread
endpoint and the realtime script (DESIGN.md §5, §9)."""

import re

import pytest
from django.urls import reverse

from chat import services
from chat.models import Message
from tests.chat.helpers import _say
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


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
