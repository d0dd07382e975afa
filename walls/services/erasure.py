"""What the walls let go of when an account closes (privacy/closure/, walls/data_erasure.py).

Bulk writes, not one ``post_delete`` per post: a member may leave thousands of posts and
comments, and the closing must stay one short transaction (bench/privacy_closure.py). The rules
are those of ``post_delete`` and ``comment_delete``: a deleted post or comment stays as an empty
row (reports and the log point at it), its attachments' files go once this commits, the
notifications that quoted it are withdrawn, and the index follows.
"""

from django.db import transaction
from django.utils import timezone

from notifications.services import withdraw as withdraw_notifications
from search.sync import schedule as schedule_index_update
from walls.models import Comment, Post, PostAttachment, Reaction
from walls.search_indexes import POSTS_INDEX
from walls.services.common import comment_key, post_key

CHUNK = 1000


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def _touched_posts(member) -> set[int]:
    posts = set(Post.objects.filter(author=member).values_list("pk", flat=True))
    posts |= set(Comment.objects.filter(author=member).values_list("post_id", flat=True))
    return posts


@transaction.atomic
def member_content_anonymise(*, member) -> dict[str, int]:
    """The member's posts and comments stay, signed "Ancien membre" (no author); their
    reactions go (a reaction is a person's, not content others need)."""
    touched = _touched_posts(member)
    posts = Post.objects.filter(author=member).update(author=None)
    comments = Comment.objects.filter(author=member).update(author=None)
    Post.objects.filter(pinned_by=member).update(pinned_by=None)
    reactions, _by_model = Reaction.objects.filter(member=member).delete()
    schedule_index_update(POSTS_INDEX, sorted(touched))
    return {"posts": posts, "comments": comments, "reactions": reactions}


@transaction.atomic
def member_content_erase(*, member) -> dict[str, int]:
    """The member's posts (with their attachments) and comments are deleted as their author
    would delete them; replies by others stay under a tombstone."""
    now = timezone.now()
    touched = _touched_posts(member)
    post_ids = list(Post.objects.filter(author=member).values_list("pk", flat=True))
    comment_ids = list(Comment.objects.filter(author=member).values_list("pk", flat=True))
    for chunk in _chunks(post_ids):
        PostAttachment.objects.filter(post_id__in=chunk).delete()  # files: on commit (signal)
        withdraw_notifications(keys=[post_key(pk) for pk in chunk])
    for chunk in _chunks(comment_ids):
        withdraw_notifications(keys=[comment_key(pk) for pk in chunk])
    posts = Post.objects.filter(author=member, deleted_at__isnull=True).update(
        deleted_at=now, body="", html="", pinned_at=None, pinned_by=None
    )
    Post.objects.filter(author=member).update(author=None, body="", html="")
    comments = Comment.objects.filter(author=member, deleted_at__isnull=True).update(
        deleted_at=now, body="", html=""
    )
    Comment.objects.filter(author=member).update(author=None, body="", html="")
    Post.objects.filter(pinned_by=member).update(pinned_by=None)
    reactions, _by_model = Reaction.objects.filter(member=member).delete()
    schedule_index_update(POSTS_INDEX, sorted(touched))
    return {"posts": posts, "comments": comments, "reactions": reactions}


def member_content_counts(member) -> dict[str, int]:
    return {
        "posts": Post.objects.filter(author=member, deleted_at__isnull=True).count(),
        "comments": Comment.objects.filter(author=member, deleted_at__isnull=True).count(),
    }
