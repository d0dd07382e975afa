"""What the chat holds of a member, for their export (privacy/export/registry.py): the rooms
they belong to and every message they wrote, with its room's name.

Context, decided here: a message that answered another carries the start (200 characters) of
the message it answered and who wrote it, "you" or "another member" (never a name), since a
reply alone often reads as nothing ("Oui, jeudi"). No other message of anyone else is exported.
A direct conversation is called so, without the other person's name."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chat.models import Message, Room, RoomMembership
from privacy.export.registry import CHUNK, OTHER_MEMBER, Column, ExportSection, excerpt, register


def _room_name(room: Room) -> str:
    if room.kind == Room.Kind.DIRECT:
        return _("Direct conversation")
    return room.name or f"#{room.pk}"


def message_rows(member):
    messages = (Message.objects.filter(author=member)
                .select_related("room", "reply_to").order_by("pk"))
    you, other = _("you"), str(OTHER_MEMBER)
    for message in messages.iterator(chunk_size=CHUNK):
        reply_to = message.reply_to
        yield {
            "room": _room_name(message.room),
            "room_kind": message.room.get_kind_display(),
            "number": message.seq,
            "text": message.body,  # what is stored, even of a deleted message
            "created_at": message.created_at,
            "edited_at": message.edited_at,
            "deleted_at": message.deleted_at,
            "reply_to_author": (None if reply_to is None
                                else you if reply_to.author_id == member.pk else other),
            "reply_to_text": (None if reply_to is None or reply_to.deleted_at
                              else excerpt(reply_to.body)),
        }


register(ExportSection(
    key="messages", title=gettext_lazy("Chat messages"), order=30, rows=message_rows,
    description=gettext_lazy("every message you wrote in the chat, with its room; for a reply, "
                             "the start of the message you answered"),
    columns=(
        Column("room", gettext_lazy("Room")),
        Column("room_kind", gettext_lazy("Kind of room")),
        Column("number", gettext_lazy("Number in the room")),
        Column("text", gettext_lazy("Text")),
        Column("created_at", gettext_lazy("Sent on")),
        Column("edited_at", gettext_lazy("Edited on")),
        Column("deleted_at", gettext_lazy("Deleted on")),
        Column("reply_to_author", gettext_lazy("In reply to")),
        Column("reply_to_text", gettext_lazy("Message answered")),
    ),
))


def room_rows(member):
    memberships = (RoomMembership.objects.filter(user=member).select_related("room")
                   .order_by("joined_at", "pk"))
    for membership in memberships.iterator(chunk_size=CHUNK):
        yield {"room": _room_name(membership.room),
               "room_kind": membership.room.get_kind_display(),
               "joined_at": membership.joined_at}


register(ExportSection(
    key="salons", title=gettext_lazy("Chat rooms"), order=31, rows=room_rows,
    description=gettext_lazy("the rooms and conversations you belong to"),
    columns=(
        Column("room", gettext_lazy("Room")),
        Column("room_kind", gettext_lazy("Kind of room")),
        Column("joined_at", gettext_lazy("Joined on")),
    ),
))
