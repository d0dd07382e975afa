"""The socket as docs/realtime.md describes it: refusals are close codes the browser can read,
the Origin is compared scheme, host and port, deeply nested JSON is an error frame, and pings
and presence frames have their rate budgets. No sleeps: every wait has a timeout."""

import pytest
from channels.testing import WebsocketCommunicator

from chat import consumers
from chat import sockets as sockets_module
from config.asgi import application
from config.websocket_origin import origin_allowed
from tests.chat.sockets import (
    _fresh_realtime_state,  # noqa: F401  (an autouse fixture)
    _headers,
    assert_error_frame,
    assert_still_open,
    recv,
    sync,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


# --- Refusals: accepted, then closed with the documented code -------------------------------


async def test_anonymous_socket_is_accepted_then_closed_with_4401():
    socket = WebsocketCommunicator(application, "/ws/", headers=[(b"origin", b"http://localhost")])
    connected, _ = await socket.connect(timeout=3)
    assert connected  # not an HTTP 403: the browser can read the code below
    assert await socket.receive_output(timeout=3) == {"type": "websocket.close",
                                                      "code": consumers.CLOSE_UNAUTHORISED}


async def test_a_foreign_origin_stays_a_refused_handshake(member):
    headers = await sync(_headers)(member, origin=b"https://evil.example")
    socket = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, _ = await socket.connect(timeout=3)
    assert not connected


# --- The Origin: scheme, host and port ------------------------------------------------------


def _scope(origin: str | None, host: str | None, scheme: str = "ws") -> dict:
    headers = []
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    if host is not None:
        headers.append((b"host", host.encode()))
    return {"type": "websocket", "scheme": scheme, "headers": headers}


@pytest.mark.parametrize(("origin", "host", "scheme", "allowed"), [
    ("http://localhost:8000", "localhost:8000", "ws", True),
    ("http://localhost", "localhost", "ws", True),
    ("http://localhost:80", "localhost", "ws", True),  # the default port, written or not
    ("https://localhost", "localhost", "wss", True),
    ("http://localhost:8001", "localhost:8000", "ws", False),  # same host, another port
    ("http://localhost", "localhost:8000", "ws", False),
    ("http://localhost:8000", "localhost", "ws", False),
    ("http://localhost", "localhost", "wss", False),  # a plain page on the secure socket
    ("http://127.0.0.1:8000", "localhost:8000", "ws", False),  # another host
    ("http://evil.example", "evil.example", "ws", False),  # not in ALLOWED_HOSTS
    ("null", "localhost", "ws", False),
    ("ftp://localhost", "localhost", "ws", False),
    (None, "localhost", "ws", False),
    ("http://localhost:notaport", "localhost", "ws", False),
])
async def test_origin_is_compared_scheme_host_and_port(origin, host, scheme, allowed):
    assert origin_allowed(_scope(origin, host, scheme)) is allowed


async def test_trusted_origins_other_than_the_site(settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://app.example.org:8443", "https://*.catalyse.fr"]
    assert origin_allowed(_scope("https://app.example.org:8443", "localhost"))
    assert not origin_allowed(_scope("https://app.example.org", "localhost"))
    assert not origin_allowed(_scope("http://app.example.org:8443", "localhost"))
    assert origin_allowed(_scope("https://reseau.catalyse.fr", "localhost"))
    assert not origin_allowed(_scope("http://reseau.catalyse.fr", "localhost"))


async def test_a_page_of_another_port_cannot_open_a_socket(member):
    headers = await sync(_headers)(member, origin=b"http://localhost:8001")
    socket = WebsocketCommunicator(application, "/ws/", headers=[*headers,
                                                                  (b"host", b"localhost:8000")])
    connected, _ = await socket.connect(timeout=3)
    assert not connected
    headers = await sync(_headers)(member, origin=b"http://localhost:8000")
    socket = WebsocketCommunicator(application, "/ws/", headers=[*headers,
                                                                  (b"host", b"localhost:8000")])
    connected, _ = await socket.connect(timeout=3)
    assert connected
    assert await recv(socket) == {"type": "hello", "user": member.pk}
    await socket.disconnect()


# --- Frames that used to kill the socket ----------------------------------------------------


async def test_json_nested_thousands_deep_is_invalid_json(sockets, member):
    socket = await sockets.open(member)
    depth = 8_000  # 16,000 bytes: under the size limit, over Python's recursion limit
    await assert_error_frame(socket, "[" * depth + "]" * depth, "invalid_json")
    await assert_error_frame(socket, '{"a":' * 2_500 + "1" + "}" * 2_500, "invalid_json")
    await assert_still_open(socket)


async def test_the_size_limit_applies_before_parsing(sockets, member):
    socket = await sockets.open(member)
    depth = consumers.MAX_FRAME_BYTES  # twice the limit, and nested too deep to parse
    await assert_error_frame(socket, "[" * depth + "]" * depth, "too_large")
    await assert_still_open(socket)


# --- Rate budgets of pings and presence -----------------------------------------------------


async def test_pings_have_a_generous_budget(sockets, member, monkeypatch):
    monkeypatch.setattr(sockets_module, "RATE_LIMIT_LIGHT_FRAMES_PER_SOCKET", 3)
    socket = await sockets.open(member)
    for _ in range(3):
        await socket.send_json_to({"type": "ping"})
        assert (await recv(socket))["type"] == "pong"
    await assert_error_frame(socket, {"type": "ping"}, "rate_limited")
    # Counted per socket, in its memory: the member's other tab is not limited by it.
    other_tab = await sockets.open(member)
    await other_tab.send_json_to({"type": "ping"})
    assert (await recv(other_tab))["type"] == "pong"


async def test_the_ping_budget_leaves_room_to_a_visible_tab():
    """A visible tab pings every second (static/js/realtime.js), and sends a few more frames
    when a page opens (subscribe, follow, read, typing)."""
    pings = sockets_module.RATE_LIMIT_SECONDS * 1
    assert pings * 3 < sockets_module.RATE_LIMIT_LIGHT_FRAMES_PER_SOCKET


async def test_presence_frames_have_their_budget(sockets, member, other_member, monkeypatch):
    monkeypatch.setattr(sockets_module, "RATE_LIMIT_HEAVY_FRAMES", 2)
    socket = await sockets.open(member)
    for _ in range(2):
        await socket.send_json_to({"type": "presence", "users": [other_member.pk]})
        assert (await recv(socket))["type"] == "presence"
    await assert_error_frame(socket, {"type": "presence", "users": [other_member.pk]},
                             "rate_limited")
    # Pings have their own budget, and sends theirs.
    await assert_still_open(socket)
    other = await sockets.open(other_member)
    await other.send_json_to({"type": "presence", "users": [member.pk]})
    assert (await recv(other))["type"] == "presence"


async def test_an_unreachable_cache_does_not_stop_the_pongs(sockets, member, monkeypatch):
    socket = await sockets.open(member)

    class Down:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("Redis is down")
            return fail

    monkeypatch.setattr(sockets_module, "shared_cache", lambda: Down())
    await socket.send_json_to({"type": "ping"})
    assert (await recv(socket))["type"] == "pong"


async def test_pings_renew_the_presence_slot_a_few_times_per_life_not_every_second(
        sockets, member, monkeypatch):
    renewals = []
    real_renew = sockets_module.renew_slot

    def counted_renew(*args):
        renewals.append(args)
        return real_renew(*args)

    monkeypatch.setattr(sockets_module, "renew_slot", counted_renew)
    socket = await sockets.open(member)
    for _ in range(5):
        await socket.send_json_to({"type": "ping"})
        assert (await recv(socket))["type"] == "pong"
    assert renewals == []  # the slot taken at connect lives SLOT_SECONDS
    monkeypatch.setattr(consumers, "SLOT_RENEW_SECONDS", 0)
    await socket.send_json_to({"type": "ping"})
    assert (await recv(socket))["type"] == "pong"
    assert len(renewals) == 1
