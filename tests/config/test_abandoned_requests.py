"""A client that goes away before its answer (a live search typed over: HTMX drops the
previous request) leaves nothing in the log: no traceback, no error (issue 10, item 13).
Through the whole ASGI application, middleware included, with ``http.disconnect`` sent
before, while and after the view works."""

import asyncio
import logging

import pytest
from asgiref.testing import ApplicationCommunicator
from channels.db import database_sync_to_async
from django.core import signals
from django.core.handlers.asgi import ASGIHandler
from django.test import Client

from config.asgi import application
from config.disconnects import QUIT_EXECUTOR, QuietDisconnects
from tests.factories import MemberFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def _cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


@pytest.mark.parametrize("delay", [0, 0.01, 0.05, 0.15])
@pytest.mark.parametrize("path", ["/membres/", "/mur/recherche/", "/actualites/recherche/",
                                  "/lent/"])
async def test_an_abandoned_live_search_logs_nothing(member, settings, caplog, capfd, path,
                                                     delay):
    settings.ROOT_URLCONF = "tests.config.abandoned_urls"
    for _ in range(3):
        await database_sync_to_async(MemberFactory)()
    cookie = await database_sync_to_async(_cookie)(member)
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "GET", "path": path, "raw_path": path.encode(), "query_string": b"q=ma",
             "root_path": "", "scheme": "http", "server": ("localhost", 80),
             "client": ("127.0.0.1", 5000),
             "headers": [(b"host", b"localhost"), (b"hx-request", b"true"),
                         (b"cookie", f"sessionid={cookie}".encode())]}
    with caplog.at_level(logging.WARNING):
        request = ApplicationCommunicator(application, scope)
        await request.send_input({"type": "http.request", "body": b"", "more_body": False})
        await asyncio.sleep(delay)
        await request.send_input({"type": "http.disconnect"})
        await request.wait(5)  # the application ends by itself, without an exception
        await asyncio.sleep(0.35)  # a view still running in its thread finishes meanwhile
    assert [record.getMessage() for record in caplog.records] == []
    assert "Traceback" not in capfd.readouterr().err


async def _gone_app(scope, receive, send):
    """Django's handler as it fails when the executor of the aborted request leaked."""
    assert (await receive())["type"] == "http.disconnect"
    raise RuntimeError(QUIT_EXECUTOR)


async def test_the_leaked_executor_error_of_a_gone_client_is_absorbed():
    finished = []

    def on_finished(**kwargs):
        finished.append(kwargs["sender"])

    signals.request_finished.connect(on_finished)
    try:
        request = ApplicationCommunicator(QuietDisconnects(_gone_app), {"type": "http"})
        await request.send_input({"type": "http.disconnect"})
        await request.wait(5)  # no exception
    finally:
        signals.request_finished.disconnect(on_finished)
    assert finished == [ASGIHandler]  # the connections were given back all the same


async def test_other_errors_still_surface():
    async def broken(scope, receive, send):
        raise RuntimeError(QUIT_EXECUTOR)  # the client is still there: a real bug

    request = ApplicationCommunicator(QuietDisconnects(broken), {"type": "http"})
    with pytest.raises(RuntimeError):
        await request.wait(5)
