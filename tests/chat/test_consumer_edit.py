"""The /ws/ socket (docs/realtime.md): editing and deleting messages. No sleeps: every wait
has a timeout."""

import pytest

from chat import services
from chat.models import Message, RoomMembership
from tests.chat.sockets import (
    _fresh_realtime_state,  # noqa: F401  (an autouse fixture)
    assert_error_frame,
    assert_still_open,
    recv,
    send,
    subscribe,
    sync,
)
from tests.factories import MemberFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


# --- Editing and deleting -------------------------------------------------------------------


async def test_edit_your_own_message(sockets, member, other_member, rooms):
    _public, private = rooms
    third = await sync(MemberFactory)()
    await sync(RoomMembership.objects.create)(room=private, user=third)
    author = await sockets.open(member)
    reader = await sockets.open(other_member)
    watcher = await sockets.open(third)
    await subscribe(reader, private)
    sent = await send(author, private, "Rendez-vous à 10h")
    await recv(reader)
    await recv(watcher)  # activity for the new message

    await author.send_json_to({"type": "edit", "room": private.pk, "id": sent["id"],
                               "body": "Rendez-vous à *11h*"})
    assert await recv(author) == {"type": "ack", "room": private.pk, "client_id": "",
                                  "id": sent["id"], "seq": sent["seq"]}
    frame = await recv(reader)
    assert frame["type"] == "message" and frame["id"] == sent["id"]
    assert frame["edited"] is True and "<em>11h</em>" in frame["html"]
    assert await watcher.receive_nothing()  # an edit is not new activity
    message = await sync(Message.objects.get)(pk=sent["id"])
    assert message.body == "Rendez-vous à *11h*" and message.edited_at is not None


async def test_delete_your_own_message_leaves_a_tombstone(sockets, member, other_member, rooms):
    _public, private = rooms
    author = await sockets.open(member)
    reader = await sockets.open(other_member)
    await subscribe(reader, private)
    sent = await send(author, private, "Oups, pas ici")
    await recv(reader)
    await author.send_json_to({"type": "delete", "room": private.pk, "id": sent["id"]})
    assert (await recv(author))["id"] == sent["id"]
    frame = await recv(reader)
    assert frame["id"] == sent["id"] and frame["deleted"] is True and frame["html"] == ""
    message = await sync(Message.objects.get)(pk=sent["id"])
    assert message.deleted_at is not None and message.body == "" and message.html == ""
    # Editing a tombstone is refused; deleting it again changes nothing.
    await assert_error_frame(author, {"type": "edit", "room": private.pk, "id": sent["id"],
                                "body": "Revenu"}, "invalid_message")
    await author.send_json_to({"type": "delete", "room": private.pk, "id": sent["id"]})
    assert (await recv(author))["type"] == "ack"


async def test_editing_or_deleting_someone_elses_message_is_refused(
    sockets, member, other_member, rooms
):
    _public, private = rooms
    author = await sockets.open(member)
    other = await sockets.open(other_member)
    sent = await send(author, private, "À moi")
    assert (await recv(other))["type"] == "activity"
    await assert_error_frame(other, {"type": "edit", "room": private.pk, "id": sent["id"],
                               "body": "À toi"}, "forbidden_message")
    await assert_error_frame(other, {"type": "delete", "room": private.pk, "id": sent["id"]},
                       "forbidden_message")
    message = await sync(Message.objects.get)(pk=sent["id"])
    assert message.body == "À moi" and message.deleted_at is None and message.edited_at is None
    await assert_still_open(other)


async def test_edit_and_delete_bad_frames(sockets, member, rooms):
    public, private = rooms
    socket = await sockets.open(member)
    sent = await send(socket, public, "Ici")
    # The id must be a number, of a message of that room.
    await assert_error_frame(socket, {"type": "edit", "room": public.pk, "id": str(sent["id"]),
                                "body": "x"}, "invalid_frame")
    await assert_error_frame(socket, {"type": "delete", "room": private.pk, "id": sent["id"]},
                       "unknown_message")
    await assert_error_frame(socket, {"type": "edit", "room": public.pk, "id": sent["id"]},
                       "invalid_frame")
    await assert_error_frame(socket, {"type": "edit", "room": public.pk, "id": sent["id"],
                                "body": "b" * 4001}, "invalid_message")


async def test_editing_in_an_archived_room_is_refused(sockets, moderator, member, rooms):
    public, _private = rooms
    socket = await sockets.open(member)
    sent = await send(socket, public, "Avant l'archivage")
    await sync(services.room_archive)(actor=moderator, room=public)
    await assert_error_frame(socket, {"type": "edit", "room": public.pk, "id": sent["id"],
                                "body": "Après"}, "forbidden_room")
    # Taking one's message back stays possible.
    await socket.send_json_to({"type": "delete", "room": public.pk, "id": sent["id"]})
    assert (await recv(socket))["type"] == "ack"
