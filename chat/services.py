"""Every write of the chat app. Messages are persisted, then published on commit."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from chat import permissions
from chat.models import MAX_DIRECT_MEMBERS, MAX_MESSAGE_LENGTH, Message, Room, RoomMembership
from chat.realtime import publish_on_commit
from chat.rendering import render_markdown
from chat.serializers import message_frame


@transaction.atomic
def room_create(*, actor, name: str, topic: str = "", kind: str = Room.Kind.PUBLIC,
                members: list | None = None) -> Room:
    """A themed public room (moderators) or a private room with invited members.

    Other apps call this too: each project gets a private room with its members.
    """
    if kind == Room.Kind.PUBLIC and not permissions.can_create_public_room(actor):
        raise PermissionDenied
    if kind not in (Room.Kind.PUBLIC, Room.Kind.PRIVATE):
        raise ValidationError(_("Unknown kind of room."))
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Give the room a name."))
    room = Room.objects.create(kind=kind, name=name[:80], topic=topic.strip()[:300],
                               created_by=actor)
    people = {actor, *(members or [])}
    RoomMembership.objects.bulk_create([RoomMembership(room=room, user=u) for u in people])
    return room


@transaction.atomic
def room_archive(*, actor, room: Room) -> Room:
    if not permissions.can_manage_room(actor, room):
        raise PermissionDenied
    room.archived_at = timezone.now()
    room.save(update_fields=["archived_at"])
    return room


@transaction.atomic
def room_join(*, actor, room: Room) -> RoomMembership:
    if room.kind != Room.Kind.PUBLIC or room.is_archived or not actor.is_member:
        raise PermissionDenied
    membership, _created = RoomMembership.objects.get_or_create(
        room=room, user=actor, defaults={"last_read_seq": room.last_seq}
    )
    return membership


@transaction.atomic
def room_leave(*, actor, room: Room) -> None:
    RoomMembership.objects.filter(room=room, user=actor).delete()


@transaction.atomic
def direct_room(*, actor, others: list) -> Room:
    """The one conversation between these people (two to eight), created on first use."""
    people = {actor, *others}
    if len(people) < 2:
        raise ValidationError(_("Choose at least one other member."))
    if len(people) > MAX_DIRECT_MEMBERS:
        raise ValidationError(
            _("A conversation has at most %(max)d people.") % {"max": MAX_DIRECT_MEMBERS}
        )
    if not all(person.is_member for person in people):
        raise PermissionDenied
    key = "-".join(str(pk) for pk in sorted(person.pk for person in people))
    room, created = Room.objects.get_or_create(
        direct_key=key, defaults={"kind": Room.Kind.DIRECT, "created_by": actor}
    )
    if created:
        RoomMembership.objects.bulk_create([RoomMembership(room=room, user=u) for u in people])
    return room


def clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ValidationError(_("The message is empty."))
    if len(body) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            _("A message has at most %(max)d characters.") % {"max": MAX_MESSAGE_LENGTH}
        )
    return body


@transaction.atomic
def message_send(*, actor, room: Room, body: str, client_id: str = "",
                 reply_to_id: int | None = None) -> Message:
    """Store a message with the room's next sequence number, then publish it.

    Sending again with the same ``client_id`` (a retry after a reconnect) returns the stored
    message instead of a copy.
    """
    body = clean_body(body)
    client_id = client_id[:64]
    if client_id:
        existing = Message.objects.filter(room=room, author=actor, client_id=client_id).first()
        if existing:
            return existing
    room = Room.objects.select_for_update().get(pk=room.pk)
    if not permissions.can_post_in_room(actor, room):
        raise PermissionDenied
    reply_to = None
    if reply_to_id is not None:
        reply_to = Message.objects.filter(room=room, pk=reply_to_id).first()
        if reply_to is None:
            raise ValidationError(_("The message you reply to is not in this room."))
    if room.kind == Room.Kind.PUBLIC:
        RoomMembership.objects.get_or_create(room=room, user=actor)
    room.last_seq = F("last_seq") + 1
    room.last_message_at = timezone.now()
    room.save(update_fields=["last_seq", "last_message_at"])
    room.refresh_from_db(fields=["last_seq"])
    message = Message.objects.create(
        room=room, seq=room.last_seq, author=actor, body=body, html=render_markdown(body),
        reply_to=reply_to, client_id=client_id,
    )
    RoomMembership.objects.filter(room=room, user=actor).update(last_read_seq=message.seq)
    publish_on_commit(room.group_name, {"type": "chat.message", "frame": message_frame(message)})
    return message


@transaction.atomic
def room_mark_read(*, actor, room: Room, seq: int) -> None:
    """Read up to ``seq``; a marker never moves back."""
    seq = min(max(int(seq), 0), room.last_seq)
    RoomMembership.objects.filter(room=room, user=actor, last_read_seq__lt=seq).update(
        last_read_seq=seq
    )
