"""Drill: SIGTERM to Daphne with open sockets (issue 11, item 7). The server, run as every
deployment runs it (``python -m config.serve``, config/serve.py), closes each socket with 1001
"going away" (static/js/realtime.js reconnects from it) and exits within a bounded time."""

import asyncio
import json
import signal
import socket
import sys
import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from chat.models import Room
from tests.factories import MemberFactory
from tests.faults.conftest import free_port, log_of, server_env, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

SOCKETS = 3
EXITS_WITHIN = 10


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _serve(processes, tmp_path, settings):
    port = free_port()
    env = server_env(tmp_path, SECRET_KEY=settings.SECRET_KEY)
    process = processes.start("web", [sys.executable, "-m", "config.serve", "-b", "127.0.0.1",
                                      "-p", str(port), "config.asgi:application"], env)

    def listening() -> bool:
        assert process.poll() is None, log_of(process)
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) == 0
    wait_for(listening, 60, f"Daphne on port {port}", every=0.2)
    return process, port


def test_sigterm_closes_sockets_with_1001_and_exits_in_bounded_time(processes, tmp_path,
                                                                      settings):
    process, port = _serve(processes, tmp_path, settings)
    cookies = [_session_cookie(MemberFactory()) for _ in range(SOCKETS)]

    async def drill() -> tuple[list[int | None], float]:
        sockets = []
        for cookie in cookies:
            ws = await connect(f"ws://127.0.0.1:{port}/ws/", origin=f"http://127.0.0.1:{port}",
                               additional_headers={"Cookie": f"sessionid={cookie}"},
                               open_timeout=10)
            assert json.loads(await ws.recv())["type"] == "hello"
            # A frame in flight, as a tab's ping would be.
            await ws.send(json.dumps({"type": "ping"}))
            sockets.append(ws)
        signalled = time.monotonic()
        process.send_signal(signal.SIGTERM)
        codes = []
        for ws in sockets:
            try:
                async with asyncio.timeout(EXITS_WITHIN):
                    while True:
                        await ws.recv()
            except ConnectionClosed:
                pass
            codes.append(ws.close_code)
        exited = await asyncio.to_thread(process.wait, EXITS_WITHIN)
        assert exited is not None
        return codes, time.monotonic() - signalled

    codes, seconds = asyncio.run(drill())
    print(f"\nSIGTERM with {SOCKETS} open sockets: closed with {codes}, exited with "
          f"{process.returncode} after {seconds:.1f} s")
    assert codes == [1001] * SOCKETS, log_of(process)
    assert seconds < EXITS_WITHIN
    assert "Traceback" not in log_of(process), log_of(process)


def test_sigterm_while_a_socket_waits_on_a_database_lock(processes, tmp_path, settings):
    """A consumer blocked in a query (here: a send waiting for the room's row lock, held by
    this test) keeps a worker thread busy that Daphne alone waits for at exit, for ever."""
    from chat import services
    from tests.factories import ModeratorFactory

    process, port = _serve(processes, tmp_path, settings)
    member = MemberFactory()
    room = services.room_create(actor=ModeratorFactory(), name="Verrou")
    cookie = _session_cookie(member)
    locked, release = threading.Event(), threading.Event()

    def hold_the_room_lock() -> None:
        with transaction.atomic():
            Room.objects.select_for_update().get(pk=room.pk)
            locked.set()
            release.wait(30)
        connection.close()

    holder = threading.Thread(target=hold_the_room_lock)
    holder.start()
    try:
        assert locked.wait(10)

        async def drill() -> tuple[int | None, float]:
            ws = await connect(f"ws://127.0.0.1:{port}/ws/", origin=f"http://127.0.0.1:{port}",
                               additional_headers={"Cookie": f"sessionid={cookie}"},
                               open_timeout=10)
            assert json.loads(await ws.recv())["type"] == "hello"
            await ws.send(json.dumps({"type": "send", "room": room.pk, "body": "Bloqué",
                                      "client_id": "stuck"}))
            # The send is stuck on the lock: no ack comes.
            with pytest.raises(TimeoutError):
                async with asyncio.timeout(1):
                    await ws.recv()
            signalled = time.monotonic()
            process.send_signal(signal.SIGTERM)
            try:
                async with asyncio.timeout(EXITS_WITHIN):
                    while True:
                        await ws.recv()
            except ConnectionClosed:
                pass
            await asyncio.to_thread(process.wait, EXITS_WITHIN)
            return ws.close_code, time.monotonic() - signalled

        code, seconds = asyncio.run(drill())
    finally:
        release.set()
        holder.join(30)
    print(f"\nSIGTERM with a socket stuck on a database lock: closed with {code}, exited "
          f"after {seconds:.1f} s")
    assert code == 1001
    assert seconds < EXITS_WITHIN
