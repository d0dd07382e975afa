"""The global search (*Rechercher partout*, the header box and /recherche/): one query over every
kind of thing a member may read, grouped by kind, each group counted.

Each kind is a **section** that its own app registers, in a module named ``search_sections.py``
(found at start-up like ``search_indexes.py``)::

    from search.everywhere import Section, SectionHit, SectionResults, register_section

    def search_posts_section(user, query: str, *, limit: int, offset: int) -> SectionResults:
        found = search_index(POSTS_INDEX, user=user, query=query, limit=limit, offset=offset)
        posts = visible_posts(user, ids_of(found.hits))   # the app's own permission rules
        return SectionResults(
            total=found.total,
            hits=[SectionHit(title=..., url=post.get_absolute_url(), excerpt=..., context=...)
                  for ... in ...],
        )

    register_section(Section(key="messages-murs", label=gettext_lazy("Wall posts"),
                             search=search_posts_section, order=20,
                             allowed=permissions.can_search_walls))

The contract of ``search``:

- ``query`` is already cleaned (``search.query.clean_query``) and never empty; ``limit`` is at
  least 1; ``offset`` is a multiple of ``limit`` and at most ``MAX_OFFSET``.
- It applies **the same permission rules as the app's own search page**: its index's access
  filter (``search.query.search_index`` adds it) and then the database check of what the member
  may read right now. A thing the member may not read is never a hit and never counted: the
  index must not hold it for them (the access attributes of ``search/access.py``).
- ``total`` is the number of matches (the engine's count); ``hits`` at most ``limit`` of them,
  best first. Titles and excerpts are plain text that may carry the highlight marks of
  ``search.backends.base``: the templates crop, escape and highlight them.
- A constant number of SQL queries, whatever the data: read the page's objects in one query.
- When the engine is unavailable it raises ``SearchUnavailable`` (the group then says it cannot
  be searched), or it falls back to the database by itself, with the same rights
  (``database_words`` helps), and returns ``unavailable=True``: the page then says that only
  exact words were looked for.

``allowed(user)`` says whether ``user`` may search this kind at all (a chat for which they have
no room, say); ``order`` places the group (members 10, questions 20, posts 30, news 40, projects
50, documents 60, events 70, chat messages 80). ``key`` is the group's value of ``type=`` in the
address (a stable French slug) and the prefix of its element ids: keep it short and lowercase.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.functional import Promise

from search.access import one_audience
from search.backends.base import SearchUnavailable

logger = logging.getLogger(__name__)

MAX_OFFSET = 1_000  # past this, a kind's pages are not tried: refine the words instead
FALLBACK_WORDS = 8  # words looked for in the database when the engine is unavailable


@dataclass(frozen=True)
class SectionHit:
    """One result as the header box and the results page show it."""

    title: str  # plain text, may carry highlight marks
    url: str
    excerpt: str = ""  # plain text, may carry highlight marks; cropped around the first one
    context: str = ""  # plain text: where and by whom ("Mur général · Claire Martin")


@dataclass
class SectionResults:
    hits: list[SectionHit] = field(default_factory=list)
    total: int = 0
    unavailable: bool = False  # the engine is down: no hits, or the database's fallback


@dataclass(frozen=True)
class Section:
    key: str
    label: str | Promise  # the group's heading, plural ("Members"), through gettext_lazy
    search: Callable[..., SectionResults]  # (user, query, *, limit, offset) -> SectionResults
    order: int = 100
    allowed: Callable[[Any], bool] = lambda user: True


_sections: dict[str, Section] = {}


def register_section(section: Section) -> Section:
    """Add (or replace, by key) a kind of result. Call it at import of ``search_sections.py``."""
    _sections[section.key] = section
    return section


def get_section(key: str) -> Section | None:
    return _sections.get(key)


def all_sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))


def sections_for(user: Any) -> list[Section]:
    """The kinds ``user`` may search, in their order."""
    return [section for section in all_sections() if section.allowed(user)]


@dataclass
class Group:
    """One kind's part of a global search."""

    section: Section
    results: SectionResults
    query: str = ""  # the address of this kind's own results (the results page sets it)
    failed: bool = False  # the engine was unavailable and the kind has no fallback

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def label(self) -> str:
        return str(self.section.label)

    @property
    def total(self) -> int:
        return self.results.total

    @property
    def hits(self) -> list[SectionHit]:
        return self.results.hits

    @property
    def unavailable(self) -> bool:
        return self.results.unavailable


def run_section(section: Section, user: Any, query: str, *, limit: int, offset: int = 0) -> Group:
    """One kind's hits; an unavailable engine gives an empty group that says so."""
    offset = max(0, min(offset, MAX_OFFSET))
    try:
        results = section.search(user, query, limit=limit, offset=offset)
    except SearchUnavailable:
        logger.warning("Search engine unavailable: the global search's %r group is empty.",
                       section.key)
        return Group(section=section, results=SectionResults(unavailable=True), failed=True)
    return Group(section=section, results=results)


def database_words(query: str, *fields: str) -> Q:
    """Every word of ``query`` (its first ``FALLBACK_WORDS``) in one of ``fields``, accents and
    case as typed: what a kind may look for in the database when the engine is unavailable."""
    condition = Q()
    for word in query.split()[:FALLBACK_WORDS]:
        one = Q()
        for name in fields:
            one |= Q(**{f"{name}__icontains": word})
        condition &= one
    return condition


def search_everywhere(user: Any, query: str, *, per_section: int,
                      only: Section | None = None) -> list[Group]:
    """Every kind ``user`` may search (or ``only`` one), ``per_section`` hits each, in order.
    An empty query searches nothing."""
    if not query:
        return []
    sections = [only] if only is not None else sections_for(user)
    with one_audience(user):  # the person's project keys, read once for every index
        return [run_section(section, user, query, limit=per_section) for section in sections]
