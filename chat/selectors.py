"""Reads of the chat app, each a constant number of queries."""

from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from chat.models import Message, Room, RoomMembership

REPLAY_LIMIT = 200
HISTORY_PAGE = 50


def rooms_for_user(user) -> QuerySet[Room]:
    """The user's rooms and every open public room, with their unread counts."""
    membership = RoomMembership.objects.filter(room=OuterRef("pk"), user=user)
    return (
        Room.objects.filter(
            Q(memberships__user=user) | Q(kind=Room.Kind.PUBLIC, archived_at__isnull=True)
        )
        .distinct()
        .annotate(read_seq=Subquery(membership.values("last_read_seq")[:1]))
        .annotate(unread=F("last_seq") - F("read_seq"))
        .order_by(F("last_message_at").desc(nulls_last=True), "name")
    )


def room_members(room: Room):
    return [m.user for m in room.memberships.select_related("user").order_by("user__last_name")]


def messages_after(room: Room, after_seq: int, limit: int = REPLAY_LIMIT) -> list[Message]:
    return list(
        Message.objects.filter(room=room, seq__gt=after_seq)
        .select_related("author", "reply_to__author")
        .order_by("seq")[:limit]
    )


def latest_messages(room: Room, before_seq: int | None = None,
                    limit: int = HISTORY_PAGE) -> list[Message]:
    """The page of history just before ``before_seq`` (the newest page without it), oldest first."""
    messages = Message.objects.filter(room=room)
    if before_seq is not None:
        messages = messages.filter(seq__lt=before_seq)
    page = messages.select_related("author", "reply_to__author").order_by("-seq")[:limit]
    return list(reversed(page))
