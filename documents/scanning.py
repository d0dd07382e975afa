"""An optional virus scan through ClamAV's daemon (issue 6 §4).

``CLAMD_ADDRESS`` names the daemon: ``tcp://host:port`` or a unix socket path; empty means no
scanning. The client speaks clamd's documented INSTREAM protocol (clamd(8)): the command
``zINSTREAM\\0``, then chunks each prefixed by its length as 4 bytes big-endian, then a
zero-length chunk; the reply is ``stream: OK`` or ``stream: <signature> FOUND`` (or an error
line), ended by NUL. Every socket operation has a timeout (``CLAMD_TIMEOUT`` seconds).

A file whose scan could not run is ``UNAVAILABLE``, not clean: the caller keeps it unavailable
and scans again later. With scanning switched off, ``scan`` answers ``CLEAN`` with
``scanned=False``.
"""

import logging
import socket
import struct
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.content import as_bytes

logger = logging.getLogger(__name__)

CHUNK_SIZE = 64 * 1024
MAX_REPLY = 4096


class Verdict(models.TextChoices):
    """What the scanner answered about one file. A stored file's state is another thing,
    ``documents.models.ScanStatus`` (waiting, clean, infected, not scanned), which services
    derive from this verdict."""

    PENDING = "pending", _("Waiting for the virus scan")
    CLEAN = "clean", _("Clean")
    INFECTED = "infected", _("Infected")
    UNAVAILABLE = "unavailable", _("Scan not available")


@dataclass(frozen=True)
class ScanResult:
    status: Verdict
    signature: str = ""
    scanned: bool = True

    @property
    def is_clean(self) -> bool:
        return self.status == Verdict.CLEAN


class ClamdError(Exception):
    pass


def enabled() -> bool:
    return bool(settings.CLAMD_ADDRESS)


def scan(content) -> ScanResult:
    """Scan bytes, a Django ``File`` or a binary file object. Never raises."""
    if not enabled():
        return ScanResult(Verdict.CLEAN, scanned=False)
    try:
        reply = _instream(settings.CLAMD_ADDRESS, as_bytes(content), settings.CLAMD_TIMEOUT)
    except (OSError, ClamdError) as error:
        logger.warning("clamd unavailable at %s: %s", settings.CLAMD_ADDRESS, error)
        return ScanResult(Verdict.UNAVAILABLE)
    return parse_reply(reply)


def parse_reply(reply: str) -> ScanResult:
    """``stream: OK`` -> clean; ``stream: Name FOUND`` -> infected; anything else (``... ERROR``,
    size limit exceeded) -> unavailable."""
    reply = reply.strip()
    if reply.startswith("stream:"):
        body = reply[len("stream:"):].strip()
        if body == "OK":
            return ScanResult(Verdict.CLEAN)
        if body.endswith(" FOUND"):
            return ScanResult(Verdict.INFECTED, signature=body[: -len(" FOUND")].strip())
    logger.warning("clamd answered %r", reply[:200])
    return ScanResult(Verdict.UNAVAILABLE)


def ping() -> bool:
    """True when the daemon answers ``zPING`` with ``PONG`` (for health checks)."""
    if not enabled():
        return False
    try:
        with _connect(settings.CLAMD_ADDRESS, settings.CLAMD_TIMEOUT) as sock:
            sock.sendall(b"zPING\0")
            return _read_reply(sock) == "PONG"
    except (OSError, ClamdError):
        return False


def _connect(address: str, timeout: float) -> socket.socket:
    if address.startswith("tcp://"):
        host, _sep, port = address[len("tcp://"):].rpartition(":")
        if not host or not port.isdigit():
            raise ClamdError(f"bad CLAMD_ADDRESS {address!r}")
        sock = socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)
    else:
        path = address.removeprefix("unix://")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(path)
        except OSError:
            sock.close()
            raise
    sock.settimeout(timeout)
    return sock


def _instream(address: str, data: bytes, timeout: float) -> str:
    with _connect(address, timeout) as sock:
        sock.sendall(b"zINSTREAM\0")
        try:
            for start in range(0, len(data), CHUNK_SIZE):
                chunk = data[start:start + CHUNK_SIZE]
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
        except (BrokenPipeError, ConnectionResetError):
            # clamd closes the stream early when it exceeds StreamMaxLength; its reply says so.
            pass
        return _read_reply(sock)


def _read_reply(sock: socket.socket) -> str:
    reply = b""
    while not reply.endswith(b"\0"):
        chunk = sock.recv(1024)
        if not chunk:
            break
        reply += chunk
        if len(reply) > MAX_REPLY:
            raise ClamdError("reply too long")
    if not reply:
        raise ClamdError("no reply")
    return reply.rstrip(b"\0").decode("utf-8", "replace")
