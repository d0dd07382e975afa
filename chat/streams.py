"""Where each room stands, as this server process knows it: the last ``seq`` that a ``pong``
tells the tabs, so that they notice what the channel layer lost, even the last message of a
burst that no later message would reveal (docs/realtime.md, "Gaps").

The database is the truth; this is a per-process memory of it. A live message that reaches
the process moves a room's ``seq`` forward at once; the database is read again for a room at
most every ``REFRESH_SECONDS``, in one query for all the rooms a ping asks about, whatever the
number of sockets: with a ping every second per visible tab, the cost stays one small query
per process and room every two seconds.
"""

import time

from channels.db import database_sync_to_async

from chat import selectors
from chat.models import Room
from chat.serializers import message_frame

REFRESH_SECONDS = 2.0


class RoomSeqs:
    def __init__(self) -> None:
        self._known: dict[int, int] = {}
        self._read_at: dict[int, float] = {}

    def saw(self, room_id: int, seq: int) -> None:
        """A live message of the room reached this process."""
        if seq > self._known.get(room_id, 0):
            self._known[room_id] = seq

    async def last_seqs(self, room_ids) -> dict[int, int]:
        """Each room's last ``seq``: from memory, read again when older than REFRESH_SECONDS."""
        now = time.monotonic()
        stale = [room_id for room_id in room_ids
                 if now - self._read_at.get(room_id, float("-inf")) >= REFRESH_SECONDS]
        if stale:
            # Marked before the query: the pings that come meanwhile use what is known.
            for room_id in stale:
                self._read_at[room_id] = now
            for room_id, seq in await database_sync_to_async(_read)(stale):
                self._known[room_id] = seq  # the truth, even below a live one seen meanwhile
        return {room_id: self._known[room_id] for room_id in room_ids if room_id in self._known}

    def forget(self) -> None:
        self._known.clear()
        self._read_at.clear()


def _read(room_ids: list[int]) -> list[tuple[int, int]]:
    return list(Room.objects.filter(pk__in=room_ids).values_list("pk", "last_seq"))


room_seqs = RoomSeqs()


def replay(room_id: int, after: int | None) -> tuple[int, list[dict] | None]:
    """The room's last seq and the ``message`` frames after ``after`` (none without it);
    ``None`` instead of frames past the replay limit: the tab reloads."""
    room = Room.objects.get(pk=room_id)
    if after is None:
        return room.last_seq, []
    messages = selectors.messages_after(room, after, limit=selectors.REPLAY_LIMIT + 1)
    if len(messages) > selectors.REPLAY_LIMIT:
        return room.last_seq, None
    # What the client has now; live copies up to here are dropped (seqs commit in order).
    last_seq = messages[-1].seq if messages else room.last_seq
    return last_seq, [message_frame(m) for m in messages]
