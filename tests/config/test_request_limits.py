"""Bodies over the limit refused from their headers (config/request_limits.py)."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from asgiref.testing import ApplicationCommunicator

from config.request_limits import RequestBodyLimitMiddleware, body_limit, has_session_cookie

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def limits(settings):
    settings.MAX_REQUEST_BODY_BYTES = 10_000
    settings.ANONYMOUS_MAX_REQUEST_BODY_BYTES = 1_000
    settings.SESSION_COOKIE_NAME = "sessionid"


def test_a_session_gets_the_member_limit(limits):
    assert body_limit(has_session=False) == 1_000
    assert body_limit(has_session=True) == 10_000
    assert has_session_cookie("csrftoken=a; sessionid=b")
    assert not has_session_cookie("csrftoken=a; mysessionid=b")


async def _run(headers: list[tuple[bytes, bytes]], chunks: list[bytes]) -> tuple[list, list]:
    app_calls = []
    bodies = []

    async def app(scope, receive, send):
        app_calls.append(scope)
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                bodies.append(None)
                return
            bodies.append(message["body"])
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    scope = {"type": "http", "method": "POST", "path": "/", "headers": headers}
    communicator = ApplicationCommunicator(RequestBodyLimitMiddleware(app), scope)
    for index, chunk in enumerate(chunks):
        await communicator.send_input({"type": "http.request", "body": chunk,
                                       "more_body": index < len(chunks) - 1})
    await communicator.wait(timeout=2)
    sent = []
    while not communicator.output_queue.empty():
        sent.append(await communicator.receive_output())
    return app_calls, sent


async def test_an_anonymous_oversized_body_is_refused_before_the_app_reads_it(limits):
    app_calls, sent = await _run([(b"content-length", b"5000")], [b"x" * 100])
    assert app_calls == []
    assert sent[0]["status"] == 413
    assert "Requête trop volumineuse".encode() in sent[1]["body"]


async def test_a_member_may_send_more(limits):
    headers = [(b"content-length", b"5000"), (b"cookie", b"sessionid=abc")]
    app_calls, sent = await _run(headers, [b"x" * 5000])
    assert len(app_calls) == 1
    assert sent[0]["status"] == 200


async def test_a_body_without_length_is_cut_when_it_passes_the_limit(limits):
    app_calls, sent = await _run([], [b"x" * 600, b"x" * 600, b"x" * 600])
    assert len(app_calls) == 1
    assert sent == []  # the app was told the client went away; it answered nothing


def test_daphne_refuses_an_oversized_body_from_its_headers(tmp_path):
    """The guard in Daphne itself (install_daphne_guard): a 300 MB anonymous body is answered
    413 as soon as its headers are in, without reading it (embedded mode: no database needed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**{k: v for k, v in os.environ.items()
              if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")},
           "CATALYSE_VAR_DIR": str(tmp_path), "SECRET_KEY": "limits-" + "x" * 50}
    server = subprocess.Popen(  # noqa: S603 (our own command line)
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
         "config.asgi:application"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                connection = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except ConnectionRefusedError:
                assert time.monotonic() < deadline and server.poll() is None
                time.sleep(0.2)
        with connection:
            connection.sendall(b"POST /accounts/signup/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               b"Content-Length: 314572800\r\n\r\n" + b"x" * 65536)
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 413")
        assert "Requête trop volumineuse".encode() in answer
    finally:
        server.terminate()
        server.wait(10)
