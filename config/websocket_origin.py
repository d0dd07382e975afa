"""Which pages may open a socket: the Origin check of /ws/ (docs/realtime.md, "Connecting").

Channels' ``AllowedHostsOriginValidator`` compares only the Origin's host name with
``ALLOWED_HOSTS``: a page of another port of the same host (another service on the machine)
could open a socket with the member's cookies. This check follows Django's CSRF rules
instead (``CsrfViewMiddleware``): the Origin must be the site itself, scheme, host and port,
as the request's ``Host`` header names it (and that host must be in ``ALLOWED_HOSTS``), or one
of ``CSRF_TRUSTED_ORIGINS`` (with their ``https://*.example.org`` form).

A refused Origin stays a refused handshake (HTTP 403, no close code): it is not our page, and
its script has no reason to be told more.
"""

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.utils.http import is_same_domain

DEFAULT_PORTS = {"http": 80, "https": 443}


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _netloc(scheme: str, host: str, port: int | None) -> str:
    """host:port, without the scheme's default port (as browsers write an Origin)."""
    return host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"


def origin_allowed(scope) -> bool:
    origin = _header(scope, b"origin")
    if not origin:
        return False
    try:
        parts = urlsplit(origin.strip().lower())
        port = parts.port
    except ValueError:
        return False
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return False
    netloc = _netloc(parts.scheme, parts.netloc.rsplit(":", 1)[0] if port else parts.netloc,
                     port)
    normalised = f"{parts.scheme}://{netloc}"
    for trusted in settings.CSRF_TRUSTED_ORIGINS:
        trusted = trusted.lower()
        if "*" in trusted:
            trusted_parts = urlsplit(trusted)
            if (trusted_parts.scheme == parts.scheme
                    and is_same_domain(netloc, trusted_parts.netloc.lstrip("*"))):
                return True
        elif normalised == trusted.rstrip("/"):
            return True
    if scope.get("scheme") == "wss" and parts.scheme != "https":
        return False  # a page served over plain HTTP never talks to the secure socket
    host = _header(scope, b"host")
    if host is None:
        # No Host header (not HTTP/1.1: only test harnesses): the host name alone decides.
        return validate_host(parts.hostname, _allowed_hosts())
    domain, host_port = split_domain_port(host.lower())
    if not domain or not validate_host(domain, _allowed_hosts()):
        return False
    try:
        host_port_number = int(host_port) if host_port else None
    except ValueError:
        return False
    return netloc == _netloc(parts.scheme, host.lower().rsplit(":", 1)[0] if host_port
                             else host.lower(), host_port_number)


def _allowed_hosts() -> list[str]:
    hosts = settings.ALLOWED_HOSTS
    if settings.DEBUG and not hosts:
        return [".localhost", "127.0.0.1", "[::1]"]
    return hosts


class OriginValidator:
    """ASGI middleware: a socket whose Origin is not the site's is refused at the handshake."""

    def __init__(self, application) -> None:
        self.application = application
        self.denier = WebsocketDenier.as_asgi()

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_allowed(scope):
            return await self.denier(scope, receive, send)
        return await self.application(scope, receive, send)
