"""The one WebSocket of a browser tab, at /ws/ (DESIGN.md §5, frames in docs/realtime.md)."""

import json
import logging
import time

from asgiref.sync import sync_to_async
from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from chat import selectors, services, sockets, streams, topics
from chat.consumer_access import FrameAccess, FrameError, frame_room_id, is_int
from chat.realtime import user_group

try:  # Daphne's WebSocket implementation (the server every deployment runs: config/serve.py)
    from autobahn.exception import Disconnected as SocketGone
except ImportError:  # another ASGI server: nothing of this kind to recognise
    SocketGone = ()

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 16_384
MAX_FOLLOWED_PER_SOCKET = 20
CLOSE_UNAUTHORISED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_TOO_MANY_SOCKETS = 4429
SESSION_CHECK_SECONDS = 20  # a logout whose close was lost closes the socket within this
# A visible tab pings every second: its membership is read again at most this often on pings
# (every other frame reads it again), which keeps pings free of queries most of the time.
PING_MEMBER_CHECK_SECONDS = 5
# Frames with their own rate budget: the writes (sockets.within_send_rate), and the heavy reads.
WRITE_FRAMES = {"send", "edit"}
HEAVY_FRAMES = {"presence", "replay"}
SLOT_RENEW_SECONDS = sockets.SLOT_SECONDS / 5  # pings come every second: renew a few times


class RealtimeConsumer(FrameAccess, AsyncJsonWebsocketConsumer):
    async def dispatch(self, message: dict) -> None:
        """Channels closes stale database connections before every event, through the one
        thread that also runs every database call: for a message fanned out to N sockets that
        is N thread hops, most of the fan-out's cost (docs/benchmarks.md). Events from the
        channel layer never touch the database here, and every database call goes through
        ``database_sync_to_async``, which closes stale connections itself."""
        if message["type"].startswith("websocket."):
            await super().dispatch(message)
            return
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        self.user = self.scope.get("user")
        self.subscribed: set[int] = set()
        self.watched: set[int] = set()
        self.followed: set[str] = set()  # groups of topics (chat/topics.py)
        # Per subscribed room, the last seq sent by the replay: live copies of those are dropped.
        self.replayed_to: dict[int, int] = {}
        self.slot: int | None = None
        self.session_checked_at = self.member_checked_at = time.monotonic()
        self.slot_renewed_at = time.monotonic()
        self.light_window_started, self.light_frames = time.monotonic(), 0
        self.language = _language(self.scope)
        # A refusal is a close code the browser can read (docs/realtime.md): accepted first,
        # since a socket closed before it is accepted is an HTTP 403 the browser cannot tell
        # from a network failure, and would retry for ever.
        if not getattr(self.user, "is_authenticated", False):
            await self._refuse(CLOSE_UNAUTHORISED)
            return
        if not getattr(self.user, "is_member", False):
            await self._refuse(CLOSE_FORBIDDEN)
            return
        self.slot = await _shared(sockets.take_slot)(self.user.pk, self.channel_name)
        if self.slot is None:
            await self._refuse(CLOSE_TOO_MANY_SOCKETS)
            return
        await self.channel_layer.group_add(user_group(self.user.pk), self.channel_name)
        for room_id in await database_sync_to_async(selectors.member_room_ids)(self.user):
            await self._watch(room_id)
        await self.accept()
        await self.send_json({"type": "hello", "user": self.user.pk})

    async def disconnect(self, code: int) -> None:
        if getattr(self, "user", None) is None or not getattr(self.user, "pk", None):
            return
        await self.channel_layer.group_discard(user_group(self.user.pk), self.channel_name)
        for room_id in self.watched:
            await self.channel_layer.group_discard(f"chat.room.{room_id}", self.channel_name)
        for group in self.followed:
            await self.channel_layer.group_discard(group, self.channel_name)
        slot, self.slot = self.slot, None
        await _shared(sockets.release_slot)(self.user.pk, slot, self.channel_name)

    # --- Frames from the browser ----------------------------------------------------------
    async def receive(self, text_data=None, bytes_data=None, **kwargs) -> None:
        with translation.override(self.language):
            if text_data is None:
                await self._error("invalid_frame", _("A frame is a JSON object with a type."))
                return
            if len(text_data.encode()) > MAX_FRAME_BYTES:
                await self._error("too_large", _("This frame is too large."))
                return
            try:
                frame = json.loads(text_data)
            except (ValueError, RecursionError):  # RecursionError: nested thousands deep
                await self._error("invalid_json", _("This frame is not valid JSON."))
                return
            await self.receive_json(frame)

    async def receive_json(self, content, **kwargs) -> None:
        ref = content.get("client_id") if isinstance(content, dict) else None
        if not isinstance(ref, str):
            ref = None
        try:
            if not isinstance(content, dict) or not isinstance(content.get("type"), str):
                raise FrameError("invalid_frame", _("A frame is a JSON object with a type."))
            handler = getattr(self, f"frame_{content['type']}", None)
            if handler is None:
                raise FrameError("unknown_type", _("Unknown frame type."))
            if not await self._member_checked(ping=content["type"] == "ping"):
                await self.close(code=CLOSE_FORBIDDEN)
                return
            if not await self._within_frame_rate(content["type"]):
                raise FrameError("rate_limited", _("Too many frames: wait a moment."))
            await handler(content)
        except FrameError as error:
            await self._error(error.code, error.message, ref)
        except Exception:
            # A frame that trips a bug must not kill the socket: the browser would reconnect
            # and send it again.
            logger.exception("Realtime frame failed: %r", content.get("type")
                             if isinstance(content, dict) else content)
            await self._error("server_error", _("Something went wrong: please try again."), ref)

    async def frame_ping(self, content: dict) -> None:
        """``pong``, with where each subscribed room stands (``rooms``, from chat/streams.py):
        the tab asks for a ``replay`` of what the channel layer lost on the way."""
        if not await self._session_alive():
            await self.close(code=CLOSE_UNAUTHORISED)
            return
        if self.slot is None or time.monotonic() - self.slot_renewed_at >= SLOT_RENEW_SECONDS:
            try:
                self.slot = await _shared(sockets.renew_slot)(self.user.pk, self.slot,
                                                              self.channel_name)
                self.slot_renewed_at = time.monotonic()
            except Exception as error:  # the cache is down: keep the pongs coming
                logger.warning("Socket slot not renewed (%s)", type(error).__name__)
        pong: dict = {"type": "pong"}
        if self.subscribed:
            seqs = await streams.room_seqs.last_seqs(sorted(self.subscribed))
            pong["rooms"] = {str(room): seq for room, seq in seqs.items()}
        await self.send_json(pong)

    async def frame_presence(self, content: dict) -> None:
        users = content.get("users")
        if (not isinstance(users, list) or len(users) > sockets.MAX_PRESENCE_USERS
                or not all(is_int(user) for user in users)):
            raise FrameError("invalid_frame", _("A presence frame lists up to %(max)d member "
                                                "numbers.") % {"max": sockets.MAX_PRESENCE_USERS})
        online = await _shared(sockets.online_user_ids)(users)
        await self.send_json({"type": "presence", "online": sorted(online)})

    async def frame_subscribe(self, content: dict) -> None:
        room = await self._room(content, write=False)
        after = content.get("after")
        if after is not None and (not is_int(after) or after < 0):
            raise FrameError("invalid_frame", _("“after” is the last sequence number you saw."))
        # Join the live stream before reading the database: whatever commits from now on
        # comes live, whatever committed before is in the replay. No gap.
        await self._watch(room.pk)
        self.subscribed.add(room.pk)
        self.replayed_to.pop(room.pk, None)
        last_seq, frames = await database_sync_to_async(streams.replay)(room.pk, after)
        if frames is None:
            await self._reload(room.pk, last_seq)
            return
        for frame in frames:
            await self.send_json(frame)
        if after is not None:
            self.replayed_to[room.pk] = last_seq
        await self.send_json({"type": "subscribed", "room": room.pk, "last_seq": last_seq})

    async def frame_replay(self, content: dict) -> None:
        """Send again what a subscribed room's tab missed (a gap in ``seq``): authorised as
        ``subscribe``, at most REPLAY_LIMIT messages, then ``replayed``; or ``reload``."""
        room = await self._room(content, write=False)
        after = content.get("after")
        if not is_int(after) or after < 0:
            raise FrameError("invalid_frame", _("“after” is the last sequence number you saw."))
        if room.pk not in self.subscribed:
            raise FrameError("not_subscribed", _("Subscribe to this room first."))
        last_seq, frames = await database_sync_to_async(streams.replay)(room.pk, after)
        if frames is None:
            await self._reload(room.pk, last_seq)
            return
        for frame in frames:
            await self.send_json(frame)
        self.replayed_to[room.pk] = max(self.replayed_to.get(room.pk, 0), last_seq)
        await self.send_json({"type": "replayed", "room": room.pk, "last_seq": last_seq})

    async def frame_unsubscribe(self, content: dict) -> None:
        room_id = frame_room_id(content)
        self.subscribed.discard(room_id)
        self.replayed_to.pop(room_id, None)
        if room_id in self.watched and not await self._is_room_member(room_id):
            await self._unwatch(room_id)

    async def frame_follow(self, content: dict) -> None:
        topic, item_id = topics.get(content.get("topic")), content.get("id")
        if topic is None or not is_int(item_id):
            raise FrameError("invalid_frame", _("Follow a known topic and item number."))
        group = topic.group(item_id)
        if group not in self.followed:
            if len(self.followed) >= MAX_FOLLOWED_PER_SOCKET:
                raise FrameError("too_many", _("This tab follows too many things already."))
            if not await database_sync_to_async(topic.can_follow)(self.user, item_id):
                raise FrameError("forbidden_topic", _("You cannot follow this."))
            self.followed.add(group)
            await self.channel_layer.group_add(group, self.channel_name)
        await self.send_json({"type": "following", "topic": content["topic"], "id": item_id})

    async def frame_unfollow(self, content: dict) -> None:
        topic, item_id = topics.get(content.get("topic")), content.get("id")
        if topic is None or not is_int(item_id):
            raise FrameError("invalid_frame", _("Follow a known topic and item number."))
        group = topic.group(item_id)
        if group in self.followed:
            self.followed.discard(group)
            await self.channel_layer.group_discard(group, self.channel_name)

    async def frame_send(self, content: dict) -> None:
        room = await self._room(content, write=True)
        body, client_id = content.get("body"), content.get("client_id") or ""
        reply_to = content.get("reply_to")
        if not isinstance(body, str) or not isinstance(client_id, str):
            raise FrameError("invalid_frame", _("A message needs a text body."))
        if reply_to is not None and not is_int(reply_to):
            raise FrameError("invalid_frame", _("The message you reply to is not valid."))
        await self._check_rate()
        message = await self._write(services.message_send, room=room, body=body,
                                    client_id=client_id, reply_to_id=reply_to)
        await self.send_json({"type": "ack", "room": room.pk, "client_id": client_id,
                              "id": message.pk, "seq": message.seq})

    async def frame_edit(self, content: dict) -> None:
        room = await self._room(content, write=True)
        message = await self._message(room, content)
        body = content.get("body")
        if not isinstance(body, str):
            raise FrameError("invalid_frame", _("A message needs a text body."))
        await self._check_rate()
        message = await self._write(services.message_edit, message=message, body=body)
        await self._ack_change(content, message)

    async def frame_delete(self, content: dict) -> None:
        room = await self._room(content, write=False)
        message = await self._message(room, content)
        message = await self._write(services.message_delete, message=message)
        await self._ack_change(content, message)

    async def frame_read(self, content: dict) -> None:
        room = await self._room(content, write=False)
        seq = content.get("seq")
        if not is_int(seq):
            raise FrameError("invalid_frame", _("A read marker needs a sequence number."))
        await database_sync_to_async(services.room_mark_read)(actor=self.user, room=room, seq=seq)

    async def frame_typing(self, content: dict) -> None:
        room = await self._room(content, write=True)
        if await _shared(sockets.typing_allowed)(self.user.pk, room.pk):
            await self.channel_layer.group_send(room.group_name, {
                "type": "chat.typing", "room": room.pk,
                "user": {"id": self.user.pk, "name": self.user.display_name},
            })

    # --- Events from the channel layer ----------------------------------------------------
    async def chat_message(self, event: dict) -> None:
        frame = event["frame"]
        room_id = frame["room"]
        streams.room_seqs.saw(room_id, frame["seq"])
        if room_id in self.subscribed:
            if not event.get("update") and frame["seq"] <= self.replayed_to.get(room_id, 0):
                return  # already sent by the replay
            await self.send(text_data=event.get("text") or json.dumps(frame))
        elif room_id in self.watched and not event.get("update") and not _own(frame, self.user):
            # One's own message is already read: no activity, not even in the other tabs.
            await self.send_json({"type": "activity", "room": room_id, "seq": frame["seq"]})

    async def chat_typing(self, event: dict) -> None:
        if event["room"] in self.subscribed and event["user"]["id"] != self.user.pk:
            await self.send_json({"type": "typing", "room": event["room"], "user": event["user"]})

    async def chat_read(self, event: dict) -> None:
        """A read marker of this member was stored (this tab or another): counts change."""
        await self.send_json({"type": "read", "room": event["room"], "seq": event["seq"]})

    async def chat_joined(self, event: dict) -> None:
        """A room this user now belongs to (created, joined, a new conversation)."""
        await self._watch(event["room"])

    async def chat_left(self, event: dict) -> None:
        """This user left or was removed: a private room's stream stops at once."""
        room_id = event["room"]
        if event.get("public"):
            if room_id not in self.subscribed:
                await self._unwatch(room_id)
            return
        was_subscribed = room_id in self.subscribed
        self.subscribed.discard(room_id)
        self.replayed_to.pop(room_id, None)
        await self._unwatch(room_id)
        if was_subscribed:
            await self.send_json({"type": "left", "room": room_id})

    async def realtime_frame(self, event: dict) -> None:
        """A frame another app built for this user's tabs (chat.realtime.send_to_user_on_commit)."""
        await self.send_json(event["frame"])

    async def session_end(self, event: dict) -> None:
        await self.close(code=CLOSE_FORBIDDEN)

    # --- Helpers ------------------------------------------------------------------------
    async def _refuse(self, code: int) -> None:
        await self.accept()
        await self.close(code=code)

    async def _reload(self, room_id: int, last_seq: int) -> None:
        """Too much was missed for a replay: the tab reloads, and is not subscribed any more."""
        self.subscribed.discard(room_id)
        self.replayed_to.pop(room_id, None)
        if not await self._is_room_member(room_id):
            await self._unwatch(room_id)
        await self.send_json({"type": "reload", "room": room_id, "last_seq": last_seq})

    async def _within_frame_rate(self, frame_type: str) -> bool:
        """The budgets of chat/sockets.py: writes have theirs (``_check_rate``), heavy reads
        one per member in the cache, every other frame one per socket in memory."""
        if frame_type in WRITE_FRAMES:
            return True
        if frame_type in HEAVY_FRAMES:
            return await _shared(sockets.within_heavy_rate)(self.user.pk)
        now = time.monotonic()
        if now - self.light_window_started >= sockets.RATE_LIMIT_SECONDS:
            self.light_window_started, self.light_frames = now, 0
        self.light_frames += 1
        return self.light_frames <= sockets.RATE_LIMIT_LIGHT_FRAMES_PER_SOCKET

    async def _member_checked(self, *, ping: bool) -> bool:
        """Still a member: read again before every frame, and on pings every few seconds."""
        now = time.monotonic()
        if ping and now - self.member_checked_at < PING_MEMBER_CHECK_SECONDS:
            return True
        self.member_checked_at = now
        return await self._still_member()

    async def _session_alive(self) -> bool:
        """Still logged in (the session exists), asked at most every SESSION_CHECK_SECONDS."""
        now = time.monotonic()
        if now - self.session_checked_at < SESSION_CHECK_SECONDS:
            return True
        self.session_checked_at = now
        session = self.scope.get("session")
        key = getattr(session, "session_key", None)
        if session is None or not key or settings.SESSION_ENGINE.endswith("signed_cookies"):
            return True
        return await database_sync_to_async(session.exists)(key)

    async def send_json(self, content, close=False) -> None:
        """A frame for a tab that has just gone (or that the server is closing, config/serve.py)
        is dropped, not an error: the disconnect that follows cleans up."""
        try:
            await super().send_json(content, close)
        except SocketGone:
            logger.debug("Frame dropped: the socket has closed")

    async def _error(self, code: str, message: str, ref=None) -> None:
        await self.send_json({"type": "error", "code": code, "message": message, "ref": ref})

    async def _watch(self, room_id: int) -> None:
        if room_id not in self.watched:
            self.watched.add(room_id)
            await self.channel_layer.group_add(f"chat.room.{room_id}", self.channel_name)

    async def _unwatch(self, room_id: int) -> None:
        if room_id in self.watched:
            self.watched.discard(room_id)
            await self.channel_layer.group_discard(f"chat.room.{room_id}", self.channel_name)

    async def _check_rate(self) -> None:
        if not await _shared(sockets.within_send_rate)(self.user.pk):
            raise FrameError("rate_limited", _("You are sending messages too fast: wait a moment."))

    async def _ack_change(self, content: dict, message) -> None:
        client_id = content.get("client_id")
        await self.send_json({"type": "ack", "room": message.room_id,
                              "client_id": client_id if isinstance(client_id, str) else "",
                              "id": message.pk, "seq": message.seq})


def _own(frame: dict, user) -> bool:
    return (frame.get("author") or {}).get("id") == user.pk


def _language(scope) -> str:
    """The language chosen with the switch, as on pages: French unless English was chosen."""
    chosen = (scope.get("cookies") or {}).get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _shared(function):
    """Cache calls (chat/sockets.py) run in the thread pool, not in line behind the database."""
    return sync_to_async(function, thread_sensitive=False)
