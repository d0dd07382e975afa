"""What the moderation queue may do with a reported chat message (moderation/registry.py)."""

from django.urls import reverse

from chat import permissions
from chat.models import Message
from moderation.registry import TargetActions, register


def message_url(message: Message) -> str:
    """Where a message's author finds it (a warning from the moderators leads there)."""
    room_url = reverse("chat:room", args=[message.room_id])
    return f"{room_url}?before={message.seq + 1}#m-{message.seq}"


def message_actions(moderator, message: Message) -> TargetActions:
    """A message of a public room: a link to it in its room, and its removal. A message of a
    private room or conversation: nothing, not even whether it still exists: the moderator
    only knows what the reporter shared (DESIGN.md §7)."""
    room = message.room
    if not permissions.can_moderate_messages(moderator, room):
        return TargetActions()
    view_url = message_url(message)
    if message.is_deleted:
        return TargetActions(view_url=view_url, removed=True)
    remove_url = ""
    if permissions.can_delete_message(moderator, message):
        remove_url = reverse("chat:message_delete", args=[room.pk, message.pk])
    return TargetActions(view_url=view_url, remove_url=remove_url)


def register_message() -> None:
    register(Message, queryset=lambda: Message.objects.select_related("room"),
             actions=message_actions, url=message_url)
