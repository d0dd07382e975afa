"""The client's address from trusted proxies only (config/client_address.py), and allauth's
per-address login limit through forwarded headers."""

import pytest
from asgiref.testing import ApplicationCommunicator
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from config.client_address import TrustedProxyMiddleware, client_address, parse_networks

PROXIES = parse_networks(["10.0.0.0/8", "192.0.2.10"])


@pytest.mark.parametrize(("peer", "forwarded", "expected"), [
    # The peer is not a proxy of ours: whatever it claims is ignored.
    ("203.0.113.5", "1.2.3.4", "203.0.113.5"),
    ("203.0.113.5", None, "203.0.113.5"),
    # Our proxy saw the client: the last entry, whatever the client put before it.
    ("10.1.1.1", "1.2.3.4, 198.51.100.7", "198.51.100.7"),
    # Two proxies of ours in a row: skipped from the right.
    ("10.1.1.1", "1.2.3.4, 198.51.100.7, 192.0.2.10", "198.51.100.7"),
    ("10.1.1.1", "198.51.100.7:5123", "198.51.100.7"),
    ("10.1.1.1", "[2001:db8::7]:443", "2001:db8::7"),
    # Garbage where the client wrote: the last address our proxies vouched for.
    ("10.1.1.1", "nonsense, 10.2.2.2", "10.2.2.2"),
    ("10.1.1.1", "", "10.1.1.1"),
])
def test_client_address_walks_forwarded_for_from_the_right(peer, forwarded, expected):
    assert client_address(peer, forwarded, PROXIES) == expected


async def _scope_seen(scope: dict) -> dict:
    seen = {}

    async def app(scope, receive, send):
        seen.update(scope)
    communicator = ApplicationCommunicator(TrustedProxyMiddleware(app), scope)
    await communicator.send_input({"type": "http.request", "body": b""})
    await communicator.wait()
    return seen


def _scope(peer: str, forwarded: str) -> dict:
    return {"type": "http", "method": "GET", "path": "/", "client": (peer, 5000),
            "headers": [(b"x-forwarded-for", forwarded.encode())]}


async def test_the_asgi_scope_gets_the_address_from_a_trusted_proxy_only(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    seen = await _scope_seen(_scope("127.0.0.1", "6.6.6.6, 198.51.100.7"))
    assert seen["client"] == ("198.51.100.7", 0)
    seen = await _scope_seen(_scope("203.0.113.5", "198.51.100.7"))
    assert seen["client"] == ("203.0.113.5", 5000)


async def test_no_trusted_proxy_by_default(settings):
    settings.TRUSTED_PROXIES = []
    seen = await _scope_seen(_scope("127.0.0.1", "198.51.100.7"))
    assert seen["client"] == ("127.0.0.1", 5000)


@pytest.mark.django_db
def test_a_forged_forwarded_for_does_not_reset_the_login_limit(client, member):
    """allauth counts failures per REMOTE_ADDR (which the ASGI middleware sets), never from
    X-Forwarded-For (ALLAUTH_TRUSTED_PROXY_COUNT stays 0): a new forged first entry on each
    attempt still hits the per-address limit (10 a minute)."""
    cache.clear()
    limited = []
    for n in range(14):
        response = client.post(
            reverse("account_login"),
            {"login": f"nobody{n}@example.org", "password": "wrong-password"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}", REMOTE_ADDR="203.0.113.9")
        errors = response.context["form"].non_field_errors().as_data()
        limited.append(any(error.code == "too_many_login_attempts" for error in errors))
    assert limited == [False] * 10 + [True] * 4
    cache.clear()


def test_a_mistyped_trusted_proxy_stops_the_server_at_start(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "proxy.example.org"]
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        TrustedProxyMiddleware(lambda scope, receive, send: None)
