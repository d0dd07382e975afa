"""The news search (*Rechercher dans les actualités*, /actualites/recherche/): one page of the
news items that match, as the reader may see them.

Matching and highlighting come from the news index (news/search_indexes.py), whose access
filter every search carries. The items are then read from the database in one query, and only
those the reader sees right now are shown: an index a moment behind (an item hidden while the
engine was down) never shows what the feed no longer shows. When the engine is unavailable, the
page falls back to the database: the words in the title and summary, newest first.
"""

import logging
from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import urlencode

from django.db.models import Q

from news import permissions
from news.models import NewsItem
from news.search_indexes import NEWS_INDEX
from search.backends.base import HIGHLIGHT_START, Hit, SearchUnavailable
from search.pages import ResultsPage
from search.query import MAX_QUERY_LENGTH, clean_query, search_index

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
MAX_OFFSET = 10_000  # a page number beyond this is not tried
SORTS = {"pertinence": None, "recents": ["published_at:desc", "id:desc"]}  # URL value -> sort
DEFAULT_SORT = "pertinence"
FALLBACK_WORDS = 8


@dataclass(frozen=True)
class NewsSearchParams:
    """What the address asks for (``q``, ``tri``, ``page``); what it does not understand is
    ignored, never an error."""

    query: str = ""
    sort: str = DEFAULT_SORT
    page: int = 1
    query_shortened: bool = False
    ignored_filters: bool = False

    @classmethod
    def from_get(cls, data) -> "NewsSearchParams":
        raw = " ".join(str(value) for value in data.getlist("q") if value)
        query = clean_query(raw)
        shortened = len(query) == MAX_QUERY_LENGTH and len(" ".join(raw.split())) > len(query)
        sort = data.get("tri", "") or DEFAULT_SORT
        page = data.get("page", "")
        digits = page.isascii() and page.isdigit()
        number = (int(page) if len(page) <= 9 else MAX_OFFSET) if digits else 1
        return cls(
            query=query, sort=sort if sort in SORTS else DEFAULT_SORT,
            page=max(1, min(number, MAX_OFFSET // PAGE_SIZE + 1)),
            query_shortened=shortened, ignored_filters=sort not in SORTS,
        )

    def querystring(self, **changes) -> str:
        values = {"q": self.query, "tri": "" if self.sort == DEFAULT_SORT else self.sort,
                  "page": ""}
        values.update({key: "" if value is None else str(value) for key, value in changes.items()})
        return urlencode([(key, value) for key, value in values.items() if value])


@dataclass
class NewsResult:
    """An item the reader may see, with the matching words marked (plain text: the template
    crops, escapes and highlights it)."""

    item: NewsItem
    title: str
    excerpt: str


@dataclass
class NewsSearchPage(ResultsPage):
    params: NewsSearchParams
    results: list[NewsResult] = field(default_factory=list)

    page_size: ClassVar[int] = PAGE_SIZE

    @property
    def same_words(self) -> str:
        """The same words, for the walls' search and the members' directory."""
        return urlencode([("q", self.params.query)])


def search_news(user, params: NewsSearchParams) -> NewsSearchPage:
    """The page of items that ``params`` asks for, as ``user`` sees them: one engine search
    (two when the page asked for is past the end) and one database query."""
    result = NewsSearchPage(params=params, page=params.page)
    if not params.query or not permissions.can_search_news(user):
        return result

    def fetch(page: int):
        return search_index(NEWS_INDEX, user=user, query=params.query, sort=SORTS[params.sort],
                            limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)

    try:
        found = fetch(params.page)
        last = max(1, -(-found.total // PAGE_SIZE))
        if params.page > last:
            result.page = last
            found = fetch(last)
    except SearchUnavailable:
        logger.warning("Search engine unavailable: the news search falls back to the database.")
        return _database_page(user, params)
    result.total = found.total
    result.results = _results(user, found.hits)
    return result


def _marked(hit: Hit, name: str) -> str:
    value = hit.highlighted.get(name)
    if not isinstance(value, str):
        value = hit.document.get(name)
    return value if isinstance(value, str) else ""


def _results(user, hits: list[Hit]) -> list[NewsResult]:
    ids = [int(hit.id) for hit in hits if str(hit.id).isdigit()]
    items = {
        item.pk: item for item in
        NewsItem.objects.visible().filter(pk__in=ids).select_related("author__profile")
        if permissions.can_view_news(user, item)
    }
    results = []
    for hit in hits:
        item = items.get(int(hit.id)) if str(hit.id).isdigit() else None
        if item is None:
            continue
        body = _marked(hit, "body")
        summary = _marked(hit, "summary")
        # The summary, unless only the text holds the words: then the text, around them.
        excerpt = body if HIGHLIGHT_START in body and HIGHLIGHT_START not in summary else summary
        results.append(NewsResult(item=item, title=_marked(hit, "title") or item.title,
                                  excerpt=excerpt or item.summary))
    return results


def _database_page(user, params: NewsSearchParams) -> NewsSearchPage:
    """Items whose title, summary or text holds every word, newest first (no engine)."""
    result = NewsSearchPage(params=params, page=params.page, search_unavailable=True)
    items = NewsItem.objects.visible()
    for word in params.query.split()[:FALLBACK_WORDS]:
        items = items.filter(Q(title__icontains=word) | Q(summary__icontains=word)
                             | Q(body__icontains=word))
    result.total = items.count()
    result.page = min(params.page, max(1, -(-result.total // PAGE_SIZE)))
    offset = (result.page - 1) * PAGE_SIZE
    page = items.select_related("author__profile").order_by("-published_at", "-pk")[
        offset : offset + PAGE_SIZE
    ]
    result.results = [NewsResult(item=item, title=item.title, excerpt=item.summary)
                      for item in page if permissions.can_view_news(user, item)]
    return result
