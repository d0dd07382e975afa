"""Every write of the chat app. Messages are persisted, then published on commit.

Search: sending, editing and deleting a message schedule it in the messages index
(chat/search_indexes.py) in the same transaction (search/sync.py), after its publication: the
live frame never waits for the index.
"""

from html import unescape

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from chat import permissions, selectors
from chat.models import MAX_DIRECT_MEMBERS, MAX_MESSAGE_LENGTH, Message, Room, RoomMembership
from chat.realtime import publish_on_commit, user_group
from chat.rendering import render_message
from chat.search_indexes import MESSAGES_INDEX
from chat.serializers import EXCERPT_LENGTH, message_event
from moderation import services as moderation
from moderation.models import AuditEntry, Report
from moderation.registry import moment
from notifications.models import Notification
from notifications.services import notify
from notifications.services import withdraw as withdraw_notifications
from search.sync import schedule as schedule_index_update


@transaction.atomic
def room_create(*, actor, name: str, topic: str = "", kind: str = Room.Kind.PUBLIC,
                members: list | None = None, managed_elsewhere: bool = False) -> Room:
    """A themed public room (moderators) or a private room with invited members.

    Other apps call this too: each project gets a private room with its members. With
    ``managed_elsewhere`` the room has no creator, so nobody manages its members (or archives
    it) from the chat: the owning app does, through ``room_sync_members``.
    """
    if not getattr(actor, "is_member", False):
        raise PermissionDenied
    if kind == Room.Kind.PUBLIC and not permissions.can_create_public_room(actor):
        raise PermissionDenied
    if kind not in (Room.Kind.PUBLIC, Room.Kind.PRIVATE):
        raise ValidationError(_("Unknown kind of room."))
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Give the room a name."))
    people = {actor, *(members or [])}
    if not all(person.is_member for person in people):
        raise ValidationError(_("Only members can be invited to a room."))
    room = Room.objects.create(kind=kind, name=name[:80], topic=topic.strip()[:300],
                               created_by=None if managed_elsewhere else actor,
                               managed_elsewhere=managed_elsewhere)
    RoomMembership.objects.bulk_create([RoomMembership(room=room, user=u) for u in people])
    for person in people:
        _announce_joined(room, person.pk)
    return room


def _announce_joined(room: Room, user_id: int) -> None:
    """The person's open sockets start watching the room (activity, unread counts)."""
    publish_on_commit(user_group(user_id), {"type": "chat.joined", "room": room.pk})


def _announce_left(room: Room, user_id: int) -> None:
    """The person's open sockets stop receiving the room (DESIGN.md §5: removal)."""
    publish_on_commit(user_group(user_id), {"type": "chat.left", "room": room.pk,
                                            "public": room.kind == Room.Kind.PUBLIC})


@transaction.atomic
def room_invite(*, actor, room: Room, members: list) -> list:
    """The creator of a private room brings more members in; returns who was added.

    Those already in the room are ignored. The newcomers start with the history read (like
    joining a public room late), their open sockets start watching the room, and each is told
    through the notification centre.
    """
    room = Room.objects.select_for_update().get(pk=room.pk)
    if not permissions.can_manage_members(actor, room):
        raise PermissionDenied
    people = {person.pk: person for person in members if person.pk != actor.pk}
    if not all(person.is_member for person in people.values()):
        raise ValidationError(_("Only members can be invited to a room."))
    present = set(RoomMembership.objects.filter(room=room).values_list("user_id", flat=True))
    invited = [person for pk, person in people.items() if pk not in present]
    RoomMembership.objects.bulk_create(
        [RoomMembership(room=room, user=person, last_read_seq=room.last_seq)
         for person in invited]
    )
    text = _("%(actor)s invited you to “%(room)s”") % {"actor": actor.display_name,
                                                      "room": room.name}
    for person in invited:
        _announce_joined(room, person.pk)
        notify(person, Notification.Kind.ROOM_INVITATION, actor, text, room.get_absolute_url())
    return invited


@transaction.atomic
def room_remove_member(*, actor, room: Room, member) -> bool:
    """The creator of a private room takes someone out of it: that person's sockets stop
    receiving the room at once. Returns False if they were not in it."""
    room = Room.objects.select_for_update().get(pk=room.pk)
    if not permissions.can_manage_members(actor, room):
        raise PermissionDenied
    if member.pk == actor.pk:
        raise ValidationError(_("You cannot remove yourself: leave the room instead."))
    deleted, _rows = RoomMembership.objects.filter(room=room, user=member).delete()
    if deleted:
        _announce_left(room, member.pk)
    return bool(deleted)


@transaction.atomic
def room_sync_members(*, room: Room, members: list, name: str = "",
                      archived: bool | None = None) -> tuple[list, list]:
    """Make the people of a private room exactly ``members`` (its name ``name`` and its state
    ``archived``, if given): for a room whose membership another app owns (a project's room
    follows the project's members, projects/services), which has checked its own
    permissions. Newcomers start
    with the history read; whoever is taken out stops receiving the room at once. Returns
    (added, removed) user ids."""
    room = Room.objects.select_for_update().get(pk=room.pk)
    if room.kind != Room.Kind.PRIVATE:
        raise ValidationError(_("Only a private room follows another list of members."))
    if name and name[:80] != room.name:
        room.name = name[:80]
        room.save(update_fields=["name"])
    if archived is not None and archived != room.is_archived:
        room.archived_at = timezone.now() if archived else None
        room.save(update_fields=["archived_at"])
    wanted = {person.pk for person in members if person.is_member}
    present = set(RoomMembership.objects.filter(room=room).values_list("user_id", flat=True))
    added, removed = sorted(wanted - present), sorted(present - wanted)
    RoomMembership.objects.bulk_create(
        [RoomMembership(room=room, user_id=pk, last_read_seq=room.last_seq) for pk in added]
    )
    RoomMembership.objects.filter(room=room, user_id__in=removed).delete()
    for pk in added:
        _announce_joined(room, pk)
    for pk in removed:
        _announce_left(room, pk)
    return added, removed


@transaction.atomic
def room_archive(*, actor, room: Room) -> Room:
    if not permissions.can_manage_room(actor, room):
        raise PermissionDenied
    room.archived_at = timezone.now()
    room.save(update_fields=["archived_at"])
    if room.kind == Room.Kind.PUBLIC:  # public rooms are the moderators': their log says so
        moderation.record(actor=actor, action=AuditEntry.Action.ROOM_ARCHIVED, target=room,
                          target_repr=room.name)
    return room


@transaction.atomic
def room_join(*, actor, room: Room) -> RoomMembership:
    if room.kind != Room.Kind.PUBLIC or room.is_archived or not actor.is_member:
        raise PermissionDenied
    membership, created = RoomMembership.objects.get_or_create(
        room=room, user=actor, defaults={"last_read_seq": room.last_seq}
    )
    if created:
        _announce_joined(room, actor.pk)
    return membership


@transaction.atomic
def room_leave(*, actor, room: Room) -> None:
    """The member steps out of the room (the view keeps direct conversations, which a new
    message brings them back to). Never out of a room another app manages."""
    if room.managed_elsewhere:
        raise PermissionDenied
    deleted, _rows = RoomMembership.objects.filter(room=room, user=actor).delete()
    if deleted:
        _announce_left(room, actor.pk)


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
    room, _created = Room.objects.get_or_create(
        direct_key=key, defaults={"kind": Room.Kind.DIRECT, "created_by": actor}
    )
    # Whoever had left the conversation is back in it: the same people have one conversation.
    present = set(RoomMembership.objects.filter(room=room).values_list("user_id", flat=True))
    missing = [person for person in people if person.pk not in present]
    RoomMembership.objects.bulk_create([RoomMembership(room=room, user=u) for u in missing])
    for person in missing:
        _announce_joined(room, person.pk)
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
    # The room's row lock orders the senders: sequence numbers and the client_id check below
    # cannot race.
    room = Room.objects.select_for_update().get(pk=room.pk)
    if not permissions.can_post_in_room(actor, room):
        raise PermissionDenied
    if client_id:
        existing = Message.objects.filter(room=room, author=actor, client_id=client_id).first()
        if existing:
            return existing
    reply_to = None
    if reply_to_id is not None:
        reply_to = Message.objects.filter(room=room, pk=reply_to_id).first()
        if reply_to is None:
            raise ValidationError(_("The message you reply to is not in this room."))
    if room.kind == Room.Kind.PUBLIC:
        _membership, joined = RoomMembership.objects.get_or_create(room=room, user=actor)
        if joined:
            _announce_joined(room, actor.pk)
    room.last_seq = F("last_seq") + 1
    room.last_message_at = timezone.now()
    room.save(update_fields=["last_seq", "last_message_at"])
    room.refresh_from_db(fields=["last_seq"])
    html, mentioned = _render(room, body)
    message = Message.objects.create(
        room=room, seq=room.last_seq, author=actor, body=body, html=html,
        reply_to=reply_to, client_id=client_id,
    )
    if mentioned:
        message.mentions.set(mentioned)
    RoomMembership.objects.filter(room=room, user=actor).update(last_read_seq=message.seq)
    publish_on_commit(room.group_name, message_event(message))
    schedule_index_update(MESSAGES_INDEX, [message.pk])
    _notify_mentions(message, mentioned)
    return message


def _render(room: Room, body: str) -> tuple[str, list]:
    """The message's HTML, and whom its @mentions name among the room's members."""
    members = selectors.mentionable_members(room) if "@" in body else []
    return render_message(body, members)


def _notify_mentions(message: Message, people: list) -> None:
    """Tell each member the message names, if they can see its room; never its author. A
    message notifies a member once, however often it is edited (the notification's key)."""
    people = [p for p in people if p.pk != message.author_id]
    if not people:
        return
    url = f"{message.room.get_absolute_url()}#m-{message.seq}"
    excerpt = " ".join(unescape(strip_tags(message.html)).split())
    author = message.author.display_name if message.author else _("Former member")
    text = f"{author} — {Truncator(excerpt).chars(EXCERPT_LENGTH)}"
    for person in people:
        if permissions.can_view_room(person, message.room):
            notify(person, Notification.Kind.MENTION, message.author, text, url,
                   key=_notification_key(message))


def _notification_key(message: Message) -> str:
    return f"chat.message:{message.pk}"


def _own_message(actor, message: Message) -> Message:
    """The message, locked, if ``actor`` wrote it and may still see its room."""
    message = (
        Message.objects.select_for_update(of=("self",))
        .select_related("room", "author", "reply_to__author")
        .get(pk=message.pk)
    )
    if (
        message.author_id is None
        or message.author_id != getattr(actor, "pk", None)
        or not permissions.can_view_room(actor, message.room)
    ):
        raise PermissionDenied
    return message


def _publish_update(message: Message) -> None:
    """An edited or deleted message goes out as a "message" frame with the same id and seq."""
    publish_on_commit(message.room.group_name, message_event(message, update=True))


@transaction.atomic
def message_edit(*, actor, message: Message, body: str) -> Message:
    """The author rewrites their message: re-rendered, marked edited, published again.

    Moderators cannot edit other people's messages.
    """
    body = clean_body(body)
    message = _own_message(actor, message)
    if message.is_deleted:
        raise ValidationError(_("This message has been deleted."))
    if message.room.is_archived:
        raise PermissionDenied
    if body == message.body:
        return message
    before = set(message.mentions.values_list("pk", flat=True))
    message.body = body
    message.html, mentioned = _render(message.room, body)
    message.edited_at = timezone.now()
    message.save(update_fields=["body", "html", "edited_at"])
    message.mentions.set(mentioned)
    _publish_update(message)
    schedule_index_update(MESSAGES_INDEX, [message.pk])
    _notify_mentions(message, [p for p in mentioned if p.pk not in before])
    return message


@transaction.atomic
def message_delete(*, actor, message: Message, reason: str = "") -> Message:
    """The author takes their message back, or a moderator removes it from a public room: a
    tombstone stays so that the sequence has no hole.

    Allowed in an archived room too. Deleting an already deleted message changes nothing. A
    moderator's deletion of someone else's message is written to the moderation log with
    ``reason``, and the open reports on the message are closed as acted upon.
    """
    message = (
        Message.objects.select_for_update(of=("self",))
        .select_related("room", "author", "reply_to__author")
        .get(pk=message.pk)
    )
    if not permissions.can_delete_message(actor, message):
        raise PermissionDenied
    if message.is_deleted:
        return message
    message.deleted_at = timezone.now()
    message.body = ""
    message.html = ""
    message.save(update_fields=["deleted_at", "body", "html"])
    _publish_update(message)
    schedule_index_update(MESSAGES_INDEX, [message.pk])
    withdraw_notifications(key=_notification_key(message))
    if message.author_id != actor.pk:
        moderation.record(actor=actor, action=AuditEntry.Action.MESSAGE_DELETED, target=message,
                          reason=reason, target_repr=_message_repr(message))
        moderation.reports_resolve_for(target=message, actor=actor, note=reason)
    return message


def _message_repr(message: Message) -> str:
    """How the moderation log names a message: its author, its room, its time."""
    author = message.author.display_name if message.author else _("Former member")
    return _("Message of %(author)s in “%(room)s”, %(time)s") % {
        "author": author, "room": message.room.name,
        "time": moment(message.created_at),
    }


def _report_context(room: Room) -> str:
    """Where a reported message was, as the moderators may know it: a direct conversation is
    not named after its people."""
    if room.kind == Room.Kind.DIRECT:
        return _("Direct conversation")
    if room.kind == Room.Kind.PRIVATE:
        return _("Private room “%(name)s”") % {"name": room.name}
    return _("Room “%(name)s”") % {"name": room.name}


@transaction.atomic
def message_report(*, actor, message: Message, reason: str) -> Report:
    """A member reports a message they can see, not theirs and not deleted, to the moderators,
    with its text as it is now. Reporting it again changes nothing."""
    message = Message.objects.select_related("room", "author").get(pk=message.pk)
    if not permissions.can_report_message(actor, message):
        raise PermissionDenied
    return moderation.report_create(
        actor=actor, target=message, reason=reason, excerpt=message.body,
        target_author=message.author, context_label=_report_context(message.room),
    )


@transaction.atomic
def room_mark_read(*, actor, room: Room, seq: int) -> None:
    """Read up to ``seq``; a marker never moves back. Every tab of the reader hears of it once
    it is stored, to bring its unread counts up to date (the badge of a tab in the background
    too)."""
    seq = min(max(int(seq), 0), room.last_seq)
    moved = RoomMembership.objects.filter(room=room, user=actor, last_read_seq__lt=seq).update(
        last_read_seq=seq
    )
    if moved:
        publish_on_commit(user_group(actor.pk), {"type": "chat.read", "room": room.pk, "seq": seq})
