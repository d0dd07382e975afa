"""The baseline of bench/chat_fanout.py: a bare `websockets` broadcast server, no Django.

    .venv/bin/python bench/bare_broadcast.py --port 0 [--max-seconds 600]

Speaks the same frames as /ws/ (docs/realtime.md) as far as the benchmark uses them: `hello`
on connect, `subscribe` -> `subscribed`, `send` -> `ack` plus a `message` frame with the next
`seq`, broadcast to every subscribed socket. No database, no channel layer, no authentication:
what a single Python process can push, for comparison. Listens on 127.0.0.1 only, prints
``READY <port>`` once listening and stops by itself after --max-seconds.
"""

import argparse
import asyncio
import html
import json
from datetime import UTC, datetime

from websockets.asyncio.server import broadcast, serve


class Room:
    def __init__(self) -> None:
        self.subscribers: set = set()
        self.seq = 0

    async def handler(self, websocket) -> None:
        await websocket.send(json.dumps({"type": "hello", "user": 0}))
        try:
            async for raw in websocket:
                frame = json.loads(raw)
                kind = frame.get("type")
                if kind == "subscribe":
                    self.subscribers.add(websocket)
                    await websocket.send(json.dumps(
                        {"type": "subscribed", "room": frame["room"], "last_seq": self.seq}
                    ))
                elif kind == "send":
                    self.seq += 1
                    message = {
                        "type": "message", "room": frame["room"], "id": self.seq,
                        "seq": self.seq, "author": {"id": 0, "name": "Bare Server"},
                        "html": f"<p>{html.escape(frame['body'])}</p>",
                        "created_at": datetime.now(UTC).isoformat(),
                        "edited": False, "deleted": False, "reply_to": None,
                    }
                    # Same order as the consumer: published (on commit) before the ack.
                    broadcast(self.subscribers, json.dumps(message))
                    await websocket.send(json.dumps({
                        "type": "ack", "room": frame["room"], "client_id": frame["client_id"],
                        "id": self.seq, "seq": self.seq,
                    }))
                elif kind == "ping":
                    await websocket.send(json.dumps({"type": "pong"}))
        finally:
            self.subscribers.discard(websocket)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--max-seconds", type=float, default=600)
    args = parser.parse_args()
    room = Room()
    async with serve(room.handler, "127.0.0.1", args.port, compression=None,
                     max_queue=64, backlog=1024) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        print(f"READY {port}", flush=True)
        await asyncio.sleep(args.max_seconds)


if __name__ == "__main__":
    asyncio.run(main())
