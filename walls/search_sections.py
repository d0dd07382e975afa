"""The walls' kinds in the global search (search/everywhere.py): questions to peers, and the
other wall posts, each its own group. The same rules as the walls' search (walls/search.py): the
posts index with its access filter, then the posts the reader may see on their wall right now.
A match in a comment shows that comment's words. Without the engine, the posts whose text
holds the words, newest first, on the walls the reader may read (a private project's wall only
for its members), counted in the database with the same rule."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from moderation.models import ModerationStatus
from search.backends.base import HIGHLIGHT_START, SearchUnavailable
from search.everywhere import (
    Section,
    SectionHit,
    SectionResults,
    database_words,
    register_section,
)
from search.query import search_index
from walls import permissions
from walls.models import Post
from walls.search import _first_marked, _visible, readable_walls
from walls.search_indexes import POSTS_INDEX


def _author(post: Post) -> str:
    return post.author.display_name if post.author else _("Former member")


def _without_engine(user, kind: str, query: str, limit: int, offset: int) -> SectionResults:
    posts = Post.objects.filter(readable_walls(user), database_words(query, "body"), kind=kind,
                                deleted_at__isnull=True,
                                moderation_status=ModerationStatus.PUBLISHED)
    page = posts.select_related("wall__project", "author__profile").order_by("-pk")
    return SectionResults(total=posts.count(), unavailable=True, hits=[
        SectionHit(title=_author(post), url=post.get_absolute_url(), excerpt=post.body,
                   context=post.wall.name)
        for post in page[offset:offset + limit] if permissions.can_view_post(user, post)])


def _kind_search(kind: str):
    def search(user, query: str, *, limit: int, offset: int) -> SectionResults:
        try:
            found = search_index(POSTS_INDEX, user=user, query=query,
                                 filters={"kind": [kind]}, limit=limit, offset=offset)
        except SearchUnavailable:
            return _without_engine(user, kind, query, limit, offset)
        if not found.hits:  # no database query for a kind that found nothing
            return SectionResults(total=found.total)
        posts = _visible(user, [int(hit.id) for hit in found.hits if str(hit.id).isdigit()])
        hits = []
        for hit in found.hits:
            post = posts.get(int(hit.id)) if str(hit.id).isdigit() else None
            if post is None:
                continue
            body = hit.highlighted.get("body")
            body = body if isinstance(body, str) else str(hit.document.get("body") or "")
            comment = _first_marked(hit.highlighted.get("comments"))
            in_comment = HIGHLIGHT_START not in body and comment
            hits.append(SectionHit(
                title=_author(post),
                url=post.get_absolute_url(),
                excerpt=(_("In a comment: %(text)s") % {"text": comment}) if in_comment else body,
                context=post.wall.name,
            ))
        return SectionResults(hits=hits, total=found.total)
    return search


register_section(Section(
    key="questions", label=gettext_lazy("Questions"), order=20,
    search=_kind_search(Post.Kind.QUESTION), allowed=permissions.can_search_walls,
))
register_section(Section(
    key="murs", label=gettext_lazy("Wall posts"), order=30,
    search=_kind_search(Post.Kind.POST), allowed=permissions.can_search_walls,
))
