"""The news feed in the global search (search/everywhere.py): the same rules as the news search
(news/search.py): the news index with its access filter, then the items the reader sees now
(a pending, hidden or still scheduled item is never a hit). Without the engine, the visible
items whose title, summary or text holds the words, newest first."""

from django.utils.translation import gettext_lazy

from news import permissions
from news.models import NewsItem
from news.search import _results
from news.search_indexes import NEWS_INDEX
from search.backends.base import SearchUnavailable
from search.everywhere import (
    Section,
    SectionHit,
    SectionResults,
    database_words,
    register_section,
)
from search.query import search_index


def _hit(item: NewsItem, title: str, excerpt: str) -> SectionHit:
    return SectionHit(title=title, url=item.get_absolute_url(), excerpt=excerpt,
                      context=item.author.display_name if item.author else "")


def _without_engine(user, query: str, limit: int, offset: int) -> SectionResults:
    items = NewsItem.objects.visible().filter(database_words(query, "title", "summary", "body"))
    page = items.select_related("author__profile").order_by("-published_at", "-pk")
    return SectionResults(total=items.count(), unavailable=True, hits=[
        _hit(item, item.title, item.summary) for item in page[offset:offset + limit]
        if permissions.can_view_news(user, item)])


def search_news_section(user, query: str, *, limit: int, offset: int) -> SectionResults:
    try:
        found = search_index(NEWS_INDEX, user=user, query=query, limit=limit, offset=offset)
    except SearchUnavailable:
        return _without_engine(user, query, limit, offset)
    if not found.hits:  # no database query for a kind that found nothing
        return SectionResults(total=found.total)
    return SectionResults(total=found.total, hits=[
        _hit(result.item, result.title, result.excerpt) for result in _results(user, found.hits)
    ])


register_section(Section(key="actualites", label=gettext_lazy("News"), order=40,
                         search=search_news_section, allowed=permissions.can_search_news))
