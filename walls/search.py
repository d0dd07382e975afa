"""The walls' search (*Rechercher dans les murs*, /mur/recherche/): one page of the posts that
match, as the reader may see them.

Matching and highlighting come from the posts index (walls/search_indexes.py), whose access
filter the search always carries. The posts themselves are then read from the database in one
query, and only those the reader may see right now are shown: an index a moment behind (a post
hidden while the engine was down) never shows what the wall no longer shows, and names and
dates are today's. When the engine is unavailable, the page falls back to the database: the
words in the text of the posts, newest first, without highlighting.
"""

import logging
from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import urlencode

from django.db.models import Q

from moderation.models import ModerationStatus
from search.backends.base import HIGHLIGHT_START, Hit, SearchUnavailable
from search.documents import plain_text
from search.pages import ResultsPage
from search.query import MAX_QUERY_LENGTH, clean_query, search_index
from walls import permissions
from walls.models import Post, Wall
from walls.search_indexes import POSTS_INDEX

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
MAX_OFFSET = 10_000  # a page number beyond this is not tried: the last page is shown instead
SORTS = {"pertinence": None, "recents": ["created_at:desc", "id:desc"]}  # URL value -> sort
DEFAULT_SORT = "pertinence"
FALLBACK_WORDS = 8  # words looked for in the database when the engine is unavailable


@dataclass(frozen=True)
class SearchParams:
    """What the address asks for (``q``, ``mur``, ``tri``, ``page``); anything it does not
    understand is ignored, never an error."""

    query: str = ""
    wall: Wall | None = None
    sort: str = DEFAULT_SORT
    page: int = 1
    query_shortened: bool = False
    ignored_filters: bool = False

    @classmethod
    def from_get(cls, data, walls: list[Wall]) -> "SearchParams":
        raw = " ".join(str(value) for value in data.getlist("q") if value)
        query = clean_query(raw)
        shortened = len(query) == MAX_QUERY_LENGTH and len(" ".join(raw.split())) > len(query)
        slug = data.get("mur", "")
        wall = next((w for w in walls if w.slug == slug), None) if slug else None
        sort = data.get("tri", "") or DEFAULT_SORT
        page = data.get("page", "")
        digits = page.isascii() and page.isdigit()
        number = (int(page) if len(page) <= 9 else MAX_OFFSET) if digits else 1
        return cls(
            query=query,
            wall=wall,
            sort=sort if sort in SORTS else DEFAULT_SORT,
            page=max(1, min(number, MAX_OFFSET // PAGE_SIZE + 1)),
            query_shortened=shortened,
            ignored_filters=bool(slug and wall is None) or sort not in SORTS,
        )

    def querystring(self, **changes) -> str:
        """The search as URL parameters, with ``changes`` (``page=2``, ``mur=None``)."""
        values = {
            "q": self.query,
            "mur": self.wall.slug if self.wall else "",
            "tri": "" if self.sort == DEFAULT_SORT else self.sort,
            "page": "",
        }
        values.update({key: "" if value is None else str(value) for key, value in changes.items()})
        return urlencode([(key, value) for key, value in values.items() if value])


@dataclass
class PostResult:
    """A post the reader may see, with the matching parts of its text marked (plain text:
    the template crops then escapes it with ``crop`` and ``highlight``)."""

    post: Post
    excerpt: str
    comment_excerpt: str = ""


@dataclass
class PostSearchPage(ResultsPage):
    params: SearchParams
    results: list[PostResult] = field(default_factory=list)

    page_size: ClassVar[int] = PAGE_SIZE

    @property
    def all_walls_query(self) -> str:
        return self.params.querystring(mur=None, page=None)

    @property
    def directory_query(self) -> str:
        """The same words in the members' directory."""
        return urlencode([("q", self.params.query)])

    def template_context(self) -> dict:
        return {"search": self, "params": self.params, "results": self.results}


def search_posts(user, params: SearchParams) -> PostSearchPage:
    """The page of posts that ``params`` asks for, as ``user`` sees them: one engine search
    (two when the page asked for is past the end) and one database query."""
    result = PostSearchPage(params=params, page=params.page)
    if not params.query or not permissions.can_search_walls(user):
        return result
    filters = {"wall_id": [params.wall.pk]} if params.wall else {}

    def fetch(page: int):
        return search_index(POSTS_INDEX, user=user, query=params.query, filters=filters,
                            sort=SORTS[params.sort], limit=PAGE_SIZE,
                            offset=(page - 1) * PAGE_SIZE)

    try:
        found = fetch(params.page)
        last = max(1, -(-found.total // PAGE_SIZE))
        if params.page > last:
            result.page = last
            found = fetch(last)
    except SearchUnavailable:
        logger.warning("Search engine unavailable: the walls' search falls back to the database.")
        return _database_page(user, params)
    result.total = found.total
    result.results = _results(user, found.hits)
    return result


def _visible(user, ids: list[int]) -> dict[int, Post]:
    """The posts among ``ids`` that ``user`` may read on their wall now (one query)."""
    posts = (
        Post.objects.filter(pk__in=ids, deleted_at__isnull=True,
                            moderation_status=ModerationStatus.PUBLISHED)
        .select_related("wall__project", "author__profile")
    )
    return {post.pk: post for post in posts if permissions.can_view_post(user, post)}


def _first_marked(values) -> str:
    if not isinstance(values, list):
        return ""
    return next((v for v in values if isinstance(v, str) and HIGHLIGHT_START in v), "")


def _results(user, hits: list[Hit]) -> list[PostResult]:
    ids = [int(hit.id) for hit in hits if str(hit.id).isdigit()]
    posts = _visible(user, ids)
    results = []
    for hit in hits:
        post = posts.get(int(hit.id)) if str(hit.id).isdigit() else None
        if post is None:
            continue
        body = hit.highlighted.get("body")
        if not isinstance(body, str):
            body = str(hit.document.get("body") or "")
        results.append(PostResult(
            post=post, excerpt=body,
            comment_excerpt=_first_marked(hit.highlighted.get("comments")),
        ))
    return results


def readable_walls(user) -> Q:
    """The posts on walls ``user`` may read, as a filter: a private project's wall only for
    its members. What the database fallbacks count, so that a count never reveals a post."""
    from projects.selectors import visible_projects  # projects import the walls

    return ~Q(wall__kind=Wall.Kind.PROJECT) | Q(
        wall__project__in=visible_projects(user).values("pk"))


def _database_page(user, params: SearchParams) -> PostSearchPage:
    """Posts whose text holds every word, newest first (the engine is unavailable)."""
    result = PostSearchPage(params=params, page=params.page, search_unavailable=True)
    posts = Post.objects.filter(readable_walls(user), deleted_at__isnull=True,
                                moderation_status=ModerationStatus.PUBLISHED)
    if params.wall:
        posts = posts.filter(wall=params.wall)
    for word in params.query.split()[:FALLBACK_WORDS]:
        posts = posts.filter(Q(body__icontains=word))
    result.total = posts.count()
    result.page = min(params.page, max(1, -(-result.total // PAGE_SIZE)))
    offset = (result.page - 1) * PAGE_SIZE
    page = posts.select_related("wall__project", "author__profile").order_by("-pk")[
        offset : offset + PAGE_SIZE
    ]
    result.results = [
        PostResult(post=post, excerpt=plain_text(post.html))
        for post in page if permissions.can_view_post(user, post)
    ]
    return result
