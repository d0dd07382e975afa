"""Bodies over the limit refused from their headers (config/request_limits.py)."""

import pytest
from asgiref.testing import ApplicationCommunicator

from config.request_limits import RequestBodyLimitMiddleware, body_limit, has_session_cookie


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
