"""The chat's part of the global search (search/everywhere.py): the messages of the rooms and
conversations the member belongs to, with the same rules as the chat search page
(chat/history_search.py): the messages index's access filter, then the database's word on what
is still readable. Three queries: the member's rooms (the access filter), the page's messages,
the people of the direct conversations among them (a conversation is named after them)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chat.history_search import room_labels
from chat.models import Message
from chat.search_indexes import MESSAGES_INDEX
from search.documents import plain_text
from search.everywhere import Section, SectionHit, SectionResults, register_section
from search.query import search_index


def search_messages_section(user, query: str, *, limit: int, offset: int) -> SectionResults:
    found = search_index(MESSAGES_INDEX, user=user, query=query, limit=limit, offset=offset)
    ids = [int(hit.id) for hit in found.hits if str(hit.id).isdigit()]
    if not ids:
        return SectionResults(total=found.total)
    messages = {
        message.pk: message
        for message in Message.objects.filter(
            pk__in=ids, deleted_at__isnull=True, room__memberships__user=user
        ).select_related("room", "author")
    }
    labels = room_labels(user, list({m.room_id: m.room for m in messages.values()}.values()))
    hits = []
    for hit in found.hits:
        message = messages.get(int(hit.id)) if str(hit.id).isdigit() else None
        if message is None:
            continue
        author = message.author.display_name if message.author else _("Former member")
        body = hit.highlighted.get("body")
        if not isinstance(body, str):
            body = plain_text(message.html)
        hits.append(SectionHit(
            title=_("Message of %(name)s") % {"name": author},
            url=reverse("chat:message", args=[message.room_id, message.pk]),
            excerpt=body,
            context=labels.get(message.room_id, ""),
        ))
    return SectionResults(hits=hits, total=found.total)


register_section(Section(
    key="discussions",
    label=gettext_lazy("Chat messages"),
    search=search_messages_section,
    order=80,
    allowed=lambda user: bool(getattr(user, "is_member", False)),
))
