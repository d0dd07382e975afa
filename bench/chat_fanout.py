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
Redis afterwards (group members, socket slots). Prints tables and a SUMMARY line with the
goals at the largest N; figures and commands go to docs/benchmarks.md.

Variants (--layers): ``core`` (channels_redis.core.RedisChannelLayer) or ``pubsub``
(channels_redis.pubsub.RedisPubSubChannelLayer), each optionally with ``+timeout`` (redis-py
``socket_timeout=None``), ``+pool`` (``max_connections=2000``) and ``+hop`` (experiment:
Channels' own dispatch, with its per-event thread hop, put back on RealtimeConsumer:
bench/fanout/hop_asgi.py).

The code is in the package bench/fanout/ (its __init__ lists the modules); this file is the
entry point.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.fanout.cli import main

if __name__ == "__main__":
    main(__doc__.splitlines()[0])
