"""The JSON shapes of frames sent to browsers (docs/realtime.md)."""

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
