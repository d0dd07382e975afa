"""Reads of the chat app, each a constant number of queries."""

from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext as _

from chat import mentions
from chat.models import Message, Room, RoomMembership
from community.models import User, UserStatus

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


def room_member(room: Room, user_pk: int) -> User | None:
    """The person ``user_pk`` if they belong to the room."""
    return User.objects.filter(pk=user_pk, room_memberships__room=room).first()


def mentionable_members(room: Room) -> list[User]:
    """Whom an @mention in the room can name: its members still on the platform (one query)."""
    return list(
        User.objects.filter(room_memberships__room=room, is_active=True,
                            status=UserStatus.MEMBER)
        .order_by("first_name", "last_name", "pk")
    )


def mention_suggestions(room: Room, query: str, *, exclude=None, limit: int = 8) -> list[User]:
    """The composer's suggestions for "@query" in the room (static/js/mentions.js)."""
    people = [p for p in mentionable_members(room) if exclude is None or p.pk != exclude.pk]
    return mentions.suggest(people, query[:80], limit=limit)


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


def member_room_ids(user) -> list[int]:
    return list(RoomMembership.objects.filter(user=user).values_list("room_id", flat=True))


# --- Pages (chat/views.py) ----------------------------------------------------------------


@dataclass
class Sidebar:
    """The rooms a member sees, sorted into the sidebar's sections.

    ``joined_public`` and ``other_public`` split the open public rooms by membership; archived
    rooms the member belongs to stay listed, flagged, so that their history remains reachable.
    """

    joined_public: list[Room] = field(default_factory=list)
    other_public: list[Room] = field(default_factory=list)
    private: list[Room] = field(default_factory=list)
    direct: list[Room] = field(default_factory=list)

    @property
    def joined(self) -> list[Room]:
        return [*self.joined_public, *self.private, *self.direct]

    @property
    def unread_total(self) -> int:
        return sum(room.unread or 0 for room in self.joined)


def sidebar_for_user(user) -> Sidebar:
    """Two queries whatever the number of rooms: the rooms with their unread counts, then the
    people of the direct conversations (a direct room is named after them)."""
    rooms = list(rooms_for_user(user))
    direct_ids = [room.pk for room in rooms if room.kind == Room.Kind.DIRECT]
    people: dict[int, list] = {pk: [] for pk in direct_ids}
    if direct_ids:
        memberships = (
            RoomMembership.objects.filter(room_id__in=direct_ids)
            .exclude(user=user)
            .select_related("user")
            .order_by("user__first_name", "user__last_name")
        )
        for membership in memberships:
            people[membership.room_id].append(membership.user)
    sidebar = Sidebar()
    for room in rooms:
        room.joined = room.read_seq is not None
        if room.kind == Room.Kind.DIRECT:
            room.people = people.get(room.pk, [])
            room.label = direct_label(room.people)
            sidebar.direct.append(room)
        elif room.kind == Room.Kind.PRIVATE:
            room.label = room.name
            sidebar.private.append(room)
        else:
            room.label = room.name
            (sidebar.joined_public if room.joined else sidebar.other_public).append(room)
    return sidebar


def direct_label(people: list) -> str:
    """A direct conversation is called by the other people in it."""
    return ", ".join(person.display_name for person in people) or _("Only you")


def unread_counts(user) -> dict[int, int]:
    """Unread messages per joined room (only rooms with some), in one query."""
    rows = (
        RoomMembership.objects.filter(user=user, room__last_seq__gt=F("last_read_seq"))
        .values_list("room_id", "room__last_seq", "last_read_seq")
    )
    return {room_id: last_seq - read_seq for room_id, last_seq, read_seq in rows}


def unread_total(user) -> int:
    """The header badge: every unread message of the member's rooms, in one query."""
    total = RoomMembership.objects.filter(user=user).aggregate(
        total=Sum(F("room__last_seq") - F("last_read_seq"))
    )["total"]
    return max(int(total or 0), 0)


def message_in_room(room: Room, pk: int) -> Message | None:
    return (
        Message.objects.filter(room=room, pk=pk)
        .select_related("author", "reply_to__author")
        .first()
    )
