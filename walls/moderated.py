"""What the moderation queue and ``moderation.services.decide`` may do with posts and comments
of the walls (moderation/registry.py). Hiding and restoring happen on the moderation app's
decision pages (``moderation.links.decision_url``), from the queue or from the wall."""

from django.utils.translation import gettext as _

from moderation.links import decision_url
from moderation.registry import TargetActions, moment, register
from notifications.services import withdraw as withdraw_notifications
from walls import permissions
from walls.models import Comment, Post
from walls.services import comment_key, post_key, reindex_post


def _when(item) -> str:
    return moment(item.created_at)


def _author(item) -> str:
    return item.author.display_name if item.author else _("Former member")


def describe_post(post: Post) -> str:
    """How the moderation log and the author's notification name a post."""
    return _("Post of %(author)s on “%(wall)s”, %(time)s") % {
        "author": _author(post), "wall": post.wall.name, "time": _when(post),
    }


def describe_comment(comment: Comment) -> str:
    return _("Comment of %(author)s on “%(wall)s”, %(time)s") % {
        "author": _author(comment), "wall": comment.post.wall.name, "time": _when(comment),
    }


def post_actions(moderator, post: Post) -> TargetActions:
    """A link to the post, and the page that hides it while it is published."""
    # A post of a private project the moderator is not part of: the report's snapshot only.
    view_url = post.get_absolute_url() if permissions.can_view_post(moderator, post) else ""
    if post.is_hidden:
        return TargetActions(view_url=view_url, removed=True)
    remove_url = decision_url(post, "hide") if permissions.can_hide_post(moderator, post) else ""
    return TargetActions(view_url=view_url, remove_url=remove_url)


def comment_actions(moderator, comment: Comment) -> TargetActions:
    view_url = (comment.get_absolute_url() if permissions.can_view_comment(moderator, comment)
                else "")
    if comment.is_hidden:
        return TargetActions(view_url=view_url, removed=True)
    remove_url = ""
    if permissions.can_hide_comment(moderator, comment):
        remove_url = decision_url(comment, "hide")
    return TargetActions(view_url=view_url, remove_url=remove_url)


def _remember_projects(walls, moderator) -> None:
    """The moderator's memberships of the projects whose walls these are, in one query, for
    ``can_view_post`` (a private project's post is seen by its members only)."""
    projects = [wall.project for wall in walls
                if wall.is_project and getattr(wall, "project", None) is not None]
    if projects:
        from projects.selectors import remember_for  # projects import the walls

        remember_for(moderator, projects)


def prepare_posts(posts, moderator) -> None:
    _remember_projects([post.wall for post in posts], moderator)


def prepare_comments(comments, moderator) -> None:
    _remember_projects([comment.post.wall for comment in comments], moderator)


def post_decided(post: Post, decision: str) -> None:
    """A hidden post's excerpt leaves the notification centre with it; the posts index follows
    every decision (hidden: removed; restored or approved: back)."""
    reindex_post(post.pk)
    if decision == "hide":
        withdraw_notifications(key=post_key(post.pk))


def comment_decided(comment: Comment, decision: str) -> None:
    """The comment's text leaves its post's index entry when hidden, and comes back."""
    reindex_post(comment.post_id)
    if decision == "hide":
        withdraw_notifications(key=comment_key(comment.pk))


def register_moderated() -> None:
    """What the author deleted no longer exists for the queue: its reports say so, and no
    decision can be taken on it."""
    register(
        Post,
        queryset=lambda: Post.objects.filter(deleted_at__isnull=True)
        .select_related("wall__project", "author"),
        actions=post_actions,
        author=lambda post: post.author,
        describe=describe_post,
        url=lambda post: post.get_absolute_url(),
        on_decided=post_decided,
        excerpt=lambda post: post.body,
        prepare=prepare_posts,
    )
    register(
        Comment,
        queryset=lambda: Comment.objects.filter(deleted_at__isnull=True,
                                                post__deleted_at__isnull=True)
        .select_related("post__wall__project", "author"),
        actions=comment_actions,
        author=lambda comment: comment.author,
        describe=describe_comment,
        url=lambda comment: comment.get_absolute_url(),
        on_decided=comment_decided,
        excerpt=lambda comment: comment.body,
        prepare=prepare_comments,
    )
