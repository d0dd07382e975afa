"""A lean WebSocket client for the benchmarks, on websockets' Sans-I/O protocol.

`websockets.asyncio.client.connect` runs a task, a frame queue and an assembler per
connection: about 60 µs per received frame, so one harness process tops out near 15,000
frames/s, below what the servers under test deliver. Here each connection is a bare
``asyncio.Protocol`` around ``websockets.client.ClientProtocol`` (the same handshake, framing,
masking, ping answers and closing handshake) that hands each text message to a callback in
``data_received``: no task switch per frame.
"""

import asyncio
from collections.abc import Callable
from urllib.parse import urlsplit

from websockets.client import ClientProtocol
from websockets.frames import Frame, Opcode
from websockets.http11 import Response
from websockets.protocol import State
from websockets.typing import Origin
from websockets.uri import parse_uri


class ClosedBeforeHello(Exception):
    def __init__(self, code: int | None) -> None:
        super().__init__(f"closed {code}")
        self.code = code


class Socket(asyncio.Protocol):
    def __init__(self, uri: str, origin: str | None, headers: dict[str, str],
                 on_text: Callable[[bytes], None], on_close: Callable[[int | None], None]) -> None:
        self.protocol = ClientProtocol(parse_uri(uri), origin=Origin(origin) if origin else None)
        self.request = self.protocol.connect()
        for name, value in headers.items():
            self.request.headers[name] = value
        self.on_text, self.on_close = on_text, on_close
        loop = asyncio.get_running_loop()
        self.opened: asyncio.Future = loop.create_future()
        self.closed: asyncio.Future = loop.create_future()
        self.fragments: list[bytes] = []
        self.transport: asyncio.Transport | None = None
        self._closer: asyncio.TimerHandle | None = None

    # --- asyncio.Protocol ---------------------------------------------------------------
    def connection_made(self, transport) -> None:
        self.transport = transport
        self.protocol.send_request(self.request)
        self._flush()

    def data_received(self, data: bytes) -> None:
        self.protocol.receive_data(data)
        self._events()

    def eof_received(self) -> None:
        self.protocol.receive_eof()
        self._events()

    def connection_lost(self, exc) -> None:
        if self._closer is not None:
            self._closer.cancel()
        if not self.opened.done():
            self.opened.set_exception(exc or ConnectionError("connection lost in the handshake"))
        if not self.closed.done():
            self.closed.set_result(self.protocol.close_code)
            self.on_close(self.protocol.close_code)

    # --- WebSocket ----------------------------------------------------------------------
    def _events(self) -> None:
        for event in self.protocol.events_received():
            if isinstance(event, Frame):
                if event.opcode is Opcode.TEXT:
                    if event.fin:
                        self.on_text(event.data)
                    else:
                        self.fragments = [event.data]
                elif event.opcode is Opcode.CONT and self.fragments:
                    self.fragments.append(event.data)
                    if event.fin:
                        data, self.fragments = b"".join(self.fragments), []
                        self.on_text(data)
            elif isinstance(event, Response) and not self.opened.done():
                if self.protocol.handshake_exc is not None:
                    self.opened.set_exception(self.protocol.handshake_exc)
                else:
                    self.opened.set_result(None)
        self._flush()

    def _flush(self) -> None:
        if self.transport is None:
            return
        for data in self.protocol.data_to_send():
            if data:
                self.transport.write(data)
            elif self.transport.can_write_eof() and not self.transport.is_closing():
                self.transport.write_eof()
        if self.protocol.close_expected() and self._closer is None:
            self._closer = asyncio.get_running_loop().call_later(5, self.transport.abort)

    def send(self, text: str) -> None:
        if self.protocol.state is State.OPEN:
            self.protocol.send_text(text.encode())
            self._flush()

    async def close(self, timeout: float = 5) -> None:
        if self.protocol.state is State.OPEN:
            self.protocol.send_close(1000)
            self._flush()
        try:
            await asyncio.wait_for(asyncio.shield(self.closed), timeout)
        except TimeoutError:
            self.abort()

    def abort(self) -> None:
        if self.transport is not None:
            self.transport.abort()


async def open_socket(uri: str, origin: str | None, headers: dict[str, str],
                      on_text: Callable[[bytes], None], on_close: Callable[[int | None], None],
                      timeout: float) -> Socket:
    """Connects and completes the opening handshake; raises InvalidStatus etc. on refusal."""
    loop = asyncio.get_running_loop()
    parts = urlsplit(uri)
    socket = Socket(uri, origin, headers, on_text, on_close)
    try:
        async with asyncio.timeout(timeout):
            await loop.create_connection(lambda: socket, parts.hostname, parts.port)
            await socket.opened
    except BaseException:
        socket.abort()
        raise
    return socket
