"""The chat services: what is published once the transaction commits, and nothing before."""

import json

import pytest
from django.core.exceptions import PermissionDenied

from chat import services
from tests.chat.helpers import (
    Listener,
    in_memory_layer,  # noqa: F401  (an autouse fixture)
)

pytestmark = pytest.mark.django_db


# --- Persist, then publish -------------------------------------------------------------------


def test_messages_edits_and_deletions_are_published_on_commit(
    member, private, django_capture_on_commit_callbacks
):
    listener = Listener(private.group_name)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = services.message_send(actor=member, room=private, body="Un")
    assert listener.events() == []  # nothing before the commit
    for callback in callbacks:
        callback()
    [event] = listener.events()
    assert event["type"] == "chat.message" and "update" not in event
    assert event["frame"]["id"] == message.pk and event["frame"]["seq"] == 1
    # Encoded once for every socket of every member.
    assert json.loads(event["text"]) == event["frame"]

    with django_capture_on_commit_callbacks(execute=True):
        services.message_edit(actor=member, message=message, body="Un, corrigé")
    [event] = listener.events()
    assert event["update"] is True and event["frame"]["edited"] is True

    with django_capture_on_commit_callbacks(execute=True):
        services.message_delete(actor=member, message=message)
    [event] = listener.events()
    assert event["update"] is True and event["frame"]["deleted"] is True


def test_a_refused_write_publishes_nothing(member, moderator, private,
                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(PermissionDenied):
        services.message_send(actor=moderator, room=private, body="Intrus")
    assert callbacks == []


def test_membership_changes_reach_the_personal_stream(
    member, other_member, private, django_capture_on_commit_callbacks
):
    listener = Listener(f"user.{other_member.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        room = services.direct_room(actor=member, others=[other_member])
    assert listener.events() == [{"type": "chat.joined", "room": room.pk}]
    with django_capture_on_commit_callbacks(execute=True):
        services.room_leave(actor=other_member, room=private)
    assert listener.events() == [{"type": "chat.left", "room": private.pk, "public": False}]
