"""The client's address, from the proxies we trust and no one else.

``X-Forwarded-For`` is a list that anyone can start: a client sends ``X-Forwarded-For: 1.2.3.4``
and each proxy appends the address it saw. Only the entries appended by our own proxies are
true, so the list is read from the right, skipping the addresses of trusted proxies
(``TRUSTED_PROXIES``: IPs or CIDR networks, none by default); the first address that is not one
of them is the client, as the last trusted proxy saw it. When the peer itself is not a trusted
proxy, the header is ignored altogether.

Applied once, to the ASGI scope (``scope["client"]``) before Django or Channels see it, so
that ``REMOTE_ADDR``, allauth's rate limits (``get_client_ip`` reads ``REMOTE_ADDR`` while
``ALLAUTH_TRUSTED_PROXY_COUNT`` stays 0) and the sockets all see the same address. Daphne runs
without ``--proxy-headers``, which would take the *first* entry, the one a client writes.
"""

import ipaddress
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: list[str]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from error


@cache
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(list(values))


def trusted_networks() -> tuple[Network, ...]:
    return _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ())))


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # 192.0.2.1:443
        text = text.split(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    return address.ipv4_mapped or address if address.version == 6 else address


def client_address(peer: str, forwarded_for: str | None,
                   trusted: tuple[Network, ...]) -> str:
    """The address of the client behind ``peer`` (who connected to us)."""
    current = _address(peer)
    if current is None or not forwarded_for:
        return peer

    def is_trusted(address) -> bool:
        return any(address in network for network in trusted)

    if not is_trusted(current):
        return peer
    for entry in reversed(forwarded_for.split(",")):
        address = _address(entry)
        if address is None:  # garbage: stop at the last address a trusted proxy vouched for
            break
        current = address
        if not is_trusted(address):
            break
    return str(current)


class TrustedProxyMiddleware:
    """ASGI middleware: ``scope["client"]`` is the client as the last trusted proxy saw it."""

    def __init__(self, app) -> None:
        self.app = app
        trusted_networks()  # a mistyped TRUSTED_PROXIES stops the server at start, not later

    async def __call__(self, scope, receive, send):
        trusted = trusted_networks()
        if trusted and scope["type"] in ("http", "websocket") and scope.get("client"):
            forwarded = [value.decode("latin-1") for name, value in scope.get("headers", ())
                         if name.lower() == b"x-forwarded-for"]
            if forwarded:
                peer = scope["client"][0]
                client = client_address(peer, ",".join(forwarded), trusted)
                if client != peer:
                    scope = {**scope, "client": (client, 0)}
        return await self.app(scope, receive, send)
