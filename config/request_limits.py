"""Request bodies too large for what they can be, refused from their ``Content-Length`` before
they are read.

A visitor without a session can only post the login, sign-up and application forms: a few
kilobytes (``ANONYMOUS_MAX_REQUEST_BODY_BYTES``, 1 MB by default). A member's request may carry
files, at most ``DOCUMENTS_MAX_FILES_PER_REQUEST`` of ``DOCUMENTS_MAX_UPLOAD_BYTES`` each plus
the form around them (``MAX_REQUEST_BODY_BYTES``). A forged session cookie only buys the member
limit, which is bounded too.

Two places apply the same rule:
- ``install_daphne_guard``: Daphne reads a request's whole body (to memory, then to a temporary
  file) before it calls the application, and has no option to limit it. The guard answers 413
  and closes the connection as soon as the headers are in, before a byte of the body is read.
- ``RequestBodyLimitMiddleware``: the same check in the ASGI application, for any other server
  (and a body without ``Content-Length`` is counted as it arrives).
"""

import logging

from django.conf import settings
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def body_limit(*, has_session: bool) -> int:
    if has_session:
        return settings.MAX_REQUEST_BODY_BYTES
    return settings.ANONYMOUS_MAX_REQUEST_BODY_BYTES


def has_session_cookie(cookie_header: str) -> bool:
    name = settings.SESSION_COOKIE_NAME + "="
    return any(part.strip().startswith(name) for part in cookie_header.split(";"))


def too_large_page() -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Request too large")
        text = _("What you sent is larger than the server accepts. Nothing was saved: send "
                 "smaller files, or fewer at a time.")
        lang = translation.get_language()
    return (f'<!doctype html><html lang="{lang}"><meta charset="utf-8"><title>{escape(title)}'
            f"</title><h1>{escape(title)}</h1><p>{escape(text)}</p></html>").encode()


def _limit_from_headers(headers: list[tuple[bytes, bytes]]) -> tuple[int | None, int]:
    length = None
    cookies = ""
    for name, value in headers:
        name = name.lower()
        if name == b"content-length":
            try:
                length = int(value)
            except ValueError:
                length = None
        elif name == b"cookie":
            cookies += value.decode("latin-1") + ";"
    return length, body_limit(has_session=has_session_cookie(cookies))


class RequestBodyLimitMiddleware:
    """ASGI middleware: 413 with a short French page for a body over the limit."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length, limit = _limit_from_headers(scope.get("headers", []))
        if length is not None and length > limit:
            logger.warning("Refused a request body of %d bytes (limit %d)", length, limit)
            return await _answer_too_large(send)
        received = 0

        async def counting_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:  # no Content-Length, or a lying one
                    return {"type": "http.disconnect"}
            return message

        return await self.app(scope, counting_receive, send)


async def _answer_too_large(send) -> None:
    page = too_large_page()
    await send({"type": "http.response.start", "status": 413, "headers": [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-length", str(len(page)).encode()),
        (b"connection", b"close"),
    ]})
    await send({"type": "http.response.body", "body": page})


def install_daphne_guard() -> bool:
    """Make Daphne refuse an oversized body from its headers; False when Daphne is not the
    server (nothing to do). Daphne's ``WebRequest`` is Twisted's ``Request``, whose
    ``gotLength`` is called once the headers are in and before the body is read: there the
    guard writes the 413, stops reading and closes."""
    try:
        from daphne.http_protocol import WebRequest
    except ImportError:
        return False
    if getattr(WebRequest, "_catalyse_body_guard", False):
        return True
    original = WebRequest.gotLength

    def got_length(self, length):
        if length is not None:
            headers = [(name, value) for name, values in self.requestHeaders.getAllRawHeaders()
                       for value in values]
            _, limit = _limit_from_headers(headers)
            if length > limit:
                logger.warning("Refused a request body of %d bytes (limit %d) from its headers",
                               length, limit)
                page = too_large_page()
                self.requestHeaders.removeHeader(b"expect")  # no "100 Continue" after this
                transport = self.channel.transport
                transport.write(
                    b"HTTP/1.1 413 Content Too Large\r\n"
                    b"Content-Type: text/html; charset=utf-8\r\n"
                    + f"Content-Length: {len(page)}\r\n".encode()
                    + b"Connection: close\r\n\r\n" + page
                )
                transport.loseConnection()  # stops reading: the body is never taken in
                original(self, 0)
                return
        original(self, length)

    WebRequest.gotLength = got_length
    WebRequest._catalyse_body_guard = True
    return True
