"""The /ws/ socket, frame by frame (docs/realtime.md): every frame type, every bad frame, the
replay after a reconnect and the permission matrix. No sleeps: every wait has a timeout."""

import asyncio
import contextlib
import json

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from redis.asyncio import Redis

from chat import consumers, selectors, services
from chat import sockets as sockets_module
from chat.models import Message, Room, RoomMembership
from chat.serializers import message_frame
from community.models import UserStatus
from community.services.membership import member_suspend
from config.asgi import application
from tests.chat.inert import assert_inert
from tests.factories import ApplicantFactory, MemberFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

TIMEOUT = 3
sync = database_sync_to_async


@pytest.fixture(autouse=True)
async def _fresh_realtime_state():
    """Rate limits, socket counters and throttles live in the cache; groups in the layer."""
    cache.clear()
    await get_channel_layer().flush()
    yield
    cache.clear()


def _headers(user, *, origin: bytes | None = b"http://localhost", language: str | None = None):
    cookies = []
    if user is not None:
        client = Client()
        client.force_login(user)
        cookies.append(f"sessionid={client.cookies['sessionid'].value}")
    if language:
        cookies.append(f"django_language={language}")
    headers = []
    if cookies:
        headers.append((b"cookie", "; ".join(cookies).encode()))
    if origin is not None:
        headers.append((b"origin", origin))
    return headers


@pytest.fixture
async def sockets():
    """``await sockets.open(user)``: a connected socket whose hello frame was read."""

    class Sockets:
        def __init__(self):
            self.opened: list[WebsocketCommunicator] = []

        async def attempt(self, user, **kwargs):
            headers = await sync(_headers)(user, **kwargs)
            socket = WebsocketCommunicator(application, "/ws/", headers=headers)
            self.opened.append(socket)
            connected, code = await socket.connect(timeout=TIMEOUT)
            return socket, connected, code

        async def open(self, user, **kwargs) -> WebsocketCommunicator:
            socket, connected, code = await self.attempt(user, **kwargs)
            assert connected, code
            assert await socket.receive_json_from(timeout=TIMEOUT) == {
                "type": "hello", "user": user.pk,
            }
            return socket

    helper = Sockets()
    yield helper
    for socket in helper.opened:
        # Already closed by the server, or never connected: nothing to do.
        with contextlib.suppress(Exception):
            await socket.disconnect()


async def recv(socket) -> dict:
    return await socket.receive_json_from(timeout=TIMEOUT)


async def subscribe(socket, room, after=None) -> list[dict]:
    """Subscribe and return the replayed frames (the "subscribed" frame is checked)."""
    frame = {"type": "subscribe", "room": room.pk}
    if after is not None:
        frame["after"] = after
    await socket.send_json_to(frame)
    replayed = []
    while True:
        received = await recv(socket)
        if received["type"] in ("subscribed", "reload"):
            replayed.append(received)
            return replayed
        replayed.append(received)


async def expect_error(socket, frame, code: str) -> dict:
    if isinstance(frame, dict):
        await socket.send_json_to(frame)
    else:
        await socket.send_to(text_data=frame)
    received = await recv(socket)
    assert received["type"] == "error", received
    assert received["code"] == code, received
    assert received["message"]
    return received


async def watched(room) -> None:
    """Wait until some socket watches the room: the "joined" event is handled in its own time
    (with Redis pub/sub, the subscription can complete after a later ping's pong)."""
    layer = get_channel_layer()
    redis = Redis.from_url(settings.REDIS_URL) if settings.REDIS_URL else None
    try:
        async with asyncio.timeout(TIMEOUT):
            while True:
                if redis is not None:
                    channel = f"catalyse__group__{room.group_name}"
                    [(_, subscribers)] = await redis.pubsub_numsub(channel)
                    if subscribers:
                        return
                elif room.group_name in getattr(layer, "groups", {}):
                    return
                await asyncio.sleep(0.01)
    finally:
        if redis is not None:
            await redis.aclose()


async def still_open(socket) -> None:
    await socket.send_json_to({"type": "ping"})
    assert await recv(socket) == {"type": "pong"}


async def send(socket, room, body="Bonjour", **extra) -> dict:
    await socket.send_json_to({"type": "send", "room": room.pk, "body": body, **extra})
    ack = await recv(socket)
    assert ack["type"] == "ack", ack
    return ack


@pytest.fixture
def rooms(db, moderator, member, other_member):
    public = services.room_create(actor=moderator, name="Tiers-lieux")
    private = services.room_create(actor=member, name="Projet vallée", kind=Room.Kind.PRIVATE,
                                   members=[other_member])
    return public, private


# --- Connecting ---------------------------------------------------------------------------


async def test_anonymous_is_refused(sockets):
    _socket, connected, code = await sockets.attempt(None)
    assert not connected and code == consumers.CLOSE_UNAUTHORISED


async def test_applicant_is_refused(sockets):
    applicant = await sync(ApplicantFactory)()
    _socket, connected, code = await sockets.attempt(applicant)
    assert not connected and code == consumers.CLOSE_FORBIDDEN


async def test_suspended_member_is_refused(sockets):
    suspended = await sync(MemberFactory)(status=UserStatus.SUSPENDED, is_active=False)
    _socket, connected, code = await sockets.attempt(suspended)
    # An inactive account has no session user any more: it is anonymous to the socket.
    assert not connected and code == consumers.CLOSE_UNAUTHORISED


async def test_suspended_status_alone_is_refused(sockets):
    suspended = await sync(MemberFactory)(status=UserStatus.SUSPENDED)
    _socket, connected, code = await sockets.attempt(suspended)
    assert not connected and code == consumers.CLOSE_FORBIDDEN


@pytest.mark.parametrize("origin", [b"https://evil.example", None])
async def test_foreign_or_missing_origin_is_refused(sockets, member, origin):
    _socket, connected, _code = await sockets.attempt(member, origin=origin)
    assert not connected


async def test_hello_then_ping_pong(sockets, member):
    socket = await sockets.open(member)
    await socket.send_json_to({"type": "ping"})
    assert await recv(socket) == {"type": "pong"}
    assert await socket.receive_nothing()


async def test_eleventh_socket_of_a_member_is_refused(sockets, member):
    opened = [await sockets.open(member) for _ in range(sockets_module.MAX_SOCKETS_PER_MEMBER)]
    _socket, connected, code = await sockets.attempt(member)
    assert not connected and code == consumers.CLOSE_TOO_MANY_SOCKETS
    # Closing a tab frees its place.
    await opened[0].disconnect()
    await sockets.open(member)


# --- Bad frames: an error frame, and the socket stays open -----------------------------------


@pytest.mark.parametrize(("raw", "code"), [
    ("{not json", "invalid_json"),
    ("[1, 2, 3]", "invalid_frame"),
    ('"ping"', "invalid_frame"),
    ("42", "invalid_frame"),
    ("{}", "invalid_frame"),
    ('{"type": 3}', "invalid_frame"),
    ('{"type": "launch_missiles"}', "unknown_type"),
    ('{"type": "send", "room": 1, "body": "' + "x" * 17_000 + '"}', "too_large"),
])
async def test_bad_frames_get_an_error_and_the_socket_stays_open(sockets, member, raw, code):
    socket = await sockets.open(member)
    await expect_error(socket, raw, code)
    await still_open(socket)


async def test_binary_frame_is_refused(sockets, member):
    socket = await sockets.open(member)
    await socket.send_to(bytes_data=b"\x00\x01")
    assert (await recv(socket))["code"] == "invalid_frame"
    await still_open(socket)


async def test_error_frames_carry_the_client_id_as_ref(sockets, member):
    socket = await sockets.open(member)
    error = await expect_error(socket, {"type": "send", "room": 999_999, "body": "x",
                                        "client_id": "c-42"}, "forbidden_room")
    assert error["ref"] == "c-42"


async def test_error_messages_are_french_by_default(sockets, member):
    socket = await sockets.open(member)
    error = await expect_error(socket, {"type": "nope"}, "unknown_type")
    assert error["message"] == "Type de demande inconnu."


async def test_error_messages_follow_the_language_switch(sockets, member):
    socket = await sockets.open(member, language="en")
    error = await expect_error(socket, {"type": "nope"}, "unknown_type")
    assert error["message"] == "Unknown frame type."


# --- Subscribing ----------------------------------------------------------------------------


async def test_subscribe_to_a_public_room(sockets, member, rooms):
    public, _private = rooms
    socket = await sockets.open(member)
    assert await subscribe(socket, public) == [
        {"type": "subscribed", "room": public.pk, "last_seq": 0}
    ]


async def test_subscribe_to_a_private_room_you_are_in(sockets, other_member, rooms):
    _public, private = rooms
    socket = await sockets.open(other_member)
    assert (await subscribe(socket, private))[-1]["type"] == "subscribed"


async def test_subscribe_to_a_private_room_you_are_not_in(sockets, moderator, rooms):
    _public, private = rooms
    socket = await sockets.open(moderator)
    await expect_error(socket, {"type": "subscribe", "room": private.pk}, "forbidden_room")
    await still_open(socket)


async def test_subscribe_to_a_room_that_does_not_exist(sockets, member):
    socket = await sockets.open(member)
    await expect_error(socket, {"type": "subscribe", "room": 987_654}, "forbidden_room")
    await still_open(socket)


@pytest.mark.parametrize("room", ["1", True, None, 1.0, [1]])
async def test_subscribe_needs_a_room_number(sockets, member, rooms, room):
    socket = await sockets.open(member)
    await expect_error(socket, {"type": "subscribe", "room": room}, "invalid_frame")
    await still_open(socket)


@pytest.mark.parametrize("after", ["3", -1, True, 2.5])
async def test_subscribe_after_must_be_a_sequence_number(sockets, member, rooms, after):
    public, _private = rooms
    socket = await sockets.open(member)
    await expect_error(socket, {"type": "subscribe", "room": public.pk, "after": after},
                       "invalid_frame")


async def test_unsubscribed_public_room_sends_nothing_more(sockets, member, moderator, rooms):
    public, _private = rooms
    watcher = await sockets.open(member)
    author = await sockets.open(moderator)
    await subscribe(watcher, public)
    await watcher.send_json_to({"type": "unsubscribe", "room": public.pk})
    await still_open(watcher)
    await send(author, public)
    # Not a member of the public room: not even an "activity" frame.
    assert await watcher.receive_nothing()


# --- Sending --------------------------------------------------------------------------------


async def test_send_acks_publishes_to_subscribers_and_notifies_watchers(
    sockets, member, other_member, rooms
):
    _public, private = rooms
    third = await sync(MemberFactory)()
    await sync(RoomMembership.objects.create)(room=private, user=third)
    sender = await sockets.open(member)
    reader = await sockets.open(other_member)
    watcher = await sockets.open(third)  # connected after joining: watches the room
    await subscribe(sender, private)
    await subscribe(reader, private)

    ack = await send(sender, private, "Réunion **jeudi**", client_id="c1")
    message = await sync(Message.objects.get)(pk=ack["id"])
    assert ack == {"type": "ack", "room": private.pk, "client_id": "c1", "id": message.pk,
                   "seq": 1}
    frame = await recv(reader)
    assert frame["type"] == "message"
    assert frame["id"] == message.pk and frame["seq"] == 1 and frame["room"] == private.pk
    assert frame["author"] == {"id": member.pk, "name": member.display_name}
    assert "<strong>jeudi</strong>" in frame["html"]
    assert frame["edited"] is False and frame["deleted"] is False and frame["reply_to"] is None
    # The sender's own tab gets its message frame too (the client drops it by id).
    assert (await recv(sender))["id"] == message.pk
    assert await recv(watcher) == {"type": "activity", "room": private.pk, "seq": 1}
    for socket in (sender, reader, watcher):
        assert await socket.receive_nothing()


async def test_sequences_increase_within_a_room(sockets, member, rooms):
    public, private = rooms
    socket = await sockets.open(member)
    assert [(await send(socket, public, f"m{i}"))["seq"] for i in range(3)] == [1, 2, 3]
    assert (await send(socket, private))["seq"] == 1


async def test_a_resend_with_the_same_client_id_is_not_stored_twice(sockets, member, rooms):
    public, _private = rooms
    socket = await sockets.open(member)
    first = await send(socket, public, "Une fois", client_id="retry-1")
    again = await send(socket, public, "Une fois", client_id="retry-1")
    assert again["id"] == first["id"] and again["seq"] == first["seq"]
    assert await sync(Message.objects.filter(room=public).count)() == 1


async def test_reply_to_a_message_of_the_same_room(sockets, member, other_member, rooms):
    _public, private = rooms
    socket = await sockets.open(member)
    await subscribe(socket, private)
    quoted = await send(socket, private, "La question")
    await recv(socket)  # its message frame
    await send(socket, private, "La réponse", reply_to=quoted["id"])
    frame = await recv(socket)
    assert frame["reply_to"]["id"] == quoted["id"]
    assert frame["reply_to"]["excerpt"] == "La question"


async def test_reply_to_a_message_of_another_room_is_refused(sockets, member, rooms):
    public, private = rooms
    socket = await sockets.open(member)
    elsewhere = await send(socket, public, "Ailleurs")
    await expect_error(socket, {"type": "send", "room": private.pk, "body": "Hop",
                                "reply_to": elsewhere["id"]}, "invalid_message")
    await expect_error(socket, {"type": "send", "room": private.pk, "body": "Hop",
                                "reply_to": "1"}, "invalid_frame")
    assert await sync(Message.objects.filter(room=private).count)() == 0


async def test_message_length_limit(sockets, member, rooms):
    public, _private = rooms
    socket = await sockets.open(member)
    await expect_error(socket, {"type": "send", "room": public.pk, "body": "a" * 4001},
                       "invalid_message")
    assert (await send(socket, public, "a" * 4000))["seq"] == 1


@pytest.mark.parametrize(("body", "code"), [
    ("", "invalid_message"), ("   \n ", "invalid_message"), (None, "invalid_frame"),
    (42, "invalid_frame"),
])
async def test_empty_or_missing_body_is_refused(sockets, member, rooms, body, code):
    public, _private = rooms
    socket = await sockets.open(member)
    await expect_error(socket, {"type": "send", "room": public.pk, "body": body}, code)
    await still_open(socket)


async def test_markdown_is_sanitised(sockets, member, rooms):
    public, _private = rooms
    socket = await sockets.open(member)
    await subscribe(socket, public)
    payload = ('<script>alert(1)</script> <img src=x onerror="alert(2)"> '
               '[clic](javascript:alert(3)) <a href="javascript:alert(4)">a</a> **gras**')
    await send(socket, public, payload)
    html = (await recv(socket))["html"]
    assert_inert(html)
    assert "&lt;script&gt;" in html  # shown as text, harmless
    assert "<strong>gras</strong>" in html


async def test_a_forged_sender_is_ignored(sockets, member, other_member, rooms):
    public, _private = rooms
    socket = await sockets.open(member)
    ack = await send(socket, public, "C'est moi", author=other_member.pk,
                     user=other_member.pk, author_id=other_member.pk)
    message = await sync(Message.objects.get)(pk=ack["id"])
    assert message.author_id == member.pk


async def test_the_twenty_first_message_in_ten_seconds_is_refused(sockets, member, rooms):
    public, _private = rooms
    socket = await sockets.open(member)
    for i in range(sockets_module.RATE_LIMIT_MESSAGES):
        await send(socket, public, f"n°{i}")
    await expect_error(socket, {"type": "send", "room": public.pk, "body": "de trop"},
                       "rate_limited")
    await still_open(socket)
    assert await sync(Message.objects.filter(room=public).count)() == 20


async def test_sending_in_an_archived_room_is_refused(sockets, moderator, member, rooms):
    public, _private = rooms
    await sync(services.room_archive)(actor=moderator, room=public)
    socket = await sockets.open(member)
    await expect_error(socket, {"type": "send", "room": public.pk, "body": "Encore là ?"},
                       "forbidden_room")
    # Its history can still be read.
    assert (await subscribe(socket, public, after=0))[-1]["type"] == "subscribed"


async def test_sending_in_a_private_room_you_are_not_in_is_refused(sockets, moderator, rooms):
    _public, private = rooms
    socket = await sockets.open(moderator)
    await expect_error(socket, {"type": "send", "room": private.pk, "body": "Coucou"},
                       "forbidden_room")
    assert await sync(Message.objects.filter(room=private).count)() == 0


# --- Typing and read markers ----------------------------------------------------------------


async def test_typing_reaches_other_subscribers_only_and_is_throttled(
    sockets, member, other_member, rooms
):
    _public, private = rooms
    typist = await sockets.open(member)
    reader = await sockets.open(other_member)
    await subscribe(typist, private)
    await subscribe(reader, private)
    await typist.send_json_to({"type": "typing", "room": private.pk})
    assert await recv(reader) == {
        "type": "typing", "room": private.pk,
        "user": {"id": member.pk, "name": member.display_name},
    }
    await typist.send_json_to({"type": "typing", "room": private.pk})
    await still_open(typist)
    assert await reader.receive_nothing()  # throttled
    assert await typist.receive_nothing()  # never echoed


async def test_read_markers_move_forward_only(sockets, member, other_member, rooms):
    _public, private = rooms
    for i in range(5):
        await sync(services.message_send)(actor=member, room=private, body=f"m{i}")

    async def marker():
        membership = await sync(RoomMembership.objects.get)(room=private, user=other_member)
        return membership.last_read_seq

    socket = await sockets.open(other_member)
    for seq, expected in [(3, 3), (1, 3), (99, 5), (0, 5)]:
        await socket.send_json_to({"type": "read", "room": private.pk, "seq": seq})
        await still_open(socket)
        assert await marker() == expected
    await expect_error(socket, {"type": "read", "room": private.pk, "seq": "4"}, "invalid_frame")


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
    await expect_error(author, {"type": "edit", "room": private.pk, "id": sent["id"],
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
    await expect_error(other, {"type": "edit", "room": private.pk, "id": sent["id"],
                               "body": "À toi"}, "forbidden_message")
    await expect_error(other, {"type": "delete", "room": private.pk, "id": sent["id"]},
                       "forbidden_message")
    message = await sync(Message.objects.get)(pk=sent["id"])
    assert message.body == "À moi" and message.deleted_at is None and message.edited_at is None
    await still_open(other)


async def test_edit_and_delete_bad_frames(sockets, member, rooms):
    public, private = rooms
    socket = await sockets.open(member)
    sent = await send(socket, public, "Ici")
    # The id must be a number, of a message of that room.
    await expect_error(socket, {"type": "edit", "room": public.pk, "id": str(sent["id"]),
                                "body": "x"}, "invalid_frame")
    await expect_error(socket, {"type": "delete", "room": private.pk, "id": sent["id"]},
                       "unknown_message")
    await expect_error(socket, {"type": "edit", "room": public.pk, "id": sent["id"]},
                       "invalid_frame")
    await expect_error(socket, {"type": "edit", "room": public.pk, "id": sent["id"],
                                "body": "b" * 4001}, "invalid_message")


async def test_editing_in_an_archived_room_is_refused(sockets, moderator, member, rooms):
    public, _private = rooms
    socket = await sockets.open(member)
    sent = await send(socket, public, "Avant l'archivage")
    await sync(services.room_archive)(actor=moderator, room=public)
    await expect_error(socket, {"type": "edit", "room": public.pk, "id": sent["id"],
                                "body": "Après"}, "forbidden_room")
    # Taking one's message back stays possible.
    await socket.send_json_to({"type": "delete", "room": public.pk, "id": sent["id"]})
    assert (await recv(socket))["type"] == "ack"


# --- Replay ----------------------------------------------------------------------------------


async def _post(author, room, count, start=0):
    for i in range(start, start + count):
        await sync(services.message_send)(actor=author, room=room, body=f"message {i + 1}")


async def test_subscribe_after_replays_exactly_what_follows(sockets, member, other_member, rooms):
    _public, private = rooms
    await _post(member, private, 5)
    socket = await sockets.open(other_member)
    frames = await subscribe(socket, private, after=2)
    assert [f["seq"] for f in frames[:-1]] == [3, 4, 5]
    assert all(f["type"] == "message" for f in frames[:-1])
    assert frames[-1] == {"type": "subscribed", "room": private.pk, "last_seq": 5}
    assert (await subscribe(socket, private, after=5)) == [frames[-1]]


async def test_reconnect_resumes_with_no_gap_and_no_duplicate(
    sockets, member, other_member, rooms
):
    _public, private = rooms
    author = await sockets.open(member)
    reader = await sockets.open(other_member)
    await subscribe(reader, private, after=0)
    for i in range(2):
        await send(author, private, f"avant {i}")
    seen = [(await recv(reader))["seq"] for _ in range(2)]
    assert seen == [1, 2]
    await reader.disconnect()  # the train enters a tunnel

    for i in range(3):
        await send(author, private, f"pendant {i}")

    reader = await sockets.open(other_member)
    frames = await subscribe(reader, private, after=seen[-1])
    assert [f["seq"] for f in frames[:-1]] == [3, 4, 5]
    assert frames[-1]["last_seq"] == 5
    await send(author, private, "après")
    assert (await recv(reader))["seq"] == 6
    assert await reader.receive_nothing()


async def test_live_copies_of_replayed_messages_are_dropped(sockets, member, other_member, rooms):
    """A message committed between joining the live group and reading the database is both
    replayed and published: the socket sends it once."""
    _public, private = rooms
    await _post(member, private, 3)
    socket = await sockets.open(other_member)
    frames = await subscribe(socket, private, after=1)
    assert [f["seq"] for f in frames[:-1]] == [2, 3]
    replayed = await sync(Message.objects.select_related("author").get)(room=private, seq=3)
    frame = await sync(message_frame)(replayed)
    await get_channel_layer().group_send(private.group_name,
                                         {"type": "chat.message", "frame": frame})
    assert await socket.receive_nothing()
    # An edit of a replayed message does come through.
    await get_channel_layer().group_send(private.group_name,
                                         {"type": "chat.message", "frame": frame, "update": True})
    assert (await recv(socket))["id"] == replayed.pk


async def test_past_the_replay_limit_the_client_is_told_to_reload(sockets, member, rooms):
    public, _private = rooms
    total = selectors.REPLAY_LIMIT + 1

    def fill():
        Message.objects.bulk_create([
            Message(room=public, seq=i, author=member, body=f"m{i}", html=f"<p>m{i}</p>")
            for i in range(1, total + 1)
        ])
        Room.objects.filter(pk=public.pk).update(last_seq=total, last_message_at=timezone.now())

    await sync(fill)()
    socket = await sockets.open(member)
    assert await subscribe(socket, public, after=0) == [
        {"type": "reload", "room": public.pk, "last_seq": total}
    ]
    # Just within the limit: all of it, in order.
    frames = await subscribe(socket, public, after=1)
    assert [f["seq"] for f in frames[:-1]] == list(range(2, total + 1))
    assert frames[-1]["last_seq"] == total


# --- Authorised again on every frame ---------------------------------------------------------


async def test_removed_from_a_private_room(sockets, member, other_member, rooms):
    _public, private = rooms
    author = await sockets.open(member)
    leaver = await sockets.open(other_member)
    await subscribe(leaver, private)
    await sync(services.room_leave)(actor=other_member, room=private)
    assert await recv(leaver) == {"type": "left", "room": private.pk}
    await expect_error(leaver, {"type": "send", "room": private.pk, "body": "Encore moi"},
                       "forbidden_room")
    await expect_error(leaver, {"type": "subscribe", "room": private.pk, "after": 0},
                       "forbidden_room")
    await send(author, private, "Entre nous")
    assert await leaver.receive_nothing()  # neither the message nor any activity


async def test_removed_by_the_creator_of_a_private_room(sockets, member, other_member, rooms):
    _public, private = rooms
    removed = await sockets.open(other_member)
    await subscribe(removed, private)
    await sync(services.room_remove_member)(actor=member, room=private, member=other_member)
    assert await recv(removed) == {"type": "left", "room": private.pk}
    await expect_error(removed, {"type": "subscribe", "room": private.pk, "after": 0},
                       "forbidden_room")


async def test_an_invited_member_watches_the_room_at_once(sockets, member, rooms):
    _public, private = rooms
    newcomer = await sync(MemberFactory)()
    socket = await sockets.open(newcomer)
    await sync(services.room_invite)(actor=member, room=private, members=[newcomer])
    notification = await recv(socket)
    assert notification["type"] == "notification"
    assert notification["notification"]["kind"] == "room_invitation"
    await watched(private)
    await sync(services.message_send)(actor=member, room=private, body="Bienvenue !")
    assert await recv(socket) == {"type": "activity", "room": private.pk, "seq": 1}


async def test_a_new_conversation_is_watched_at_once(sockets, member, other_member):
    socket = await sockets.open(other_member)
    room = await sync(services.direct_room)(actor=member, others=[other_member])
    await watched(room)
    await sync(services.message_send)(actor=member, room=room, body="Tu as un moment ?")
    assert await recv(socket) == {"type": "activity", "room": room.pk, "seq": 1}


async def test_suspension_closes_the_sockets(sockets, moderator, member):
    first = await sockets.open(member)
    second = await sockets.open(member)
    await sync(member_suspend)(actor=moderator, member=member, reason="Propos injurieux")
    for socket in (first, second):
        closed = await socket.receive_output(timeout=TIMEOUT)
        assert closed == {"type": "websocket.close", "code": consumers.CLOSE_FORBIDDEN}


async def test_a_member_no_longer_allowed_is_closed_on_the_next_frame(sockets, member, rooms):
    socket = await sockets.open(member)

    def suspend_behind_the_services_back():
        type(member).objects.filter(pk=member.pk).update(status=UserStatus.SUSPENDED)

    await sync(suspend_behind_the_services_back)()
    await socket.send_to(text_data=json.dumps({"type": "ping"}))
    closed = await socket.receive_output(timeout=TIMEOUT)
    assert closed == {"type": "websocket.close", "code": consumers.CLOSE_FORBIDDEN}
