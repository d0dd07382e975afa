"""Opening a message found by the chat search in its room (/chat/<room>/messages/<id>/, which
leads to the room's page positioned on it): the messages before and after it, the message
marked for the eye and the keyboard, older and newer pages from there, the latest page live;
only for who may see the room."""

import re

import pytest
from django.urls import reverse

from chat import services
from chat.models import Room
from chat.search_views import CONTEXT_AFTER
from chat.selectors import HISTORY_PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_room(member, other_member):
    room = services.room_create(actor=member, name="Projet vallée", kind=Room.Kind.PRIVATE,
                                members=[other_member])
    people = [member, other_member]
    messages = [services.message_send(actor=people[n % 2], room=room, body=f"Message {n}")
                for n in range(1, 121)]
    return room, messages


def seqs(html: str) -> list[int]:
    return [int(seq) for seq in re.findall(r'<li class="chat-message[^"]*"[^>]* id="m-(\d+)"',
                                           html)]


def url(room, message) -> str:
    return reverse("chat:message", args=[room.pk, message.pk])


def found_seq(html: str) -> int:
    (seq,) = re.findall(r'class="chat-message[^"]*chat-message--found"[^>]*id="m-(\d+)"', html)
    return int(seq)


def test_a_message_opens_with_the_messages_around_it_marked_and_focusable(long_room, member,
                                                                          as_user):
    room, messages = long_room
    target = messages[59]  # seq 60
    response = as_user(member).get(url(room, target), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    shown = seqs(html)
    assert shown == list(range(60 + CONTEXT_AFTER - HISTORY_PAGE + 1, 60 + CONTEXT_AFTER + 1))
    assert found_seq(html) == 60
    item = re.search(r'<li [^>]*id="m-60"[^>]*>', html).group(0)
    assert 'tabindex="-1"' in item and 'aria-current="true"' in item
    assert html.count("chat-message--found") == 1
    # Not the latest page: not live, with the ways back and forth.
    assert 'data-live="false"' in html
    assert f'href="?before={shown[0]}"' in html  # older messages
    newer = re.search(r'href="\?before=(\d+)" data-newer', html)
    assert newer and int(newer.group(1)) == shown[-1] + HISTORY_PAGE + 1
    assert f'href="{room.get_absolute_url()}"' in html  # back to the latest


def test_older_and_newer_pages_load_from_there(long_room, member, as_user):
    room, messages = long_room
    client = as_user(member)
    html = client.get(url(room, messages[59]), follow=True).content.decode()
    first, last = seqs(html)[0], seqs(html)[-1]
    older = client.get(room.get_absolute_url(), {"before": first}, HTTP_HX_REQUEST="true")
    assert seqs(older.content.decode()) == list(range(max(1, first - HISTORY_PAGE), first))
    newer_before = re.search(r'href="\?before=(\d+)" data-newer', html).group(1)
    newer = client.get(room.get_absolute_url(), {"before": newer_before}).content.decode()
    assert seqs(newer) == list(range(last + 1, 121))  # the rest: the latest page, live
    assert 'data-live="true"' in newer and "data-newer" not in newer


def test_a_recent_message_opens_on_the_live_page(long_room, member, as_user):
    room, messages = long_room
    html = as_user(member).get(url(room, messages[115]), follow=True).content.decode()
    assert 'data-live="true"' in html and found_seq(html) == 116
    assert seqs(html) == list(range(121 - HISTORY_PAGE, 121))


def test_the_first_messages_open_at_the_beginning(long_room, member, as_user):
    room, messages = long_room
    html = as_user(member).get(url(room, messages[2]), follow=True).content.decode()
    assert seqs(html) == list(range(1, 3 + CONTEXT_AFTER + 1)) and found_seq(html) == 3
    assert "data-older" not in html  # the beginning of the conversation


def test_a_deleted_message_opens_on_its_tombstone(long_room, member, as_user):
    room, messages = long_room
    services.message_delete(actor=member, message=messages[1])  # member's own, seq 2
    html = as_user(member).get(url(room, messages[1]), follow=True).content.decode()
    item = re.search(r'<li [^>]*id="m-2"[^>]*>', html).group(0)
    assert "chat-message--deleted" in item and "chat-message--found" in item
    assert "Message 2<" not in html


def test_only_who_may_see_the_room_opens_its_messages(long_room, moderator, admin_user,
                                                      applicant, as_user):
    room, messages = long_room
    target = url(room, messages[10])
    assert as_user(moderator).get(target).status_code == 404
    assert as_user(admin_user).get(target).status_code == 404
    assert as_user(applicant).get(target).status_code == 302
    assert as_user(None).get(target).status_code == 302


def test_a_message_of_another_room_or_none_is_not_found(long_room, member, other_member,
                                                        as_user):
    room, messages = long_room
    other = services.direct_room(actor=member, others=[other_member])
    client = as_user(member)
    assert client.get(reverse("chat:message", args=[other.pk, messages[0].pk])).status_code == 404
    assert client.get(reverse("chat:message", args=[room.pk, 999_999])).status_code == 404


def test_the_address_leads_to_the_room_page_positioned_on_the_message(long_room, member,
                                                                     as_user):
    room, messages = long_room
    response = as_user(member).get(url(room, messages[59]))
    assert response.status_code == 302
    before = 60 + CONTEXT_AFTER + 1
    assert response["Location"] == f"{room.get_absolute_url()}?before={before}&message=60#m-60"


def test_opening_a_message_costs_what_the_room_page_costs(long_room, member, as_user,
                                                          django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    room, messages = long_room
    client = as_user(member)
    client.get(room.get_absolute_url())
    with CaptureQueriesContext(connection) as room_page:
        client.get(room.get_absolute_url(), {"before": 71})
    with django_assert_max_num_queries(len(room_page)):
        client.get(room.get_absolute_url(), {"before": 71, "message": 60})
    with django_assert_max_num_queries(6):  # session, user, profile, room, membership, seq
        client.get(url(room, messages[59]))
