"""Who may read, write and manage which room. The consumer asks again on every frame."""

from django.http import Http404

from chat.models import Room, RoomMembership


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


def can_create_public_room(user) -> bool:
    return bool(getattr(user, "is_moderator", False))


def get_room_for_user(user, pk: int) -> Room:
    room = Room.objects.filter(pk=pk).first()
    if room is None or not can_view_room(user, room):
        raise Http404
    return room
