"""The news index: what the news search (/actualites/recherche/) knows about each news item.

One document per item that every member sees (``NewsItem.objects.visible``): published and its
publication time come. A pending, rejected, hidden or still scheduled item is not in the index
at all (sync deletes it, or never adds it), so no search can return it, whoever asks: its
author and the moderators find it through "My proposals" and the moderation queue instead.

Sync (search/sync.py): news/services/items.py schedules the item on every write that changes
what is indexed (an edit, a withdrawal), news/services/announce.py when it becomes visible
(published now, approved, or a scheduled item whose time came), ``news_decided`` on every
moderation decision (hidden: removed; restored: back), and news/signals.py when it is deleted.
A scheduled item enters the index when it is announced, not at its publication: the document
cannot carry "not before" for the engine to filter on, so it waits outside the index until its
time (see announce.py for who notices that time).

Access: each document carries ``audience`` (search/access.py): every member reads the feed,
so it is ``members``; an applicant or a suspended member holds no key and finds nothing.
"""

from django.utils import translation
from django.utils.translation import gettext as _

from community.search_indexes import SYNONYM_GROUPS, mutual_synonyms
from news.models import NewsItem
from search.access import AUDIENCE, MEMBERS, audience_filter
from search.backends.base import IndexSettings
from search.documents import plain_text
from search.registry import IndexDefinition, register
from search.stop_words import FRENCH_STOP_WORDS

NEWS_INDEX = "news"

NEWS_INDEX_SETTINGS = IndexSettings(
    searchable=["title", "summary", "body", "author"],
    filterable=[AUDIENCE, "author_id"],
    sortable=["published_at", "id"],  # the id breaks ties between items of the same second
    highlighted=["title", "summary", "body"],
    synonyms=mutual_synonyms(SYNONYM_GROUPS),
    stop_words=FRENCH_STOP_WORDS,
)


def indexable_news():
    """The items that belong in the index, evaluated when asked (the time is part of it)."""
    return NewsItem.objects.visible().select_related("author")


def news_document(item: NewsItem) -> dict:
    """What members read of a news item: its title, summary, text as shown (the rendered HTML
    as plain text), author and publication time."""
    with translation.override("fr"):
        author = item.author.display_name if item.author else _("Former member")
    return {
        "id": item.pk,
        "title": item.title,
        "summary": " ".join(item.summary.split()),
        "body": plain_text(item.html),
        "author": author,
        "author_id": item.author_id or 0,
        "published_at": int(item.published_at.timestamp()),
        AUDIENCE: [MEMBERS],
    }


register(
    IndexDefinition(
        name=NEWS_INDEX,
        settings=NEWS_INDEX_SETTINGS,
        queryset=indexable_news,
        to_document=news_document,
        access_filter=audience_filter,
    )
)
