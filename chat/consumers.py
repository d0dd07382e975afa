"""The one WebSocket of a browser tab, at /ws/ (DESIGN.md §5, frames in docs/realtime.md)."""

import contextlib
import json
import logging

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from chat import permissions, selectors, services
from chat.models import Room, RoomMembership
from chat.realtime import user_group
from chat.serializers import message_frame

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 16_384
MAX_SOCKETS_PER_MEMBER = 10
RATE_LIMIT_MESSAGES = 20
RATE_LIMIT_SECONDS = 10
TYPING_EVERY_SECONDS = 3
CLOSE_UNAUTHORISED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_TOO_MANY_SOCKETS = 4429


class FrameError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class RealtimeConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        self.user = self.scope.get("user")
        self.subscribed: set[int] = set()
        self.watched: set[int] = set()
        self.counted = False
        if not getattr(self.user, "is_member", False):
            await self.close(code=CLOSE_UNAUTHORISED)
            return
        if not await self._count_socket():
            await self.close(code=CLOSE_TOO_MANY_SOCKETS)
            return
        await self.channel_layer.group_add(user_group(self.user.pk), self.channel_name)
        for room_id in await self._member_room_ids():
            await self._watch(room_id)
        await self.accept()
        await self.send_json({"type": "hello", "user": self.user.pk})

    async def disconnect(self, code: int) -> None:
        if getattr(self, "user", None) is None or not getattr(self.user, "pk", None):
            return
        await self.channel_layer.group_discard(user_group(self.user.pk), self.channel_name)
        for room_id in self.watched:
            await self.channel_layer.group_discard(f"chat.room.{room_id}", self.channel_name)
        if self.counted:
            await database_sync_to_async(_decrement)(self._sockets_key)

    # --- Frames from the browser ----------------------------------------------------------
    async def receive(self, text_data=None, bytes_data=None, **kwargs) -> None:
        if text_data is None or len(text_data.encode()) > MAX_FRAME_BYTES:
            await self._error("too_large", _("This frame is too large."))
            return
        try:
            frame = json.loads(text_data)
        except ValueError:
            await self._error("invalid_json", _("This frame is not valid JSON."))
            return
        await self.receive_json(frame)

    async def receive_json(self, content, **kwargs) -> None:
        ref = content.get("client_id") if isinstance(content, dict) else None
        try:
            if not isinstance(content, dict) or not isinstance(content.get("type"), str):
                raise FrameError("invalid_frame", _("A frame is a JSON object with a type."))
            handler = getattr(self, f"frame_{content['type']}", None)
            if handler is None:
                raise FrameError("unknown_type", _("Unknown frame type."))
            if not await self._still_member():
                await self.close(code=CLOSE_FORBIDDEN)
                return
            await handler(content)
        except FrameError as error:
            await self._error(error.code, error.message, ref)

    async def frame_ping(self, content: dict) -> None:
        await self.send_json({"type": "pong"})

    async def frame_subscribe(self, content: dict) -> None:
        room = await self._room(content, write=False)
        after = content.get("after")
        await self._watch(room.pk)
        self.subscribed.add(room.pk)
        if isinstance(after, int) and after >= 0:
            if room.last_seq - after > selectors.REPLAY_LIMIT:
                await self.send_json({"type": "reload", "room": room.pk})
                return
            for frame in await self._replay(room, after):
                await self.send_json(frame)
        await self.send_json({"type": "subscribed", "room": room.pk, "last_seq": room.last_seq})

    async def frame_unsubscribe(self, content: dict) -> None:
        self.subscribed.discard(_room_id(content))

    async def frame_send(self, content: dict) -> None:
        room = await self._room(content, write=True)
        body, client_id = content.get("body"), content.get("client_id") or ""
        reply_to = content.get("reply_to")
        if not isinstance(body, str) or not isinstance(client_id, str):
            raise FrameError("invalid_frame", _("A message needs a text body."))
        if reply_to is not None and not isinstance(reply_to, int):
            raise FrameError("invalid_frame", _("The message you reply to is not valid."))
        if not await database_sync_to_async(_within_rate)(self.user.pk):
            raise FrameError("rate_limited", _("You are sending messages too fast: wait a moment."))
        message = await self._send_message(room, body, client_id, reply_to)
        await self.send_json({"type": "ack", "room": room.pk, "client_id": client_id,
                              "id": message.pk, "seq": message.seq})

    async def frame_read(self, content: dict) -> None:
        room = await self._room(content, write=False)
        seq = content.get("seq")
        if not isinstance(seq, int):
            raise FrameError("invalid_frame", _("A read marker needs a sequence number."))
        await database_sync_to_async(services.room_mark_read)(actor=self.user, room=room, seq=seq)

    async def frame_typing(self, content: dict) -> None:
        room = await self._room(content, write=True)
        throttle_key = f"chat:typing:{self.user.pk}:{room.pk}"
        if await database_sync_to_async(cache.add)(throttle_key, 1, TYPING_EVERY_SECONDS):
            await self.channel_layer.group_send(room.group_name, {
                "type": "chat.typing", "room": room.pk,
                "user": {"id": self.user.pk, "name": self.user.display_name},
            })

    # --- Events from the channel layer ----------------------------------------------------
    async def chat_message(self, event: dict) -> None:
        frame = event["frame"]
        if frame["room"] in self.subscribed:
            await self.send_json(frame)
        elif frame["room"] in self.watched:
            await self.send_json({"type": "activity", "room": frame["room"], "seq": frame["seq"]})

    async def chat_typing(self, event: dict) -> None:
        if event["room"] in self.subscribed and event["user"]["id"] != self.user.pk:
            await self.send_json({"type": "typing", "room": event["room"], "user": event["user"]})

    async def session_end(self, event: dict) -> None:
        await self.close(code=CLOSE_FORBIDDEN)

    # --- Helpers ------------------------------------------------------------------------
    async def _error(self, code: str, message: str, ref=None) -> None:
        await self.send_json({"type": "error", "code": code, "message": message, "ref": ref})

    async def _watch(self, room_id: int) -> None:
        if room_id not in self.watched:
            self.watched.add(room_id)
            await self.channel_layer.group_add(f"chat.room.{room_id}", self.channel_name)

    @property
    def _sockets_key(self) -> str:
        return f"chat:sockets:{self.user.pk}"

    @database_sync_to_async
    def _count_socket(self) -> bool:
        cache.add(self._sockets_key, 0, timeout=24 * 3600)
        try:
            count = cache.incr(self._sockets_key)
        except ValueError:  # expired between add and incr
            cache.set(self._sockets_key, 1, timeout=24 * 3600)
            count = 1
        if count > MAX_SOCKETS_PER_MEMBER:
            _decrement(self._sockets_key)
            return False
        self.counted = True
        return True

    @database_sync_to_async
    def _member_room_ids(self) -> list[int]:
        return list(RoomMembership.objects.filter(user=self.user).values_list("room_id", flat=True))

    @database_sync_to_async
    def _still_member(self) -> bool:
        """Suspension or removal takes effect on the very next frame."""
        self.user.refresh_from_db(fields=["status", "is_active", "role"])
        return self.user.is_member

    @database_sync_to_async
    def _room(self, content: dict, *, write: bool) -> Room:
        room = Room.objects.filter(pk=_room_id(content)).first()
        allowed = room is not None and (
            permissions.can_post_in_room(self.user, room) if write
            else permissions.can_view_room(self.user, room)
        )
        if not allowed:
            raise FrameError("forbidden_room", _("You cannot do this in this room."))
        return room

    @database_sync_to_async
    def _replay(self, room: Room, after: int) -> list[dict]:
        return [message_frame(m) for m in selectors.messages_after(room, after)]

    @database_sync_to_async
    def _send_message(self, room: Room, body: str, client_id: str, reply_to):
        try:
            return services.message_send(actor=self.user, room=room, body=body,
                                         client_id=client_id, reply_to_id=reply_to)
        except ValidationError as error:
            raise FrameError("invalid_message", " ".join(error.messages)) from error
        except PermissionDenied as error:
            raise FrameError("forbidden_room", _("You cannot do this in this room.")) from error


def _room_id(content: dict) -> int:
    room_id = content.get("room")
    if not isinstance(room_id, int) or isinstance(room_id, bool):
        raise FrameError("invalid_frame", _("This frame needs a room number."))
    return room_id


def _within_rate(user_id: int) -> bool:
    key = f"chat:rate:{user_id}"
    cache.add(key, 0, timeout=RATE_LIMIT_SECONDS)
    try:
        return cache.incr(key) <= RATE_LIMIT_MESSAGES
    except ValueError:
        cache.set(key, 1, timeout=RATE_LIMIT_SECONDS)
        return True


def _decrement(key: str) -> None:
    with contextlib.suppress(ValueError):  # the counter expired: nothing to take back
        cache.decr(key)
