"""What the walls' services share: text rules, notification keys and recipients, the
posts index and the live ``wall`` frame."""

from html import unescape

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from chat.realtime import send_to_group_on_commit
from notifications.services import notify
from search.sync import schedule as schedule_index_update
from walls import permissions, selectors
from walls.models import (
    MAX_BODY_LENGTH,
    Comment,
    Post,
    Wall,
)
from walls.search_indexes import POSTS_INDEX

EXCERPT_LENGTH = 120


# How many of the suggested members an asker may tell about their question.
MAX_NOTIFIED_MEMBERS = 5


def clean_body(body: str) -> str:
    """The text of a post or comment, or a ValidationError saying what is wrong with it."""
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError(_("The message is empty."), code="empty")
    if len(body) > MAX_BODY_LENGTH:
        raise ValidationError(
            _("A message has at most %(max)d characters.") % {"max": MAX_BODY_LENGTH},
            code="too_long",
        )
    return body


def members_for(*texts: str) -> list:
    return selectors.mentionable_members() if any("@" in text for text in texts) else []


def excerpt(html: str) -> str:
    return Truncator(" ".join(unescape(strip_tags(html)).split())).chars(EXCERPT_LENGTH)


def author_name(user) -> str:
    return user.display_name if user is not None else _("Former member")


def post_key(post_id: int) -> str:
    """What notifications about a post are keyed by (notifications.models.Notification.key)."""
    return f"walls.post:{post_id}"


def comment_key(comment_id: int) -> str:
    return f"walls.comment:{comment_id}"


def notify_all(recipients: dict, *, actor, html: str, url: str, key: str,
                wall: Wall | None = None) -> None:
    """``recipients``: person id -> (person, kind), most specific kind first. On a project's
    wall, only the people who may read it are told (an excerpt of a private project must not
    reach anybody else)."""
    text = f"{author_name(actor)} — {excerpt(html)}"
    for person, kind in recipients.values():
        if wall is not None and wall.is_project and not permissions.can_view_wall(person, wall):
            continue
        notify(person, kind, actor, text, url, key=key)


def add_recipient(recipients: dict, person, kind: str, actor) -> None:
    if person is not None and person.pk != actor.pk and person.pk not in recipients:
        recipients[person.pk] = (person, kind)


def reindex_post(post_id: int) -> None:
    """The post's entry in the posts index follows once the transaction commits: added,
    replaced, or removed if the post no longer belongs there (hidden, deleted)."""
    schedule_index_update(POSTS_INDEX, [post_id])


def reindex_wall_posts(wall: Wall) -> None:
    """Every post of ``wall``: who may find them changed (a project's visibility)."""
    schedule_index_update(POSTS_INDEX, list(wall.posts.values_list("pk", flat=True)))


def announce(wall: Wall, actor, *, post_id: int, comment_id: int | None = None) -> None:
    """Tabs that follow the wall (the socket's ``follow`` frame, topic "wall") get a ``wall``
    frame, as it is, once the write has committed; static/js/walls.js counts it into its "new
    messages" bar. Nothing is announced if the write rolls back."""
    send_to_group_on_commit(wall.group_name, {
        "type": "wall", "wall": wall.pk, "post": post_id, "comment": comment_id,
        "posts": 0 if comment_id else 1, "comments": 1 if comment_id else 0,
        "author": actor.pk,
    })


def locked_post(post: Post) -> Post:
    return (Post.objects.select_for_update(of=("self",)).select_related("wall", "author")
            .get(pk=post.pk))


def locked_comment(comment: Comment) -> Comment:
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("post__wall", "post__author", "author", "parent__author")
        .get(pk=comment.pk)
    )
