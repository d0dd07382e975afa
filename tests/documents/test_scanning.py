"""The clamd client against a small server speaking clamd's protocol on 127.0.0.1.

The server is a test double for the daemon (it "finds" the EICAR test string); the client code
under test is the real one. It stops by itself: every connection has a timeout, and the fixture
shuts it down.
"""

import socket
import socketserver
import struct
import threading

import pytest

from documents import scanning
from documents.scanning import Verdict

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class FakeClamd(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, *, behaviour: str = "normal", max_stream: int = 10 * 1024 * 1024):
        self.behaviour = behaviour
        self.max_stream = max_stream
        self.received: list[bytes] = []
        super().__init__(("127.0.0.1", 0), ClamdHandler)

    @property
    def address(self) -> str:
        host, port = self.server_address
        return f"tcp://{host}:{port}"


class ClamdHandler(socketserver.BaseRequestHandler):
    def read_exact(self, count: int) -> bytes:
        data = b""
        while len(data) < count:
            chunk = self.request.recv(count - len(data))
            if not chunk:
                raise ConnectionError("closed")
            data += chunk
        return data

    def handle(self) -> None:
        self.request.settimeout(5)
        server: FakeClamd = self.server
        if server.behaviour == "silent":
            self.request.recv(100)
            return  # closes without answering
        command = b""
        while not command.endswith(b"\0"):
            command += self.read_exact(1)
        if command == b"zPING\0":
            self.request.sendall(b"PONG\0")
            return
        assert command == b"zINSTREAM\0"
        stream = b""
        while True:
            (length,) = struct.unpack("!L", self.read_exact(4))
            if length == 0:
                break
            stream += self.read_exact(length)
            if len(stream) > server.max_stream:
                self.request.sendall(b"INSTREAM size limit exceeded. ERROR\0")
                return
        server.received.append(stream)
        if EICAR in stream:
            self.request.sendall(b"stream: Eicar-Test-Signature FOUND\0")
        else:
            self.request.sendall(b"stream: OK\0")


@pytest.fixture
def clamd(settings):
    servers = []

    def start(**options) -> FakeClamd:
        server = FakeClamd(**options)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                  daemon=True)
        thread.start()
        servers.append(server)
        settings.CLAMD_ADDRESS = server.address
        settings.CLAMD_TIMEOUT = 2
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_disabled_by_default(settings):
    settings.CLAMD_ADDRESS = ""
    assert not scanning.enabled()
    result = scanning.scan(b"anything")
    assert result.status == Verdict.CLEAN and result.is_clean and not result.scanned


def test_clean_file(clamd):
    server = clamd()
    data = b"%PDF-1.7 " + b"x" * 200_000  # several chunks
    result = scanning.scan(data)
    assert scanning.enabled()
    assert result.status == Verdict.CLEAN and result.scanned
    assert server.received == [data]


def test_infected_file_gives_the_signature(clamd):
    clamd()
    result = scanning.scan(b"prefix " + EICAR + b" suffix")
    assert result.status == Verdict.INFECTED
    assert result.signature == "Eicar-Test-Signature"
    assert not result.is_clean


def test_a_django_file_is_scanned_from_its_start(clamd):
    from django.core.files.base import ContentFile

    server = clamd()
    content = ContentFile(b"hello", name="a.txt")
    content.read(2)
    assert scanning.scan(content).is_clean
    assert server.received == [b"hello"]


def test_size_limit_error_is_unavailable(clamd):
    clamd(max_stream=100)
    assert scanning.scan(b"x" * 200_000).status == Verdict.UNAVAILABLE


def test_daemon_that_closes_without_answer_is_unavailable(clamd):
    clamd(behaviour="silent")
    assert scanning.scan(b"data").status == Verdict.UNAVAILABLE


def test_daemon_down_is_unavailable(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.CLAMD_ADDRESS = f"tcp://127.0.0.1:{port}"
    settings.CLAMD_TIMEOUT = 1
    assert scanning.scan(b"data").status == Verdict.UNAVAILABLE
    assert scanning.ping() is False


def test_unix_socket_address(settings, tmp_path):
    path = str(tmp_path / "clamd.sock")

    class UnixClamd(socketserver.ThreadingUnixStreamServer):
        daemon_threads = True
        behaviour = "normal"
        max_stream = 1024 * 1024
        received: list = []

    server = UnixClamd(path, ClamdHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        settings.CLAMD_ADDRESS = path
        settings.CLAMD_TIMEOUT = 2
        assert scanning.scan(EICAR).signature == "Eicar-Test-Signature"
        assert scanning.ping() is True
    finally:
        server.shutdown()
        server.server_close()


def test_ping(clamd):
    clamd()
    assert scanning.ping() is True


@pytest.mark.parametrize(("reply", "status", "signature"), [
    ("stream: OK", Verdict.CLEAN, ""),
    ("stream: Win.Test.EICAR_HDB-1 FOUND", Verdict.INFECTED, "Win.Test.EICAR_HDB-1"),
    ("INSTREAM size limit exceeded. ERROR", Verdict.UNAVAILABLE, ""),
    ("garbage", Verdict.UNAVAILABLE, ""),
])
def test_parse_reply(reply, status, signature):
    result = scanning.parse_reply(reply)
    assert (result.status, result.signature) == (status, signature)
