"""The /ws/ socket (docs/realtime.md): who may connect, and bad frames, which get an error
frame while the socket stays open. No sleeps: every wait has a timeout."""

import pytest

from chat import consumers
from chat import sockets as sockets_module
from community.models import UserStatus
from tests.chat.sockets import (
    _fresh_realtime_state,  # noqa: F401  (an autouse fixture)
    assert_error_frame,
    assert_still_open,
    recv,
    sync,
)
from tests.factories import ApplicantFactory, MemberFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


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
    await assert_error_frame(socket, raw, code)
    await assert_still_open(socket)


async def test_binary_frame_is_refused(sockets, member):
    socket = await sockets.open(member)
    await socket.send_to(bytes_data=b"\x00\x01")
    assert (await recv(socket))["code"] == "invalid_frame"
    await assert_still_open(socket)


async def test_error_frames_carry_the_client_id_as_ref(sockets, member):
    socket = await sockets.open(member)
    error = await assert_error_frame(socket, {"type": "send", "room": 999_999, "body": "x",
                                        "client_id": "c-42"}, "forbidden_room")
    assert error["ref"] == "c-42"


async def test_error_messages_are_french_by_default(sockets, member):
    socket = await sockets.open(member)
    error = await assert_error_frame(socket, {"type": "nope"}, "unknown_type")
    assert error["message"] == "Type de demande inconnu."


async def test_error_messages_follow_the_language_switch(sockets, member):
    socket = await sockets.open(member, language="en")
    error = await assert_error_frame(socket, {"type": "nope"}, "unknown_type")
    assert error["message"] == "Unknown frame type."
