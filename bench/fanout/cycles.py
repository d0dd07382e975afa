"""The connect/disconnect cycles of the fan-out benchmark, and what they leave in Redis."""

import asyncio
import time
from collections import Counter

from bench.fanout.common import rss_kib
from bench.fanout.harness import Tally, close_many, open_many


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


def redis_clients(redis) -> dict:
    """Connections open to the benchmark's Redis database (apart from this script's own), by
    the last command they ran."""
    database = str(redis.connection_pool.connection_kwargs.get("db", 0))
    me = str(redis.client_id())
    return dict(Counter(client.get("cmd") for client in redis.client_list()
                        if client.get("db") == database and client.get("id") != me))


def redis_leftovers(redis, layer: str, room: int, user_ids: list[int]) -> dict:
    """Group members and socket slots left in Redis once every client is gone. A slot is the
    cache key ``chat:socket:<user>:<slot>`` (chat/sockets.py) under the cache's key prefix
    and version (``catalyse:1:``); a socket that closed without releasing its slot leaves it
    until it expires (75 s after its last ping), so the count is read right away."""
    slots = len(set(redis.scan_iter("catalyse:1:chat:socket:*", count=1000)))
    if layer == "core":
        keys = list(redis.scan_iter("catalyse:group:*", count=1000))
        members = sum(redis.zcard(key) for key in keys)
        return {"group_members": members, "group_keys": len(keys), "socket_slots": slots}
    names = [f"catalyse__group__chat.room.{room}"]
    names += [f"catalyse__group__user.{user_id}" for user_id in user_ids]
    subscribed = sum(count for _name, count in redis.pubsub_numsub(*names))
    channels = len(redis.pubsub_channels("catalysespecific.*"))
    return {"group_members": subscribed, "consumer_channels": channels,
            "socket_slots": slots}
