"""The chat history search (*Rechercher dans les discussions*, /discussions/recherche/): the
messages of the member's own rooms and conversations, by words, author, room and dates.

Matching and highlighting come from the messages index (chat/search_indexes.py), whose access
filter every search carries: only the rooms the member belongs to. The messages are then read
again from the database in one query, and only those still readable are shown (a message
deleted a moment ago, while the index is behind, never shows; names are today's). When the
engine is unavailable, the page falls back to the database: the words in the text, newest
first, without highlighting.

Every parameter is optional and checked against what the member may see: a room that is not
theirs, an author who shares no room with them, an unreadable date are ignored, with the same
notice as any filter not understood, and reveal nothing.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import ClassVar
from urllib.parse import urlencode

from django.db.models import Q
from django.utils import timezone

from chat import selectors
from chat.models import Message, Room, RoomMembership
from chat.search_indexes import MESSAGES_INDEX, PERIOD, period_keys
from community.models import User
from search.backends.base import SearchUnavailable
from search.documents import plain_text
from search.pages import ResultsPage
from search.query import MAX_QUERY_LENGTH, clean_query, search_index

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
MAX_OFFSET = 10_000
SORTS = {"pertinence": None, "recents": ["id:desc"]}  # ids grow with time: newest first
DEFAULT_SORT = "pertinence"
FALLBACK_WORDS = 8
EARLIEST = date(2000, 1, 1)  # dates before this (or past LATEST_YEARS from now) are clamped
LATEST_YEARS = 1


@dataclass
class Scope:
    """The rooms and conversations the member belongs to (one query): what they may search,
    and the only rooms a ``salon`` parameter may name."""

    rooms: dict[int, Room]

    @classmethod
    def for_user(cls, user) -> "Scope":
        if not getattr(user, "is_member", False):
            return cls(rooms={})
        rooms = Room.objects.filter(memberships__user=user).only("pk", "kind", "name")
        return cls(rooms={room.pk: room for room in rooms})

    def author(self, value: str) -> User | None:
        """The person ``value`` names if they belong to one of these rooms (one query)."""
        if not (value.isascii() and value.isdigit() and len(value) <= 18) or not self.rooms:
            return None
        return (User.objects.filter(pk=int(value), room_memberships__room_id__in=list(self.rooms))
                .first())


def authors_for(scope: Scope) -> list[User]:
    """The people the author filter offers: those of the member's rooms (one query)."""
    if not scope.rooms:
        return []
    return list(User.objects.filter(room_memberships__room_id__in=list(scope.rooms))
                .distinct().order_by("first_name", "last_name", "pk"))


def room_labels(user, rooms: list[Room]) -> dict[int, str]:
    """How ``user`` calls each room: its name, or the other people of a direct conversation
    (one query, only when there is such a conversation)."""
    labels = {room.pk: room.name for room in rooms if room.kind != Room.Kind.DIRECT}
    direct = [room.pk for room in rooms if room.kind == Room.Kind.DIRECT]
    if direct:
        people: dict[int, list] = {pk: [] for pk in direct}
        memberships = (
            RoomMembership.objects.filter(room_id__in=direct).exclude(user=user)
            .select_related("user").order_by("user__first_name", "user__last_name")
        )
        for membership in memberships:
            people[membership.room_id].append(membership.user)
        labels.update({pk: selectors.direct_label(found) for pk, found in people.items()})
    return labels


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()) if value and len(value) <= 10 else None
    except ValueError:
        return None


def _clamp(day: date) -> date:
    latest = timezone.localdate() + timedelta(days=366 * LATEST_YEARS)
    return min(max(day, EARLIEST), latest)


@dataclass(frozen=True)
class SearchParams:
    """The address's ``q``, ``salon``, ``auteur``, ``du``, ``au``, ``tri``, ``page``."""

    query: str = ""
    room: Room | None = None
    author: User | None = None
    start: date | None = None
    end: date | None = None
    sort: str = DEFAULT_SORT
    page: int = 1
    query_shortened: bool = False
    ignored_filters: bool = False

    @classmethod
    def from_get(cls, data, scope: Scope) -> "SearchParams":
        raw = " ".join(str(value) for value in data.getlist("q") if value)
        query = clean_query(raw)
        shortened = len(query) == MAX_QUERY_LENGTH and len(" ".join(raw.split())) > len(query)
        ignored = False
        room_value, author_value = data.get("salon", ""), data.get("auteur", "")
        room = next((r for pk, r in scope.rooms.items() if str(pk) == room_value), None)
        author = scope.author(author_value) if author_value else None
        ignored |= bool(room_value and room is None) or bool(author_value and author is None)
        start_value, end_value = data.get("du", ""), data.get("au", "")
        start, end = _parse_date(start_value), _parse_date(end_value)
        ignored |= bool(start_value and start is None) or bool(end_value and end is None)
        if start and end and start > end:
            start, end, ignored = None, None, True
        sort = data.get("tri", "") or DEFAULT_SORT
        page = data.get("page", "")
        digits = page.isascii() and page.isdigit()
        number = (int(page) if len(page) <= 9 else MAX_OFFSET) if digits else 1
        return cls(
            query=query, room=room, author=author,
            start=_clamp(start) if start else None, end=_clamp(end) if end else None,
            sort=sort if sort in SORTS else DEFAULT_SORT,
            page=max(1, min(number, MAX_OFFSET // PAGE_SIZE + 1)),
            query_shortened=shortened,
            ignored_filters=ignored or sort not in SORTS,
        )

    @property
    def filtered(self) -> bool:
        return bool(self.room or self.author or self.start or self.end)

    def querystring(self, **changes) -> str:
        values = {
            "q": self.query,
            "salon": self.room.pk if self.room else "",
            "auteur": self.author.pk if self.author else "",
            "du": self.start.isoformat() if self.start else "",
            "au": self.end.isoformat() if self.end else "",
            "tri": "" if self.sort == DEFAULT_SORT else self.sort,
            "page": "",
        }
        values.update({key: "" if value is None else value for key, value in changes.items()})
        return urlencode([(key, str(value)) for key, value in values.items() if value])

    def filters(self) -> dict:
        filters: dict = {}
        if self.room:
            filters["room_id"] = [self.room.pk]
        if self.author:
            filters["author_id"] = [self.author.pk]
        if self.start or self.end:
            filters[PERIOD] = period_keys(self.start or EARLIEST,
                                          self.end or _clamp(date.max))
        return filters


@dataclass
class MessageResult:
    """A message the member may read, its text with the matching parts marked (plain text: the
    template crops and escapes it with ``crop`` and ``highlight``)."""

    message: Message
    room_label: str
    excerpt: str


@dataclass
class MessageSearchPage(ResultsPage):
    params: SearchParams
    results: list[MessageResult] = field(default_factory=list)

    page_size: ClassVar[int] = PAGE_SIZE

    @property
    def searched(self) -> bool:
        return bool(self.params.query or self.params.filtered)

    @property
    def without_filters_query(self) -> str:
        return urlencode([("q", self.params.query)])


def search_messages(user, params: SearchParams, scope: Scope) -> MessageSearchPage:
    """The page of messages that ``params`` asks for, as ``user`` may read them: one engine
    search (two when the page asked for is past the end), the access filter's query, and two
    database queries (the messages, the people of the conversations among them)."""
    result = MessageSearchPage(params=params, page=params.page)
    if not result.searched or not getattr(user, "is_member", False):
        return result
    filters = params.filters()
    sort = SORTS[params.sort] if params.query else SORTS["recents"]

    def fetch(page: int):
        return search_index(MESSAGES_INDEX, user=user, query=params.query, filters=filters,
                            sort=sort, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)

    try:
        found = fetch(params.page)
        last = max(1, -(-found.total // PAGE_SIZE))
        if params.page > last:
            result.page = last
            found = fetch(last)
    except SearchUnavailable:
        logger.warning("Search engine unavailable: the chat search falls back to the database.")
        return _database_page(user, params, scope)
    result.total = found.total
    ids = [int(hit.id) for hit in found.hits if str(hit.id).isdigit()]
    messages = _readable(ids, scope)
    labels = room_labels(user, list({m.room_id: m.room for m in messages.values()}.values()))
    for hit in found.hits:
        message = messages.get(int(hit.id)) if str(hit.id).isdigit() else None
        if message is None:
            continue
        body = hit.highlighted.get("body")
        if not isinstance(body, str):
            body = plain_text(message.html)
        result.results.append(MessageResult(message, labels[message.room_id], body))
    return result


def _readable(ids: list[int], scope: Scope) -> dict[int, Message]:
    """The messages among ``ids`` still readable, in the member's rooms (one query)."""
    if not ids:
        return {}
    messages = Message.objects.filter(
        pk__in=ids, deleted_at__isnull=True, room_id__in=list(scope.rooms)
    ).select_related("author", "room")
    return {message.pk: message for message in messages}


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _database_page(user, params: SearchParams, scope: Scope) -> MessageSearchPage:
    """Messages whose text holds every word, newest first (the engine is unavailable)."""
    result = MessageSearchPage(params=params, page=params.page, search_unavailable=True)
    messages = Message.objects.filter(deleted_at__isnull=True, room_id__in=list(scope.rooms))
    if params.room:
        messages = messages.filter(room=params.room)
    if params.author:
        messages = messages.filter(author=params.author)
    if params.start:
        messages = messages.filter(created_at__gte=_day_start(params.start))
    if params.end:
        messages = messages.filter(created_at__lt=_day_start(params.end + timedelta(days=1)))
    for word in params.query.split()[:FALLBACK_WORDS]:
        messages = messages.filter(Q(body__icontains=word))
    result.total = messages.count()
    result.page = min(params.page, max(1, -(-result.total // PAGE_SIZE)))
    offset = (result.page - 1) * PAGE_SIZE
    page = list(
        messages.select_related("author", "room").order_by("-pk")[offset : offset + PAGE_SIZE]
    )
    labels = room_labels(user, list({m.room_id: m.room for m in page}.values()))
    result.results = [
        MessageResult(message, labels[message.room_id], plain_text(message.html))
        for message in page
    ]
    return result
