"""Drill: Redis killed for 4 s in the middle of a chat burst (issue 11, item 1).

Daphne runs with a Redis of the drill's own (tests/faults/redis_server.py) as its channel
layer and cache, against the test database. Five tabs (``websockets`` clients that follow the
protocol of static/js/realtime.js: hold a frame past a gap, ask for a ``replay`` after a
second's grace, ping every second and ask again when a ``pong`` says a room is ahead) are
subscribed to a room. A member posts a burst through the no-JavaScript form, and the services
post more; Redis is killed in the middle and started again 4 s later. Every message sent
while Redis is down must answer its redirect (302), and every tab must end up with every
message, once each, in order, on the socket it opened (no reconnect), within 20 s.
"""

import asyncio
import json
import re
import time

import pytest
import requests
from django.db import connection
from django.test import Client
from websockets.asyncio.client import connect

from chat import services
from tests.factories import MemberFactory, ModeratorFactory
from tests.faults.conftest import log_of, server_env
from tests.faults.redis_server import REDIS_SERVER, RedisServer

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(REDIS_SERVER is None, reason="the drill starts its own redis-server, "
                       "which is not installed"),
]

TABS = 5
OUTAGE_SECONDS = 4
REPAIRED_WITHIN = 20
GAP_GRACE = 1.0  # as static/js/realtime.js


class Tab:
    """A browser tab's socket, as static/js/realtime.js handles it (docs/realtime.md, "Gaps")."""

    def __init__(self, room_id: int) -> None:
        self.room = room_id
        self.last_seq = 0
        self.shown: list[dict] = []  # what the page shows, in order
        self.seen: set[int] = set()
        self.held: dict[int, dict] = {}
        self.behind = 0
        self.replays = 0
        self.gap_task: asyncio.Task | None = None
        self.closed_with = None

    async def run(self, uri: str, origin: str, cookie: str, subscribed: asyncio.Event,
                  stop: asyncio.Event) -> None:
        async with connect(uri, origin=origin, additional_headers={"Cookie": cookie},
                           open_timeout=10) as self.socket:
            assert json.loads(await self.socket.recv())["type"] == "hello"
            await self.send({"type": "subscribe", "room": self.room, "after": 0})
            pinger = asyncio.create_task(self._ping(stop))
            try:
                async for raw in self.socket:
                    frame = json.loads(raw)
                    if frame["type"] == "subscribed":
                        subscribed.set()
                    self.receive(frame)
                    if stop.is_set():
                        break
            finally:
                pinger.cancel()
                self.closed_with = self.socket.close_code

    async def send(self, frame: dict) -> None:
        await self.socket.send(json.dumps(frame))

    async def _ping(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self.send({"type": "ping"})
            await asyncio.sleep(1)

    def receive(self, frame: dict) -> None:
        if frame["type"] == "message" and frame["room"] == self.room:
            if frame["id"] in self.seen or frame["seq"] <= self.last_seq:
                return
            if frame["seq"] > self.last_seq + 1:
                self.held[frame["seq"]] = frame
                self.ask_replay_soon()
                return
            self.deliver(frame)
        elif frame["type"] == "pong":
            seq = (frame.get("rooms") or {}).get(str(self.room), 0)
            if seq > self.last_seq:
                self.behind = max(self.behind, seq)
                self.ask_replay_soon()
        elif frame["type"] == "replayed":
            self.last_seq = max(self.last_seq, frame["last_seq"])
            for seq in sorted(self.held):
                if seq <= self.last_seq:
                    self.held.pop(seq)
            if self.last_seq + 1 in self.held:
                self.deliver(self.held[self.last_seq + 1])
        elif frame["type"] in ("reload", "error"):
            raise AssertionError(f"unexpected frame {frame}")

    def deliver(self, frame: dict | None) -> None:
        while frame is not None:
            self.held.pop(frame["seq"], None)
            self.seen.add(frame["id"])
            self.last_seq = frame["seq"]
            self.shown.append(frame)
            frame = self.held.get(self.last_seq + 1)

    def gap(self) -> bool:
        return bool(self.held) or self.behind > self.last_seq

    def ask_replay_soon(self) -> None:
        if self.gap_task is None or self.gap_task.done():
            self.gap_task = asyncio.create_task(self._ask_replay())

    async def _ask_replay(self) -> None:
        await asyncio.sleep(GAP_GRACE)
        if self.gap():
            self.replays += 1
            await self.send({"type": "replay", "room": self.room, "after": self.last_seq})


class Poster:
    """A member posting through the no-JavaScript form, with the page's CSRF token."""

    def __init__(self, base: str, room_id: int, session_cookie: str) -> None:
        self.url = f"{base}/chat/{room_id}/"
        self.http = requests.Session()
        self.http.cookies.set("sessionid", session_cookie)
        self.http.headers["Referer"] = self.url
        page = self.http.get(self.url, timeout=10, allow_redirects=False)
        assert page.status_code == 200, page.status_code
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    def post(self, body: str) -> int:
        response = self.http.post(f"{self.url}send/", timeout=10, allow_redirects=False,
                                  data={"csrfmiddlewaretoken": self.token, "body": body})
        return response.status_code


def _in_thread(function, *args, **kwargs):
    """Run an ORM call in a worker thread, and close that thread's connection after it."""
    def call():
        try:
            return function(*args, **kwargs)
        finally:
            connection.close()
    return asyncio.to_thread(call)


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def test_a_burst_across_a_redis_outage_reaches_every_tab_once_in_order(processes, tmp_path,
                                                                       settings):
    redis = RedisServer(tmp_path).start()
    try:
        _drill(processes, tmp_path, settings, redis)
    finally:
        redis.stop()


def _drill(processes, tmp_path, settings, redis) -> None:
    # The same SECRET_KEY: the sessions made here are valid in Daphne.
    env = server_env(tmp_path, REDIS_URL=redis.url, SECRET_KEY=settings.SECRET_KEY)
    daphne, base = processes.daphne("web", env)
    host = base.removeprefix("http://")
    room = services.room_create(actor=ModeratorFactory(), name="Panne de Redis")
    poster_member = MemberFactory()
    services.room_join(actor=poster_member, room=room)
    readers = [MemberFactory() for _ in range(TABS)]
    poster = Poster(base, room.pk, _session_cookie(poster_member))
    # The services of this process publish to the same Redis.
    settings.CHANNEL_LAYERS = {"default": {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {"hosts": [redis.url], "prefix": "catalyse"},
    }}
    statuses: dict[str, list[int]] = {"before": [], "during": [], "after": []}

    async def scenario() -> list[Tab]:
        tabs = [Tab(room.pk) for _ in readers]
        stop = asyncio.Event()
        subscribed = [asyncio.Event() for _ in tabs]
        cookies = [await _in_thread(_session_cookie, reader) for reader in readers]
        runs = [asyncio.create_task(tab.run(f"ws://{host}/ws/", base, f"sessionid={cookie}",
                                            ready, stop))
                for tab, cookie, ready in zip(tabs, cookies, subscribed, strict=True)]
        async with asyncio.timeout(15):
            await asyncio.gather(*(ready.wait() for ready in subscribed))

        async def burst(phase: str, count: int) -> None:
            for n in range(count):
                body = f"{phase} {n}"
                if n % 3 == 2:  # some through the services, as a socket's send would
                    await _in_thread(services.message_send, actor=poster_member, room=room,
                                     body=body)
                else:
                    statuses[phase].append(await asyncio.to_thread(poster.post, body))

        await burst("before", 6)
        await asyncio.to_thread(redis.stop)
        down_at = time.monotonic()
        await burst("during", 6)
        await asyncio.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - down_at)))
        await asyncio.to_thread(redis.start)
        restarted_at = time.monotonic()
        await burst("after", 3)  # the layer may not be back yet: the tail can be lost too
        total = await _in_thread(room.messages.count)
        try:
            async with asyncio.timeout(REPAIRED_WITHIN):
                while any(len(tab.shown) < total for tab in tabs):
                    await asyncio.sleep(0.05)
        except TimeoutError:
            pass
        repaired_in = time.monotonic() - restarted_at
        stop.set()
        for run in runs:
            run.cancel()
        await asyncio.gather(*runs, return_exceptions=True)
        print(f"\nRedis killed {OUTAGE_SECONDS} s mid-burst: {total} messages, {TABS} tabs "
              f"complete {repaired_in:.1f} s after Redis restarted, replays asked "
              f"{[tab.replays for tab in tabs]}; form answers during the outage "
              f"{statuses['during']}")
        return tabs

    tabs = asyncio.run(scenario())
    expected = list(room.messages.order_by("seq").values_list("id", "seq"))
    assert [seq for _, seq in expected] == list(range(1, len(expected) + 1))
    assert all(status == 302 for phase in statuses.values() for status in phase), statuses
    assert statuses["during"], "nothing was posted during the outage"
    for tab in tabs:
        assert tab.closed_with is None, f"the socket closed ({tab.closed_with}): {log_of(daphne)}"
        assert [(frame["id"], frame["seq"]) for frame in tab.shown] == expected, (
            f"a tab has {[f['seq'] for f in tab.shown]}, held {sorted(tab.held)}")
    assert daphne.poll() is None, log_of(daphne)
