"""The messages index: what the chat history search (/discussions/recherche/) knows about each
message.

One document per message that its room's members read: not deleted. A deleted message (by its
author, or removed by a moderator, which is how moderation hides a chat message) is not in the
index at all: sync deletes it, so no search can return it, whoever asks.

Sync (search/sync.py): chat/services.py schedules the message when it is sent, edited or
deleted. Room membership is not in the documents (see "Access"), so joining, leaving, being
invited or removed reindexes nothing; nor does archiving a room, whose history stays readable.

Access: each document carries ``audience`` (search/access.py) with one key, its room's
(``room:<id>``). A person holds the key of every room they are a member of (one query): a
member finds the messages of the rooms and direct conversations they belong to, and nothing
else, not even in a count. A public room one has not joined is read on its page, not searched;
a moderator is no exception (DESIGN.md §7: moderators never read private conversations they are
not part of).

Dates: ``period`` holds the message's day, month and year in the site's time zone
(``d:2026-12-07``, ``m:2026-12``, ``y:2026``). Filters are exact values (search/backends/base.py),
so a date range is given as the fewest such keys that cover it exactly (``period_keys``): a few
whole years, the months at each end, the days at each end; at most about a hundred values.
"""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chat.models import Message, RoomMembership
from community.search_indexes import SYNONYM_GROUPS, mutual_synonyms
from search.access import AUDIENCE, audience_key
from search.backends.base import Filters, IndexSettings
from search.documents import plain_text
from search.registry import IndexDefinition, register
from search.stop_words import FRENCH_STOP_WORDS

MESSAGES_INDEX = "messages"
PERIOD = "period"

# Words are looked for in the text only: each searchable attribute multiplies the engine's work
# per word (bench/chat_search.py), and the author has a filter of its own. ``recency`` (minus the
# id) puts the newest first among equal scores; ids grow with time, so "newest first" is
# ``id:desc``.
MESSAGE_INDEX_SETTINGS = IndexSettings(
    searchable=["body"],
    filterable=[AUDIENCE, "room_id", "author_id", PERIOD],
    sortable=["id", "recency"],
    highlighted=["body"],
    synonyms=mutual_synonyms(SYNONYM_GROUPS),
    stop_words=FRENCH_STOP_WORDS,
    tie_breaker="recency",
)


def room_key(room_id: int) -> str:
    return audience_key("room", room_id)


def member_room_keys(user: Any) -> list[str]:
    """The keys ``user`` holds: one per room they are a member of (one query); none for anybody
    who is not an approved member (an applicant, a suspended member, anonymous)."""
    if not getattr(user, "is_member", False):
        return []
    rooms = RoomMembership.objects.filter(user=user.pk).values_list("room_id", flat=True)
    return [room_key(pk) for pk in rooms.order_by("room_id")]


def messages_access_filter(user: Any) -> Filters:
    return {AUDIENCE: member_room_keys(user)}


def indexable_messages():
    return Message.objects.filter(deleted_at__isnull=True).select_related("author")


def day_key(day: date) -> str:
    return f"d:{day.isoformat()}"


def month_key(year: int, month: int) -> str:
    return f"m:{year:04d}-{month:02d}"


def year_key(year: int) -> str:
    return f"y:{year:04d}"


def local_day(moment) -> date:
    return timezone.localtime(moment).date()


def message_document(message: Message) -> dict:
    """What the room's members read of a message: its text as shown (mentions as names), its
    author and room, its date."""
    with translation.override("fr"):
        author = message.author.display_name if message.author else _("Former member")
    day = local_day(message.created_at)
    return {
        "id": message.pk,
        "body": plain_text(message.html),
        "author": author,
        "author_id": message.author_id or 0,
        "room_id": message.room_id,
        "seq": message.seq,
        "created_at": int(message.created_at.timestamp()),
        "recency": -message.pk,
        PERIOD: [day_key(day), month_key(day.year, day.month), year_key(day.year)],
        AUDIENCE: [room_key(message.room_id)],
    }


def _month_end(year: int, month: int) -> date:
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def period_keys(start: date, end: date) -> list[str]:
    """The fewest ``period`` keys whose days are exactly ``start``..``end`` (both included):
    whole years where they fit, then whole months, then days. Empty when ``start > end``."""
    keys: list[str] = []
    day = start
    while day <= end:
        year_end = date(day.year, 12, 31)
        month_end = _month_end(day.year, day.month)
        if day.month == 1 and day.day == 1 and year_end <= end:
            keys.append(year_key(day.year))
            day = year_end + timedelta(days=1)
        elif day.day == 1 and month_end <= end:
            keys.append(month_key(day.year, day.month))
            day = month_end + timedelta(days=1)
        else:
            keys.append(day_key(day))
            day += timedelta(days=1)
    return keys


register(
    IndexDefinition(
        name=MESSAGES_INDEX,
        settings=MESSAGE_INDEX_SETTINGS,
        queryset=indexable_messages,
        to_document=message_document,
        access_filter=messages_access_filter,
    )
)
