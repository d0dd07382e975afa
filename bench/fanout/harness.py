"""The client fleet of the fan-out benchmark and its steady and burst phases.

N clients in one process (asyncio and websockets' Sans-I/O protocol, bench/ws_client.py), each
recording the ``seq`` of every ``message`` frame; the message body carries its send time.
"""

import asyncio
import json
import re
import statistics
import time
from collections import Counter, defaultdict

from bench.fanout.common import percentile
from bench.ws_client import ClosedBeforeHello, open_socket

BODY = re.compile(r"bench (\w) \S+ t=(\d+\.\d+)")


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


async def open_many(uri: str | list[tuple[str, str]], origin: str | None, cookies: list,
                    concurrency: int, tally: Tally, failures: Counter) -> list[Client]:
    """Connect one client per cookie; ``uri`` may be a list of (uri, origin) servers, which the
    clients are spread over in turn, as a proxy would spread them over several processes."""
    servers = uri if isinstance(uri, list) else [(uri, origin)]
    window = asyncio.Semaphore(concurrency)

    async def one(index, cookie):
        server_uri, server_origin = servers[index % len(servers)]
        async with window:
            return await open_client(server_uri, server_origin, cookie, tally, failures,
                                     timeout=30)

    opened = await asyncio.gather(*(one(index, cookie) for index, cookie in enumerate(cookies)))
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


async def fanout_run(uri: str | list[tuple[str, str]], origin: str | None, cookies: list,
                     room: int, args) -> dict:
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
