"""The posts index: what the walls' search (/mur/recherche/) knows about each post.

One document per post that every reader of its wall sees: published and not deleted. A hidden,
pending, rejected or deleted post is not in the index at all (sync deletes it), so no search can
return it, whoever asks. Its comments' text (published, not deleted) is a secondary field.

Sync (search/sync.py): walls/services/ schedules the post on every write that changes what is
indexed (post created, edited, deleted; comment created, edited, deleted), and walls/moderated.py
on every moderation decision on a post or one of its comments. Archiving a wall changes nothing
here: an archived wall stays readable, so its posts stay searchable (the results page reads the
wall's state from the database).

Access: each document carries ``audience`` (search/access.py). Every member reads every wall
today, so every post's audience is ``members``; a private wall or project would give its posts
its own key there, and nothing else would change.

News items (another app) will want their own ``news`` index built the same way: the same
``audience`` attribute and ``search.documents.plain_text``, and the results shown with
``crop`` and ``highlight`` (templates/walls/_search_result.html).
"""

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from community.search_indexes import SYNONYM_GROUPS, mutual_synonyms
from moderation.models import ModerationStatus
from search.access import AUDIENCE, MEMBERS, audience_filter
from search.backends.base import IndexSettings
from search.documents import plain_text
from search.registry import IndexDefinition, register
from search.stop_words import FRENCH_STOP_WORDS
from walls.models import Comment, Post, Wall

POSTS_INDEX = "posts"
# A post's comments are indexed up to this many characters in all (the first ones first): a
# very long thread stays findable by its beginning without making the document huge.
MAX_COMMENTS_TEXT = 50_000

POST_INDEX_SETTINGS = IndexSettings(
    searchable=["body", "comments", "author", "wall"],
    # ``kind``: the global search shows questions to peers as their own group.
    filterable=[AUDIENCE, "wall_id", "author_id", "kind"],
    sortable=["created_at", "id"],  # the id breaks ties between posts of the same second
    highlighted=["body", "comments"],
    synonyms=mutual_synonyms(SYNONYM_GROUPS),
    stop_words=FRENCH_STOP_WORDS,
)


def wall_audience(wall: Wall) -> list[str]:
    """Who may find the posts of ``wall``: every member, on every wall of the network
    (walls/permissions.py ``can_view_wall``); on a project's wall, whoever may find the project
    (projects/search_indexes.py ``project_audience``)."""
    if wall.is_project:
        from projects.search_indexes import project_audience  # projects import the walls

        project = getattr(wall, "project", None)
        return project_audience(project) if project is not None else []
    return [MEMBERS]


def _published(queryset):
    return queryset.filter(deleted_at__isnull=True, moderation_status=ModerationStatus.PUBLISHED)


def indexable_posts():
    """The posts that belong in the index, with what ``post_document`` reads (three queries
    per batch, whatever the number of comments)."""
    comments = _published(Comment.objects.all()).order_by("created_at", "pk").only(
        "pk", "post", "html"
    )
    return (
        _published(Post.objects.all())
        .select_related("wall__project", "author")
        .prefetch_related(Prefetch("comments", queryset=comments, to_attr="indexed_comments"))
    )


def _comment_texts(post: Post) -> list[str]:
    texts, total = [], 0
    for comment in post.indexed_comments:
        text = plain_text(comment.html)
        if not text:
            continue
        total += len(text)
        if total > MAX_COMMENTS_TEXT:
            break
        texts.append(text)
    return texts


def post_document(post: Post) -> dict:
    """What members may read of a post on its wall: the text as shown (the rendered HTML as
    plain text, mentions as names), its comments, its wall and author, its date."""
    with translation.override("fr"):
        author = post.author.display_name if post.author else _("Former member")
    return {
        "id": post.pk,
        "kind": post.kind,
        "body": plain_text(post.html),
        "comments": _comment_texts(post),
        "author": author,
        "author_id": post.author_id or 0,
        "wall": post.wall.name,
        "wall_id": post.wall_id,
        "created_at": int(post.created_at.timestamp()),
        AUDIENCE: wall_audience(post.wall),
    }


register(
    IndexDefinition(
        name=POSTS_INDEX,
        settings=POST_INDEX_SETTINGS,
        queryset=indexable_posts,
        to_document=post_document,
        access_filter=audience_filter,
    )
)
