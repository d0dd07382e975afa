"""Chat fan-out benchmark: Daphne + Redis channel layer vs a bare `websockets` server (loopback).

    .venv/bin/python bench/chat_fanout.py [--members 100,1000] [--duration 20]
        [--layers core+timeout+pool,pubsub] [--cycles 10] [--cycle-size 1000]

Everything runs on 127.0.0.1, is bounded in count and time (--timeout) and stops by itself.
Builds a throw-away PostgreSQL database (``catalyse_bench``, dropped at the end; --sqlite for a
file under a temporary directory) with generated members, one Django session per member, and
uses a Redis database of its own (--redis-db, which must be empty; flushed at the end).

For the bare `websockets` broadcast server (bench/bare_broadcast.py), then for each channel
layer variant and each --members N (a fresh Daphne process each time, settings
bench/fanout_settings.py, one process as in production):

- N clients (one process: asyncio + websockets' Sans-I/O protocol, bench/ws_client.py) connect
  with a session cookie and an Origin header, at most --connect-concurrency at a time, and
  subscribe to one public room (``after`` 0) that has all N as members;
- steady phase: --senders members send --rate messages/s each for --duration seconds; the body
  carries the send time (``time.perf_counter``: one process); every client records the ``seq``
  of every ``message`` frame. Per message: send -> LAST recipient latency; delivered frames/s;
  lost = expected (every recipient x every stored message) - received, once the stragglers
  have arrived (--drain); duplicates by ``seq``. A saturated server (a message still not
  delivered to everyone after --max-lag seconds) stops the sending early, so that the backlog
  stays bounded;
- burst phase: --burst-senders other members send --burst-messages each, back to back:
  delivered frames/s at saturation.

Then, per variant, --cycles cycles of --cycle-size connects and disconnects on a fresh Daphne
(after one warm-up cycle): failed handshakes, the server's RSS growth, and what is left in
Redis afterwards (group members, socket counters). Prints tables and a SUMMARY line with the
goals at the largest N; figures and commands go to docs/benchmarks.md.

Variants (--layers): ``core`` (channels_redis.core.RedisChannelLayer) or ``pubsub``
(channels_redis.pubsub.RedisPubSubChannelLayer), each optionally with ``+timeout`` (redis-py
``socket_timeout=None``), ``+pool`` (``max_connections=2000``) and ``+nohop`` (experiment:
bench/fanout_asgi.py).
"""

import argparse
import asyncio
import contextlib
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ws_client import ClosedBeforeHello, open_socket  # noqa: E402

BIN = Path(sys.executable).parent
BODY = re.compile(r"bench (\w) \S+ t=(\d+\.\d+)")
GOAL_P99_MS = 150
GOAL_RATIO = 0.5
GOAL_RSS_GROWTH = 0.05
LAYER_BACKENDS = ("core", "pubsub")
# Variant suffixes: redis-py connection options of the channel layer, and one experiment.
OPTIONS = {
    # redis-py 8 reads with a 5 s socket timeout by default, exactly channels_redis' 5 s
    # BZPOPMIN: an idle core layer's receive times out (django/channels_redis#422).
    "timeout": {"socket_timeout": None},
    # redis-py 8's asyncio pool refuses a 101st concurrent connection (MaxConnectionsError)
    # instead of waiting: a burst of joins or leaves in one process exceeds it.
    "pool": {"max_connections": 2000},
}


def parse_variant(variant: str) -> tuple[str, dict, bool]:
    """``core``, ``pubsub``, ``core+timeout+pool``, ``pubsub+nohop``...: the layer, its
    redis-py options, and whether the dispatch experiment (bench/fanout_asgi.py) is on."""
    layer, *suffixes = variant.split("+")
    if layer not in LAYER_BACKENDS or not set(suffixes) <= {*OPTIONS, "nohop"}:
        raise ValueError(f"unknown variant {variant!r}")
    options = {key: value for suffix in suffixes if suffix in OPTIONS
               for key, value in OPTIONS[suffix].items()}
    return layer, options, "nohop" in suffixes


def percentile(samples: list[float], fraction: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


# --- Client harness -------------------------------------------------------------------------


class Tally:
    """What every client received, keyed by the room's seq (one room per run)."""

    def __init__(self) -> None:
        self.sent_at: dict[int, float] = {}  # seq -> perf_counter() at send, from the body
        self.phase_of: dict[int, str] = {}
        self.count: defaultdict[int, int] = defaultdict(int)  # unique receptions per seq
        self.last: dict[int, float] = {}  # seq -> perf_counter() of the last reception
        self.acks: dict[str, int] = {}  # client_id -> seq
        self.refused: dict[str, str] = {}  # client_id -> error code
        self.errors: Counter = Counter()
        self.other: Counter = Counter()
        self.duplicates: Counter = Counter()  # phase -> duplicate frames
        self.dropped: Counter = Counter()  # sockets closed by the server, by close code


class Client:
    """One socket of the harness; frames are handled in the socket's data_received."""

    __slots__ = ("closing", "hello", "seqs", "socket", "subscribed", "tally")

    def __init__(self, tally: Tally) -> None:
        self.tally = tally
        self.seqs: set[int] = set()
        self.hello: asyncio.Future = asyncio.get_running_loop().create_future()
        self.subscribed = asyncio.Event()
        self.closing = False
        self.socket = None

    def on_text(self, data: bytes, loads=json.loads, perf_counter=time.perf_counter) -> None:
        now = perf_counter()
        frame = loads(data)
        kind, tally = frame["type"], self.tally
        if kind == "message":
            seq = frame["seq"]
            if seq in self.seqs:
                tally.duplicates[tally.phase_of.get(seq, "?")] += 1
                return
            self.seqs.add(seq)
            if seq not in tally.sent_at:
                found = BODY.search(frame["html"])
                if found:
                    tally.phase_of[seq], tally.sent_at[seq] = found[1], float(found[2])
            tally.count[seq] += 1
            tally.last[seq] = now
        elif kind == "ack":
            tally.acks[frame["client_id"]] = frame["seq"]
        elif kind == "subscribed":
            self.subscribed.set()
        elif kind == "hello":
            if not self.hello.done():
                self.hello.set_result(frame)
        elif kind == "error":
            tally.errors[frame["code"]] += 1
            if frame.get("ref"):
                tally.refused[frame["ref"]] = frame["code"]
        else:
            tally.other[kind] += 1

    def on_close(self, code: int | None) -> None:
        if not self.hello.done():
            self.hello.set_exception(ClosedBeforeHello(code))
        elif not self.closing:
            self.tally.dropped[code] += 1

    def send(self, text: str) -> None:
        self.socket.send(text)


async def open_client(uri: str, origin: str, cookie: str | None, tally: Tally,
                      failures: Counter, timeout: float) -> Client | None:
    from websockets.exceptions import InvalidHandshake, InvalidStatus

    client = Client(tally)
    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
    try:
        client.socket = await open_socket(uri, origin, headers, client.on_text,
                                          client.on_close, timeout)
        async with asyncio.timeout(timeout):
            await client.hello
    except InvalidStatus as error:
        failures[f"HTTP {error.response.status_code}"] += 1
    except ClosedBeforeHello as error:
        failures[f"closed {error.code}"] += 1
    except TimeoutError:
        failures["timeout"] += 1
    except (OSError, InvalidHandshake) as error:
        failures[type(error).__name__] += 1
    else:
        return client
    if client.socket is not None:
        client.closing = True
        client.socket.abort()
    return None


async def open_many(uri: str, origin: str, cookies: list, concurrency: int, tally: Tally,
                    failures: Counter) -> list[Client]:
    window = asyncio.Semaphore(concurrency)

    async def one(cookie):
        async with window:
            return await open_client(uri, origin, cookie, tally, failures, timeout=30)

    opened = await asyncio.gather(*(one(cookie) for cookie in cookies))
    return [client for client in opened if client is not None]


async def close_many(clients: list[Client], concurrency: int = 200) -> None:
    window = asyncio.Semaphore(concurrency)

    async def one(client):
        client.closing = True
        async with window:
            await client.socket.close()

    await asyncio.gather(*(one(client) for client in clients))


def send_frame(room: int, phase: str, client_id: str) -> str:
    body = f"bench {phase} {client_id} t={time.perf_counter():.6f}"
    return json.dumps({"type": "send", "room": room, "body": body, "client_id": client_id})


async def steady(senders: list[Client], room: int, rate: float, duration: float,
                 margin: float, tally: Tally, recipients: int, max_lag: float) -> dict:
    """Each sender sends every 1/rate s (+margin), the senders evenly staggered, for
    ``duration`` seconds; sending stops early once a message has waited more than ``max_lag``
    seconds for its last recipient: the server is saturated and the backlog would only grow."""
    interval = (1 / rate) * (1 + margin)
    start = time.perf_counter() + 0.2
    stop = start + duration
    sent: list[str] = []
    sent_at: dict[str, float] = {}
    saturated = asyncio.Event()

    async def one(number: int, client: Client) -> None:
        at, count = start + number * interval / len(senders), 0
        while at < stop and not saturated.is_set():
            delay = at - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if saturated.is_set():
                break
            client_id = f"n{number}-{count}"
            sent_at[client_id] = time.perf_counter()
            client.send(send_frame(room, "n", client_id))
            sent.append(client_id)
            count += 1
            at += interval

    async def watch() -> None:
        while max_lag > 0:
            now = time.perf_counter()
            for client_id, moment in list(sent_at.items()):
                seq = tally.acks.get(client_id)
                if client_id in tally.refused or (seq and tally.count[seq] >= recipients):
                    del sent_at[client_id]
                elif now - moment > max_lag:
                    saturated.set()
                    return
            await asyncio.sleep(0.1)

    watcher = asyncio.create_task(watch())
    await asyncio.gather(*(one(number, client) for number, client in enumerate(senders)))
    watcher.cancel()
    return {"sent": sent, "seconds": time.perf_counter() - start,
            "saturated": saturated.is_set()}


async def burst(senders: list[Client], room: int, per_sender: int) -> list[str]:
    """Each sender writes all its frames at once (the server handles one frame at a time)."""
    sent: list[str] = []

    async def one(number: int, client: Client) -> None:
        for count in range(per_sender):
            client_id = f"b{number}-{count}"
            client.send(send_frame(room, "b", client_id))
            sent.append(client_id)

    await asyncio.gather(*(one(number, client) for number, client in enumerate(senders)))
    return sent


async def drain(tally: Tally, sent: list[str], recipients: int, timeout: float,
                stall: float = 10) -> None:
    """Until every sent frame is acknowledged or refused and every stored one delivered;
    gives up after ``timeout``, or ``stall`` seconds without a single new frame."""
    deadline = time.perf_counter() + timeout
    progress, moved_at = -1, time.perf_counter()
    while time.perf_counter() < deadline:
        settled = all(cid in tally.acks or cid in tally.refused for cid in sent)
        if settled and all(tally.count[tally.acks[cid]] >= recipients
                           for cid in sent if cid in tally.acks):
            return
        now, total = time.perf_counter(), sum(tally.count.values()) + len(tally.acks)
        if total != progress:
            progress, moved_at = total, now
        elif now - moved_at > stall:
            return
        await asyncio.sleep(0.05)


def phase_stats(tally: Tally, phase: str, sent: list[str], recipients: int) -> dict:
    seqs = {tally.acks[cid] for cid in sent if cid in tally.acks}
    seqs |= {seq for seq, letter in tally.phase_of.items() if letter == phase}
    expected = len(seqs) * recipients
    received = sum(tally.count[seq] for seq in seqs)
    latencies = [(tally.last[seq] - tally.sent_at[seq]) * 1000
                 for seq in seqs if seq in tally.last and seq in tally.sent_at]
    starts = [tally.sent_at[seq] for seq in seqs if seq in tally.sent_at]
    ends = [tally.last[seq] for seq in seqs if seq in tally.last]
    window = (max(ends) - min(starts)) if starts and ends else float("nan")
    return {
        "sent": len(sent),
        "stored": len(seqs),
        "unacked": sum(1 for cid in sent if cid not in tally.acks and cid not in tally.refused),
        "refused": Counter(tally.refused[cid] for cid in sent if cid in tally.refused),
        "unstored": len(sent) - len(seqs),
        "received": received,
        "lost": expected - received,
        "duplicates": tally.duplicates[phase],
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p99": percentile(latencies, 0.99),
        "max": max(latencies, default=float("nan")),
        "fps": received / window if window and window == window else float("nan"),
        "window": window,
    }


async def fanout_run(uri: str, origin: str, cookies: list, room: int, args) -> dict:
    tally, failures = Tally(), Counter()
    started = time.perf_counter()
    clients = await open_many(uri, origin, cookies, args.connect_concurrency, tally, failures)
    connect_seconds = time.perf_counter() - started
    started = time.perf_counter()
    subscribe = json.dumps({"type": "subscribe", "room": room, "after": 0})
    window = asyncio.Semaphore(args.connect_concurrency)

    async def subscribe_one(client):
        async with window:
            client.send(subscribe)
            try:
                await asyncio.wait_for(client.subscribed.wait(), 60)
            except TimeoutError:
                failures["no subscribed"] += 1

    await asyncio.gather(*(subscribe_one(client) for client in clients))
    subscribe_seconds = time.perf_counter() - started
    clients = [client for client in clients if client.subscribed.is_set()]
    recipients = len(clients)
    needed = args.senders + args.burst_senders
    if recipients < needed:
        raise RuntimeError(f"only {recipients} clients connected ({dict(failures)})")
    result = {"connected": recipients, "failed": failures, "connect_s": connect_seconds,
              "subscribe_s": subscribe_seconds}

    await asyncio.sleep(1)
    sending = await steady(clients[:args.senders], room, args.rate, args.duration, args.margin,
                           tally, recipients, args.max_lag)
    sent = sending["sent"]
    await drain(tally, sent, recipients, args.drain)
    result["steady"] = phase_stats(tally, "n", sent, recipients)
    result["steady"].update(seconds=sending["seconds"], saturated=sending["saturated"])

    await asyncio.sleep(1)
    sent = await burst(clients[args.senders:needed], room, args.burst_messages)
    await drain(tally, sent, recipients, args.drain)
    result["burst"] = phase_stats(tally, "b", sent, recipients)

    result["errors"], result["other"] = tally.errors, tally.other
    result["dropped"] = tally.dropped
    await close_many(clients)
    return result


async def cycles_run(uri: str, origin: str, cookies: list, args, pid: int) -> dict:
    """One warm-up cycle, then --cycles cycles of connect all / disconnect all."""
    failures_total, per_cycle, rss = Counter(), [], []
    for cycle in range(args.cycles + 1):
        failures = Counter()
        started = time.perf_counter()
        clients = await open_many(uri, origin, cookies, args.connect_concurrency, Tally(),
                                  failures)
        opened = time.perf_counter() - started
        await close_many(clients)
        per_cycle.append({"opened": len(clients), "failed": sum(failures.values()),
                          "connect_s": opened, "total_s": time.perf_counter() - started})
        if cycle == 0:
            await asyncio.sleep(2)
        else:
            failures_total.update(failures)
        rss.append(rss_kib(pid))
    await asyncio.sleep(args.settle)
    rss_after = rss_kib(pid)
    return {"failures": failures_total, "cycles": per_cycle[1:], "warmup": per_cycle[0],
            "rss_before": rss[0], "rss_series": rss[1:], "rss_after": rss_after}


# --- Servers --------------------------------------------------------------------------------


def wait_listening(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        with socket.socket() as probe:
            probe.settimeout(0.5)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError("server not listening")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def start_daphne(variant: str, log_name: str, workdir: Path, processes: list,
                 conn_max_age: int) -> tuple[subprocess.Popen, int]:
    layer, options, nohop = parse_variant(variant)
    port = free_port()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.fanout_settings",
               BENCH_CHANNEL_LAYER=layer, BENCH_REDIS_OPTIONS=json.dumps(options),
               PYTHONPATH=str(ROOT), DATABASE_CONN_MAX_AGE=str(conn_max_age))
    log = (workdir / log_name).open("w")
    profile = os.environ.get("BENCH_PROFILE_DIR")  # a development aid: cProfile the server
    prefix = ([sys.executable, "-m", "cProfile", "-o", f"{profile}/{log_name}.prof"]
              if profile else [])
    application = "bench.fanout_asgi:application" if nohop else "config.asgi:application"
    process = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
        [*prefix, str(BIN / "daphne"), "--bind", "127.0.0.1", "--port", str(port), "-v", "0",
         application],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    processes.append(process)
    wait_listening(port, process)
    return process, port


def start_bare(max_seconds: float, workdir: Path, processes: list) -> tuple[subprocess.Popen, int]:
    process = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, str(ROOT / "bench" / "bare_broadcast.py"), "--port", "0",
         "--max-seconds", str(int(max_seconds))],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=(workdir / "bare.log").open("w"), text=True,
    )
    processes.append(process)
    line = process.stdout.readline()
    if not line.startswith("READY "):
        raise RuntimeError(f"bare server did not start: {line!r}")
    return process, int(line.split()[1])


def log_problems(path: Path) -> list[str]:
    lines = path.read_text(errors="replace").splitlines()
    return [line for line in lines
            if "Traceback" in line or "ERROR" in line or "over capacity" in line]


# --- Data -----------------------------------------------------------------------------------


def create_members(count: int) -> tuple[list[int], list[str]]:
    """``count`` approved members, and a logged-in session cookie for each."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import transaction
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from community.management.commands.seed_demo import Command as Seed
    from community.management.commands.seed_demo import Generator
    from community.models import User

    generator = Generator()
    people = [generator.person(*slot) for slot in generator.slots(count)]
    with transaction.atomic():
        Seed().create_people(people)
    users = list(User.objects.members().order_by("pk")[:count])
    if len(users) < count:
        raise RuntimeError(f"only {len(users)} members generated")
    store, backend = SessionStore(), settings.AUTHENTICATION_BACKENDS[0]
    expires = timezone.now() + timezone.timedelta(days=1)
    rows, cookies = [], []
    for user in users:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = store.encode({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: backend,
                             HASH_SESSION_KEY: user.get_session_auth_hash()})
        rows.append(Session(session_key=key, session_data=data, expire_date=expires))
        cookies.append(key)
    Session.objects.bulk_create(rows)
    return [user.pk for user in users], cookies


def create_room(user_ids: list[int], name: str) -> int:
    from chat.models import Room, RoomMembership

    room = Room.objects.create(kind=Room.Kind.PUBLIC, name=name, created_by_id=user_ids[0])
    RoomMembership.objects.bulk_create(
        [RoomMembership(room=room, user_id=user_id) for user_id in user_ids]
    )
    return room.pk


def drop_room(room: int, quiet: float = 2, timeout: float = 60) -> None:
    """Deletes the room once no message has been stored in it for ``quiet`` seconds (the
    server may still be working through a backlog after the clients are gone)."""
    from django.db import OperationalError

    from chat.models import Room

    deadline = time.monotonic() + timeout
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        seq = Room.objects.filter(pk=room).values_list("last_seq", flat=True).first()
        if seq != last:
            last, since = seq, time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
        time.sleep(0.2)
    for _attempt in range(5):
        try:
            Room.objects.filter(pk=room).delete()
            return
        except OperationalError:  # a deadlock with a message still being stored
            time.sleep(1)
    raise RuntimeError(f"could not delete room {room}")


def redis_clients(redis) -> dict:
    """Connections open to the benchmark's Redis database (apart from this script's own), by
    the last command they ran."""
    database = str(redis.connection_pool.connection_kwargs.get("db", 0))
    me = str(redis.client_id())
    return dict(Counter(client.get("cmd") for client in redis.client_list()
                        if client.get("db") == database and client.get("id") != me))


def redis_leftovers(redis, layer: str, room: int, user_ids: list[int]) -> dict:
    """Group members and socket counters left in Redis once every client is gone."""
    counters = sum(int(redis.get(key) or 0)
                   for key in redis.scan_iter("catalyse:1:chat:sockets:*", count=1000))
    if layer == "core":
        keys = list(redis.scan_iter("catalyse:group:*", count=1000))
        members = sum(redis.zcard(key) for key in keys)
        return {"group_members": members, "group_keys": len(keys), "socket_counters": counters}
    names = [f"catalyse__group__chat.room.{room}"]
    names += [f"catalyse__group__user.{user_id}" for user_id in user_ids]
    subscribed = sum(count for _name, count in redis.pubsub_numsub(*names))
    channels = len(redis.pubsub_channels("catalysespecific.*"))
    return {"group_members": subscribed, "consumer_channels": channels,
            "socket_counters": counters}


# --- Orchestration --------------------------------------------------------------------------


def run_async(coroutine, deadline: float):
    async def bounded():
        async with asyncio.timeout(max(1.0, deadline - time.monotonic())):
            return await coroutine

    return asyncio.run(bounded())


def fmt(value: float, digits: int = 0) -> str:
    return "-" if value != value else f"{value:,.{digits}f}"


def print_tables(fanout: dict, cycles: dict, members: list[int]) -> None:
    print()
    print("Fan-out (steady: send -> last recipient; burst: saturation)")
    header = (f"{'server':<18} {'N':>5} {'conn':>5} {'msgs':>5} {'p50 ms':>8} {'p99 ms':>8} "
              f"{'max ms':>8} {'frames/s':>9} {'lost':>5} {'dup':>4} | {'b.msgs':>6} "
              f"{'b.frames/s':>10} {'b.p99 ms':>9} {'b.lost':>6} | {'ratio':>5} {'b.ratio':>7}")
    print(header)
    print("-" * len(header))
    for server, runs in fanout.items():
        for count in members:
            run = runs.get(count)
            if run is None:
                continue
            bare = fanout.get("bare", {}).get(count)
            steady_run, burst_run = run["steady"], run["burst"]
            ratio = steady_run["fps"] / bare["steady"]["fps"] if bare else float("nan")
            b_ratio = burst_run["fps"] / bare["burst"]["fps"] if bare else float("nan")
            print(f"{server:<18} {count:>5} {run['connected']:>5} {steady_run['stored']:>5} "
                  f"{fmt(steady_run['p50'], 1):>8} {fmt(steady_run['p99'], 1):>8} "
                  f"{fmt(steady_run['max'], 1):>8} {fmt(steady_run['fps']):>9} "
                  f"{steady_run['lost']:>5} {steady_run['duplicates']:>4} | "
                  f"{burst_run['stored']:>6} {fmt(burst_run['fps']):>10} "
                  f"{fmt(burst_run['p99'], 1):>9} {burst_run['lost']:>6} | "
                  f"{fmt(ratio, 2):>5} {fmt(b_ratio, 2):>7}")
            extras = {key: dict(run[key]) for key in ("failed", "errors", "other", "dropped")
                      if run[key]}
            for name in ("steady", "burst"):
                if run[name]["unstored"]:
                    extras[f"{name} unstored"] = (
                        f"{run[name]['unstored']} of {run[name]['sent']} "
                        f"(refused {dict(run[name]['refused'])}, no ack {run[name]['unacked']})")
            stopped = (f"STOPPED after {steady_run['seconds']:.1f} s: saturated"
                       if steady_run.get("saturated") else f"{steady_run['seconds']:.1f} s")
            print(f"{'':<18} connect {run['connect_s']:.1f} s, subscribe "
                  f"{run['subscribe_s']:.1f} s, steady sending {stopped}"
                  f"{'; ' + str(extras) if extras else ''}")
    if not cycles:
        return
    print()
    print("Connect/disconnect cycles (after one warm-up cycle)")
    header = (f"{'layer':<18} {'cycles':>6} {'size':>5} {'failed':>6} {'connect s':>9} "
              f"{'RSS before':>10} {'RSS after':>10} {'growth':>7} {'groups left':>11} "
              f"{'counters left':>13}")
    print(header)
    print("-" * len(header))
    for layer, result in cycles.items():
        growth = (result["rss_after"] - result["rss_before"]) / result["rss_before"]
        connect = statistics.mean(cycle["connect_s"] for cycle in result["cycles"])
        left = result["leftovers"]
        print(f"{layer:<18} {len(result['cycles']):>6} {result['size']:>5} "
              f"{sum(result['failures'].values()):>6} {connect:>9.1f} "
              f"{result['rss_before'] / 1024:>8.1f}MB {result['rss_after'] / 1024:>8.1f}MB "
              f"{growth:>+7.1%} {left['group_members']:>11} {left['socket_counters']:>13}")
        series = ", ".join(f"{value / 1024:.0f}" for value in result["rss_series"])
        print(f"{'':<18} RSS after each cycle (MB): {series}; Redis connections of the "
              f"server {result.get('redis_clients')}; leftovers {left}"
              f"{'; failures ' + str(dict(result['failures'])) if result['failures'] else ''}")


def summary(fanout: dict, cycles: dict, layers: list[str], members: list[int]) -> str:
    count = max(members)
    parts = [f"SUMMARY N={count}"]
    verdicts = {}
    for layer in layers:
        run, bare = fanout.get(layer, {}).get(count), fanout.get("bare", {}).get(count)
        if run is None:
            continue
        steady_run = run["steady"]
        ratio = steady_run["fps"] / bare["steady"]["fps"] if bare else float("nan")
        b_ratio = run["burst"]["fps"] / bare["burst"]["fps"] if bare else float("nan")
        goals = {
            "p99<150ms": steady_run["p99"] < GOAL_P99_MS,
            "lost=0": all(run[name]["lost"] == 0 and run[name]["unstored"] == 0
                          for name in ("steady", "burst")),
            "ratio>=0.5": ratio >= GOAL_RATIO,
        }
        text = (f"{layer}: p99={steady_run['p99']:.0f}ms lost={steady_run['lost']}"
                f"+{run['burst']['lost']} unstored={steady_run['unstored']}"
                f"+{run['burst']['unstored']} dup={steady_run['duplicates']}"
                f"+{run['burst']['duplicates']} fps={steady_run['fps']:.0f} ratio={ratio:.2f} "
                f"burst_fps={run['burst']['fps']:.0f} burst_ratio={b_ratio:.2f}"
                f"{' saturated' if steady_run.get('saturated') else ''}")
        if layer in cycles:
            result = cycles[layer]
            growth = (result["rss_after"] - result["rss_before"]) / result["rss_before"]
            goals["rss<5%"] = growth < GOAL_RSS_GROWTH
            goals["handshakes"] = not result["failures"]
            goals["groups=0"] = result["leftovers"]["group_members"] == 0
            text += (f" failed_handshakes={sum(result['failures'].values())} "
                     f"rss={growth:+.1%} groups_left={result['leftovers']['group_members']}")
        text += " " + " ".join(f"{goal}:{'PASS' if ok else 'FAIL'}" for goal, ok in goals.items())
        p99 = steady_run["p99"] if steady_run["p99"] == steady_run["p99"] else float("inf")
        verdicts[layer] = (sum(goals.values()), -p99)
        parts.append(text)
    if verdicts:
        parts.append(f"better={max(verdicts, key=verdicts.get)}")
    return " | ".join(parts)


def _time_limit(*_args) -> None:
    raise SystemExit("chat_fanout: time limit reached")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", default="100,1000", help="comma-separated room sizes")
    parser.add_argument("--duration", type=float, default=20, help="steady phase, seconds")
    parser.add_argument("--senders", type=int, default=5)
    parser.add_argument("--rate", type=float, default=2.0, help="messages/s per sender")
    parser.add_argument("--margin", type=float, default=0.01,
                        help="interval margin so that 2 msg/s stays under the fixed-window "
                             "rate limit of 20 sends per 10 s")
    parser.add_argument("--max-lag", type=float, default=5,
                        help="stop the steady phase once a message waits this long for its "
                             "last recipient (saturated server; 0: never)")
    parser.add_argument("--burst-senders", type=int, default=10)
    parser.add_argument("--burst-messages", type=int, default=5)
    parser.add_argument("--layers", default="core+timeout+pool,pubsub",
                        help="channel layers: core or pubsub, with optional suffixes +timeout "
                             "+pool (redis-py options) and +nohop (dispatch experiment)")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare baseline")
    parser.add_argument("--cycles", type=int, default=10)
    parser.add_argument("--cycle-size", type=int, default=1000)
    parser.add_argument("--connect-concurrency", type=int, default=50)
    parser.add_argument("--drain", type=float, default=60,
                        help="max wait for stragglers, s (also stops after 10 s without any)")
    parser.add_argument("--settle", type=float, default=3, help="wait after the cycles, s")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary directory (server logs) and print its path")
    parser.add_argument("--timeout", type=float, default=900, help="hard limit, seconds")
    parser.add_argument("--postgres", default="postgres://catalyse:catalyse@127.0.0.1:5432/catalyse",
                        help="server and role used to create the throw-away database")
    parser.add_argument("--sqlite", action="store_true", help="SQLite file instead")
    parser.add_argument("--conn-max-age", type=int, default=60,
                        help="DATABASE_CONN_MAX_AGE of the Daphne process (0: a connection "
                             "per database call, the shipped default)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379")
    parser.add_argument("--redis-db", type=int, default=11)
    args = parser.parse_args()
    members = sorted(int(value) for value in args.members.split(","))
    layers = [layer for layer in args.layers.split(",") if layer]
    for variant in layers:
        try:
            parse_variant(variant)
        except ValueError as error:
            parser.error(str(error))

    deadline = time.monotonic() + args.timeout
    signal.signal(signal.SIGALRM, _time_limit)
    signal.alarm(int(args.timeout) + 30)
    workdir = Path(tempfile.mkdtemp(prefix="catalyse-fanout-"))
    processes: list[subprocess.Popen] = []
    import redis as redis_lib

    redis_url = f"{args.redis.rstrip('/')}/{args.redis_db}"
    redis = redis_lib.Redis.from_url(redis_url)
    if redis.dbsize():
        raise SystemExit(f"{redis_url} is not empty: choose another --redis-db")
    admin_url = bench_db = None
    if args.sqlite:
        database_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        import psycopg

        admin_url, bench_db = args.postgres, "catalyse_bench"
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {bench_db} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {bench_db}")
        parts = urlsplit(admin_url)
        database_url = urlunsplit(parts._replace(path=f"/{bench_db}"))
    for name in ("MEILISEARCH_URL", "EMAIL_URL", "TASKS_QUEUE", "DEBUG"):
        os.environ.pop(name, None)
    os.environ.update({
        "DATABASE_URL": database_url, "REDIS_URL": redis_url,
        "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
        "CATALYSE_VAR_DIR": str(workdir), "DJANGO_SETTINGS_MODULE": "config.settings",
    })
    fanout: dict[str, dict] = {}
    cycles: dict[str, dict] = {}
    problems: dict[str, list[str]] = {}
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        needed = max([*members, args.cycle_size])
        user_ids, cookies = create_members(needed)
        connections.close_all()
        print(f"database ({'SQLite' if args.sqlite else 'PostgreSQL'}) migrated, {needed} members "
              f"and sessions in {time.perf_counter() - started:.1f} s", flush=True)

        if not args.no_bare:
            process, port = start_bare(args.timeout, workdir, processes)
            fanout["bare"] = {}
            for count in members:
                result = run_async(fanout_run(f"ws://127.0.0.1:{port}/ws/", f"http://127.0.0.1:{port}",
                                              [None] * count, 1, args), deadline)
                fanout["bare"][count] = result
                print(f"bare N={count}: steady p99 {result['steady']['p99']:.1f} ms, "
                      f"{result['steady']['fps']:.0f} frames/s; burst "
                      f"{result['burst']['fps']:.0f} frames/s", flush=True)
            stop(process)

        for variant in layers:
            layer = parse_variant(variant)[0]
            name = variant.replace("+", "_")
            fanout[variant] = {}
            for count in members:  # a fresh server per run: no backlog carried over
                process, port = start_daphne(variant, f"daphne-{name}-n{count}.log", workdir,
                                             processes, args.conn_max_age)
                uri, origin = f"ws://127.0.0.1:{port}/ws/", f"http://127.0.0.1:{port}"
                room = create_room(user_ids[:count], f"Bench {variant} {count}")
                connections.close_all()
                result = run_async(fanout_run(uri, origin, cookies[:count], room, args), deadline)
                fanout[variant][count] = result
                stop(process)  # whatever backlog is left dies with the process
                drop_room(room)
                connections.close_all()
                redis.flushdb()
                print(f"{variant} N={count}: steady p99 {result['steady']['p99']:.1f} ms, "
                      f"{result['steady']['fps']:.0f} frames/s, lost {result['steady']['lost']}, "
                      f"unstored {result['steady']['unstored']}; burst "
                      f"{result['burst']['fps']:.0f} frames/s, lost {result['burst']['lost']}, "
                      f"unstored {result['burst']['unstored']}", flush=True)
            if args.cycles:
                process, port = start_daphne(variant, f"daphne-{name}-cycles.log", workdir,
                                             processes, args.conn_max_age)
                uri, origin = f"ws://127.0.0.1:{port}/ws/", f"http://127.0.0.1:{port}"
                size = args.cycle_size
                room = create_room(user_ids[:size], f"Bench cycles {variant}")
                connections.close_all()
                result = run_async(cycles_run(uri, origin, cookies[:size], args, process.pid),
                                   deadline)
                result["size"] = size
                result["leftovers"] = redis_leftovers(redis, layer, room, user_ids[:size])
                result["redis_clients"] = redis_clients(redis)
                cycles[variant] = result
                stop(process)
                drop_room(room)
                connections.close_all()
                print(f"{variant} cycles: {sum(result['failures'].values())} failed handshakes, "
                      f"RSS {result['rss_before'] / 1024:.0f} -> "
                      f"{result['rss_after'] / 1024:.0f} MB, leftovers {result['leftovers']}",
                      flush=True)
            problems[variant] = [line for log in sorted(workdir.glob(f"daphne-{name}-*.log"))
                                 for line in log_problems(log)]
            redis.flushdb()

        print_tables(fanout, cycles, members)
        for layer, lines in problems.items():
            if lines:
                print(f"daphne ({layer}) log: {len(lines)} problem lines, first: {lines[:3]}")
        print(summary(fanout, cycles, layers, members))
    finally:
        signal.alarm(0)
        for process in processes:
            stop(process)
        with contextlib.suppress(Exception):
            redis.flushdb()
        if bench_db:
            with contextlib.suppress(Exception):
                from django.db import connections

                connections.close_all()
            import psycopg

            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {bench_db} WITH (FORCE)")
        if args.keep:
            print(f"logs kept in {workdir}")
        else:
            import shutil

            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
