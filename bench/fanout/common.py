"""Channel layer variants and small helpers shared by the fan-out benchmark's modules."""

import asyncio
import socket
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
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
# The experiment: Channels' own AsyncConsumer.dispatch put back on RealtimeConsumer, i.e. the
# per-event thread hop that chat/consumers.py skips for channel-layer events (hop_asgi.py).
HOP = "hop"


def parse_variant(variant: str) -> tuple[str, dict, bool]:
    """``core``, ``pubsub``, ``core+timeout+pool``, ``pubsub+hop``...: the layer, its
    redis-py options, and whether the dispatch experiment (bench/fanout/hop_asgi.py) is on."""
    layer, *suffixes = variant.split("+")
    if layer not in LAYER_BACKENDS or not set(suffixes) <= {*OPTIONS, HOP}:
        raise ValueError(f"unknown variant {variant!r}")
    options = {key: value for suffix in suffixes if suffix in OPTIONS
               for key, value in OPTIONS[suffix].items()}
    return layer, options, HOP in suffixes


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


def run_async(coroutine, deadline: float):
    async def bounded():
        async with asyncio.timeout(max(1.0, deadline - time.monotonic())):
            return await coroutine

    return asyncio.run(bounded())
