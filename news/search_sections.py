"""The news feed in the global search (search/everywhere.py): the same rules as the news search
(news/search.py): the news index with its access filter, then the items the reader sees now
(a pending, hidden or still scheduled item is never a hit)."""

from django.utils.translation import gettext_lazy

from news import permissions
from news.search import _results
from news.search_indexes import NEWS_INDEX
from search.everywhere import Section, SectionHit, SectionResults, register_section
from search.query import search_index


def search_news_section(user, query: str, *, limit: int, offset: int) -> SectionResults:
    found = search_index(NEWS_INDEX, user=user, query=query, limit=limit, offset=offset)
    if not found.hits:  # no database query for a kind that found nothing
        return SectionResults(total=found.total)
    return SectionResults(total=found.total, hits=[
        SectionHit(title=result.title, url=result.item.get_absolute_url(),
                   excerpt=result.excerpt,
                   context=result.item.author.display_name if result.item.author else "")
        for result in _results(user, found.hits)
    ])


register_section(Section(key="actualites", label=gettext_lazy("News"), order=40,
                         search=search_news_section, allowed=permissions.can_search_news))
