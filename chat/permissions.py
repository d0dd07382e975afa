"""Who may read, write and manage which room. The consumer asks again on every frame."""

from django.http import Http404

from chat.models import Message, Room, RoomMembership


def is_room_member(user, room: Room) -> bool:
    return RoomMembership.objects.filter(room=room, user=user).exists()


def can_view_room(user, room: Room) -> bool:
    if not getattr(user, "is_member", False):
        return False
    return room.kind == Room.Kind.PUBLIC or is_room_member(user, room)


def can_post_in_room(user, room: Room) -> bool:
    return not room.is_archived and can_view_room(user, room)


def can_manage_room(user, room: Room) -> bool:
    """Public rooms belong to the moderators; a private room to whoever created it."""
    if room.kind == Room.Kind.PUBLIC:
        return bool(getattr(user, "is_moderator", False))
    return room.kind == Room.Kind.PRIVATE and room.created_by_id == getattr(user, "pk", None)


def can_manage_members(user, room: Room) -> bool:
    """Private rooms are by invitation: their creator, still in the room, invites and removes
    members while it is open. Public rooms are open to all; a direct conversation's people are
    fixed."""
    return (
        room.kind == Room.Kind.PRIVATE
        and not room.is_archived
        and bool(getattr(user, "is_member", False))
        and can_manage_room(user, room)
        and is_room_member(user, room)
    )


def can_leave_room(user, room: Room) -> bool:
    """A direct conversation is never left, nor a room whose members another app decides (a
    project's room: leaving the project takes the member out)."""
    return room.kind != Room.Kind.DIRECT and not room.managed_elsewhere


def can_create_public_room(user) -> bool:
    return bool(getattr(user, "is_moderator", False))


def can_moderate_messages(user, room: Room) -> bool:
    """Moderators remove other people's messages in public rooms only: they never act in (nor
    read) private rooms and conversations they are not part of (DESIGN.md §7), and being part
    of one does not make them its moderators either."""
    return room.kind == Room.Kind.PUBLIC and bool(getattr(user, "is_moderator", False))


def can_delete_message(user, message: Message) -> bool:
    """The author, while they can see the room (archived too); a moderator, in a public room."""
    if message.author_id is not None and message.author_id == getattr(user, "pk", None):
        return can_view_room(user, message.room)
    return can_moderate_messages(user, message.room)


def can_report_message(user, message: Message) -> bool:
    """Anyone who can see the room may report a message that is not theirs and not deleted."""
    return (
        not message.is_deleted
        and message.author_id != getattr(user, "pk", None)
        and can_view_room(user, message.room)
    )


def get_room_for_user(user, pk: int) -> Room:
    room = Room.objects.filter(pk=pk).first()
    if room is None or not can_view_room(user, room):
        raise Http404
    return room
