"""Searching an index on behalf of a person: their access filter is always applied."""

import re
import unicodedata
from typing import Any

from search.backends import get_backend
from search.backends.base import Filters, SearchResults
from search.indexing import ensure_configured
from search.registry import get_index

MAX_QUERY_LENGTH = 200
_SPACES = re.compile(r"\s+")


def clean_query(text: str) -> str:
    """Drop control and invisible characters (zero-width spaces...), collapse spaces, cap length."""
    head = text[: MAX_QUERY_LENGTH * 4]
    kept = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in head)
    return _SPACES.sub(" ", kept).strip()[:MAX_QUERY_LENGTH]


def restrict(filters: Filters, access: Filters) -> Filters:
    """Combine a person's filters with their access filter: access always narrows."""
    combined = dict(filters)
    for key, allowed in access.items():
        wanted = filters.get(key)
        combined[key] = list(allowed) if wanted is None else [v for v in wanted if v in allowed]
    return combined


def search_index(
    index: str,
    *,
    user: Any,
    query: str = "",
    filters: Filters | None = None,
    facets: list[str] | None = None,
    sort: list[str] | None = None,
    limit: int = 20,
    offset: int = 0,
    attributes: list[str] | None = None,
    disjunctive_facets: bool = False,
) -> SearchResults:
    """``disjunctive_facets``: a facet in use is counted without its own filter (values of a
    facet combine with OR, so its other values show how many more choosing them would add);
    the person's access filter still applies to every count."""
    definition = get_index(index)
    access = definition.access_filter(user)
    filters = filters or {}
    combined = restrict(filters, access)
    if any(values == [] for values in combined.values()):
        return SearchResults(hits=[], total=0, facets={})
    facet_filters = None
    if disjunctive_facets:
        facet_filters = {
            name: restrict({key: v for key, v in filters.items() if key != name}, access)
            for name in facets or [] if name in filters
        }
    ensure_configured(index)
    return get_backend().search(
        index,
        clean_query(query),
        filters=combined,
        facets=facets,
        sort=sort,
        limit=limit,
        offset=offset,
        attributes=attributes,
        facet_filters=facet_filters,
    )
