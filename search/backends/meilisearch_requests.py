"""What the Meilisearch backend sends (filters, queries, sorts and index settings, built from our
structured values and checked before they leave) and how it reads the answers (see
``meilisearch.MeilisearchBackend``).

Filters are built from the structured ``Filters`` dict with every value quoted and escaped; the
query text is never part of the filter.
"""

import re
import unicodedata
from typing import Any

from search.backends.base import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    MATCHING_STRATEGIES,
    Filters,
    FilterValue,
    Hit,
    IndexSettings,
    SearchResults,
)
from search.backends.synonyms import (
    applicable,
    folded_stop_words,
    query_without_inner_stop_words,
    with_synonym_field,
)

MAX_QUERY_CHARS = 500
MAX_TOTAL_HITS = 100_000
MAX_VALUES_PER_FACET = 1000

ATTRIBUTE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$")
# Words the filter parser reserves; an attribute spelled like one would change the expression.
RESERVED = {
    "AND",
    "OR",
    "IN",
    "NOT",
    "TO",
    "EXISTS",
    "IS",
    "NULL",
    "EMPTY",
    "CONTAINS",
    "STARTS",
    "WITH",
}
SORT_DIRECTIONS = {"asc", "desc"}
# Meilisearch's default rules, in its order (``sort`` after relevance): with ``sort_first``
# (the default), ``sort`` moves right after ``words``. An index's tie breaker comes last.
RANKING_RULES = ["words", "typo", "proximity", "attribute", "sort", "exactness"]
_SPACES = re.compile(r"\s+")


def check_attribute(name: str) -> str:
    if (
        not isinstance(name, str)
        or not ATTRIBUTE.match(name)
        or name in RESERVED
        or name.startswith("_geo")
    ):
        raise ValueError(f"Invalid search attribute name: {name!r}")
    return name


def filter_value(value: FilterValue) -> str:
    """One filter value; strings double-quoted, ``\\`` and ``"`` escaped (Meilisearch >= 1.4)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    raise TypeError(f"Unsupported filter value {value!r} ({type(value).__name__})")


def build_filter(filters: Filters | None) -> str | None:
    """``{"a": ["x", "y"], "b": [True]}`` -> ``(a = "x" OR a = "y") AND (b = true)``."""
    clauses = []
    for key, values in (filters or {}).items():
        check_attribute(key)
        if isinstance(values, str | bytes) or not isinstance(values, list | tuple | set):
            raise TypeError(f"Filter values for {key!r} must be a list, not {values!r}")
        if not values:
            raise ValueError(f"Filter {key!r} has no values")
        clauses.append("(" + " OR ".join(f"{key} = {filter_value(v)}" for v in values) + ")")
    return " AND ".join(clauses) or None


def clean_query(text: str) -> str:
    """Drop control, zero-width and private-use characters (our highlight marks), cap length."""
    kept = "".join(
        " " if unicodedata.category(char)[0] == "C" else char
        for char in (text or "")[: MAX_QUERY_CHARS * 4]
    )
    return _SPACES.sub(" ", kept).strip()[:MAX_QUERY_CHARS]


def ranking_rules(settings: IndexSettings) -> list[str]:
    """The ranking rules of an index: Meilisearch's, ``sort`` where the index wants it, then
    its tie breaker (a sortable attribute), so that equal scores keep one order between runs
    and reindexes."""
    rules = list(RANKING_RULES)
    if settings.sort_first:
        # "Newest first" with a query: among the documents with the most query words, the
        # requested order decides; typo, proximity, attribute and exactness only break ties.
        rules.remove("sort")
        rules.insert(rules.index("words") + 1, "sort")
    if not settings.tie_breaker:
        return rules
    if settings.tie_breaker not in settings.sortable:
        raise ValueError(f"The tie breaker {settings.tie_breaker!r} must be sortable")
    return [*rules, f"{check_attribute(settings.tie_breaker)}:asc"]


def exact_last_word(query: str, exact_words: set[str]) -> str:
    """``query``, followed by a space when its last word must not match as a prefix (an
    acronym): Meilisearch treats the last word as a prefix only when nothing follows it."""
    last = re.findall(r"[^\W_]+", query)[-1:]
    return f"{query} " if last and last[0].casefold() in exact_words else query


def check_sort(item: str) -> str:
    field, _, direction = item.rpartition(":")
    if direction not in SORT_DIRECTIONS:
        raise ValueError(f"Sort {item!r} must be 'field:asc' or 'field:desc'")
    check_attribute(field)
    return item


def settings_body(settings: IndexSettings) -> dict[str, Any]:
    """The body of ``PATCH /indexes/{uid}/settings``: every setting we rely on, always all of
    them, so that an index is never left with some of Meilisearch's defaults."""
    settings = with_synonym_field(settings)
    for attribute in [*settings.searchable, *settings.filterable, *settings.sortable]:
        check_attribute(attribute)
    if settings.matching_strategy not in MATCHING_STRATEGIES:
        raise ValueError(f"Unknown matching strategy {settings.matching_strategy!r}")
    return {
        "searchableAttributes": list(settings.searchable),
        "filterableAttributes": list(settings.filterable),
        "sortableAttributes": list(settings.sortable),
        "displayedAttributes": ["*"],
        # Only what Meilisearch applies (see ``synonyms``): the embedded engine does the same.
        "synonyms": applicable(settings.synonyms, settings.stop_words),
        "stopWords": list(settings.stop_words),
        "rankingRules": ranking_rules(settings),
        # Acronyms: no typo (and, at the end of a query, no prefix: see ``exact_last_word``).
        "typoTolerance": {
            "enabled": True,
            "disableOnWords": [word.casefold() for word in settings.exact_words],
        },
        "pagination": {"maxTotalHits": MAX_TOTAL_HITS},
        # The most frequent values first (Meilisearch's default is alphabetical): past the
        # first 1,000 a facet loses its rarest values, not those late in the alphabet, as the
        # embedded engine's terms aggregation does.
        "faceting": {
            "maxValuesPerFacet": MAX_VALUES_PER_FACET,
            "sortFacetValuesBy": {"*": "count"},
        },
    }


def search_params(
    settings: IndexSettings | None,
    *,
    filters: Filters,
    facets: list[str] | None,
    sort: list[str] | None,
    limit: int,
    offset: int,
    attributes: list[str] | None,
) -> tuple[dict[str, Any], list[str]]:
    """A search's parameters, checked, and the attributes it highlights. ``settings``: the
    index's, when prepared in this process (else every word must match, nothing highlighted,
    as the embedded engine would with its defaults)."""
    strategy = settings.matching_strategy if settings else "all"
    params: dict[str, Any] = {"limit": limit, "offset": offset, "matchingStrategy": strategy}
    expression = build_filter({key: values for key, values in filters.items() if values})
    if expression:
        params["filter"] = expression
    if facets:
        params["facets"] = [check_attribute(f) for f in facets]
    if sort:
        params["sort"] = [check_sort(s) for s in sort]
    if attributes is not None:
        params["attributesToSearchOn"] = [check_attribute(a) for a in attributes]
    highlighted = list(settings.highlighted) if settings else []
    if highlighted:
        params["attributesToHighlight"] = highlighted
        params["highlightPreTag"] = HIGHLIGHT_START
        params["highlightPostTag"] = HIGHLIGHT_END
    return params, highlighted


def query_text(query: str, settings: IndexSettings | None) -> str:
    """The words sent: cleaned, without stop words inside (see synonyms), an acronym at the
    end kept whole."""
    text = clean_query(query)
    if settings and settings.stop_words:
        text = query_without_inner_stop_words(text, folded_stop_words(settings.stop_words))
    if settings and settings.exact_words:
        text = exact_last_word(text, {w.casefold() for w in settings.exact_words})
    return text


def facet_query(main: dict[str, Any], facet: str, filters: Filters) -> dict[str, Any]:
    """A query of a multi-search counting ``facet``'s values among the documents that match
    ``main``'s words (same index, strategy and attributes) and ``filters`` instead of its own."""
    query = {
        key: value for key, value in main.items()
        if key in ("indexUid", "q", "matchingStrategy", "attributesToSearchOn")
    }
    query |= {"limit": 0, "facets": [check_attribute(facet)]}
    expression = build_filter(filters)
    if expression:
        query["filter"] = expression
    return query


def read_results(
    response: dict[str, Any], primary_key: str, highlighted: list[str], facets: list[str]
) -> SearchResults:
    """Our results from a search response: hits without Meilisearch's ``_`` keys (nor our
    ``_synonyms``), the highlighted attributes, the facet counts asked for."""
    hits = []
    for raw in response.get("hits", []):
        formatted = raw.get("_formatted") or {}
        hits.append(
            Hit(
                id=str(raw[primary_key]),
                document={k: v for k, v in raw.items() if not k.startswith("_")},
                highlighted={a: formatted[a] for a in highlighted if a in formatted},
            )
        )
    total = response.get("totalHits", response.get("estimatedTotalHits", len(hits)))
    distribution = response.get("facetDistribution") or {}
    return SearchResults(
        hits=hits,
        total=int(total),
        facets={f: dict(distribution.get(f, {})) for f in facets},
    )
