"""What the socket asks of the database for a frame (chat/consumers.py): the room and the
message it names, whether the member may still do it, and the write itself through the
services; refusals become ``FrameError``, which the consumer answers with an error frame."""

from channels.db import database_sync_to_async
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from chat import permissions, selectors
from chat.models import Room


class FrameError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def forbidden_room() -> FrameError:
    return FrameError("forbidden_room", _("You cannot do this in this room."))


class FrameAccess:
    """The consumer's database look-ups; ``self.user`` is the socket's member."""

    @database_sync_to_async
    def _is_room_member(self, room_id: int) -> bool:
        return room_id in selectors.member_room_ids(self.user)

    @database_sync_to_async
    def _still_member(self) -> bool:
        """Suspension or removal takes effect on the very next frame."""
        self.user.refresh_from_db(fields=["status", "is_active", "role"])
        return self.user.is_member

    @database_sync_to_async
    def _room(self, content: dict, *, write: bool) -> Room:
        room = Room.objects.filter(pk=frame_room_id(content)).first()
        allowed = room is not None and (
            permissions.can_post_in_room(self.user, room) if write
            else permissions.can_view_room(self.user, room)
        )
        if not allowed:
            raise forbidden_room()
        return room

    @database_sync_to_async
    def _message(self, room: Room, content: dict):
        message_id = content.get("id")
        if not is_int(message_id):
            raise FrameError("invalid_frame", _("This frame needs a message number."))
        message = selectors.message_in_room(room, message_id)
        if message is None:
            raise FrameError("unknown_message", _("This message is not in this room."))
        return message

    @database_sync_to_async
    def _write(self, service, **kwargs):
        try:
            return service(actor=self.user, **kwargs)
        except ValidationError as error:
            raise FrameError("invalid_message", " ".join(error.messages)) from error
        except PermissionDenied as error:
            if "message" in kwargs:
                raise FrameError(
                    "forbidden_message", _("You can only change your own messages.")
                ) from error
            raise forbidden_room() from error


def is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def frame_room_id(content: dict) -> int:
    room_id = content.get("room")
    if not is_int(room_id):
        raise FrameError("invalid_frame", _("This frame needs a room number."))
    return room_id
