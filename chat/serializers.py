"""The JSON shapes of frames sent to browsers (docs/realtime.md)."""

import json

from django.utils.translation import gettext as _

from chat.models import Message

EXCERPT_LENGTH = 120


def message_frame(message: Message) -> dict:
    author = message.author
    frame = {
        "type": "message",
        "room": message.room_id,
        "id": message.pk,
        "seq": message.seq,
        "author": {"id": author.pk, "name": author.display_name} if author else None,
        "html": "" if message.is_deleted else message.html,
        "created_at": message.created_at.isoformat(),
        "edited": message.edited_at is not None,
        "deleted": message.is_deleted,
        "reply_to": None,
    }
    if message.reply_to_id and message.reply_to is not None:
        quoted = message.reply_to
        frame["reply_to"] = {
            "id": quoted.pk,
            "seq": quoted.seq,
            "author": quoted.author.display_name if quoted.author else _("Former member"),
            "excerpt": "" if quoted.is_deleted else quoted.body[:EXCERPT_LENGTH],
        }
    return frame


def message_event(message: Message, *, update: bool = False) -> dict:
    """The channel-layer event of a new (or, with ``update``, edited or deleted) message.

    ``text`` is the frame already encoded: a room's message goes to every socket of every
    member, and encoding it once here rather than once per socket is most of a fan-out's
    JSON cost.
    """
    frame = message_frame(message)
    event = {"type": "chat.message", "frame": frame, "text": json.dumps(frame)}
    if update:
        event["update"] = True
    return event
