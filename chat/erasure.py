"""Chat's services for a closing account (privacy/closure/, chat/data_erasure.py); kept out of
chat/services.py, which is already at the size where a file splits.

Bulk writes: a member may leave tens of thousands of messages and the closing stays one short
transaction (bench/privacy_closure.py). "Deleted" follows ``message_delete``: the row stays as a
tombstone ("message supprimé") so that each room's sequence has no hole and threads still read;
the notifications that quoted a message are withdrawn; the messages index follows on commit.
Open tabs see the change on their next load (no frame per message: thousands of frames to
every room's watchers would be a storm for nothing).
"""

from django.db import transaction
from django.utils import timezone

from chat.models import Message, Room, RoomMembership
from chat.realtime import publish_on_commit, user_group
from chat.search_indexes import MESSAGES_INDEX
from notifications.services import withdraw as withdraw_notifications
from search.sync import schedule as schedule_index_update

CHUNK = 1000


def _message_ids(member) -> list[int]:
    return list(Message.objects.filter(author=member).values_list("pk", flat=True))


@transaction.atomic
def member_rooms_leave(*, member) -> int:
    """Out of every room, direct conversations included; nobody else's history changes."""
    rooms = list(Room.objects.filter(memberships__user=member).values_list("pk", "kind"))
    deleted, _by_model = RoomMembership.objects.filter(user=member).delete()
    for room_id, kind in rooms:
        publish_on_commit(user_group(member.pk), {
            "type": "chat.left", "room": room_id, "public": kind == Room.Kind.PUBLIC,
        })
    Room.objects.filter(created_by=member).update(created_by=None)
    Message.mentions.through.objects.filter(user=member).delete()
    return deleted


@transaction.atomic
def member_messages_anonymise(*, member) -> int:
    """The member's messages stay, signed "Ancien membre" (no author)."""
    ids = _message_ids(member)
    Message.objects.filter(author=member).update(author=None)
    schedule_index_update(MESSAGES_INDEX, ids)
    return len(ids)


@transaction.atomic
def member_messages_erase(*, member) -> int:
    """The member's messages become tombstones ("message supprimé"), without author."""
    ids = _message_ids(member)
    for start in range(0, len(ids), CHUNK):
        withdraw_notifications(keys=[f"chat.message:{pk}" for pk in ids[start:start + CHUNK]])
    erased = Message.objects.filter(author=member, deleted_at__isnull=True).update(
        deleted_at=timezone.now(), body="", html="",
    )
    Message.objects.filter(author=member).update(author=None, body="", html="", client_id="")
    schedule_index_update(MESSAGES_INDEX, ids)
    return erased


def member_messages_count(member) -> int:
    return Message.objects.filter(author=member, deleted_at__isnull=True).count()
