"""Who may read, write and moderate what on the walls. Views, services, the moderation queue
and templates (through the views) all ask here.

Every member reads every wall, archived ones too. A hidden post or comment disappears for
members; moderators still see it (marked, with a Restore action), and so does its author, who is
told of the decision with a link to it. A deleted one is gone for everybody.
"""

from django.http import Http404

from moderation import permissions as moderation_permissions
from walls.models import Comment, Post, PostAttachment, Wall


def _is_member(user) -> bool:
    return bool(getattr(user, "is_member", False))


def _is_author(user, item) -> bool:
    return item.author_id is not None and item.author_id == getattr(user, "pk", None)


def can_moderate_walls(user) -> bool:
    """Open and archive themed walls, pin posts, hide and restore posts and comments."""
    return moderation_permissions.can_moderate(user)


# --- Walls ----------------------------------------------------------------------------------


def can_view_wall(user, wall: Wall) -> bool:
    """Every member reads every wall, except a project's, which follows the project."""
    if wall.is_project:
        from projects.permissions import can_view_project  # projects import the walls

        project = getattr(wall, "project", None)  # None: its project is gone
        return project is not None and can_view_project(user, project)
    return _is_member(user)


def can_watch_wall(user, wall_id: int) -> bool:
    """May this socket follow the wall's live activity (docs/realtime.md, "wall")? One query."""
    wall = Wall.objects.filter(pk=wall_id).first()
    return wall is not None and can_view_wall(user, wall)


def can_post_on_wall(user, wall: Wall) -> bool:
    """On a project's wall: the project's members, while they may write in it."""
    if wall.is_project:
        from projects.permissions import can_contribute_to_project

        project = getattr(wall, "project", None)
        return (project is not None and not wall.is_archived
                and can_contribute_to_project(user, project))
    return _is_member(user) and not wall.is_archived


def can_ask_on_wall(user, wall: Wall) -> bool:
    """Ask a question to peers: on the network's wall or an open themed wall, which every
    member reads, since the list of questions (/mur/questions/) shows them all."""
    return wall.kind in (Wall.Kind.GROUP, Wall.Kind.THEMED) and can_post_on_wall(user, wall)


def can_create_wall(user) -> bool:
    return can_moderate_walls(user)


def can_archive_wall(user, wall: Wall) -> bool:
    """The network's wall is never archived."""
    return (can_moderate_walls(user) and wall.kind == Wall.Kind.THEMED
            and not wall.is_archived)


def can_search_walls(user) -> bool:
    """The walls' search: whoever reads the walls (the posts index filters what each finds)."""
    return _is_member(user)


def get_wall_for_user(user, slug: str) -> Wall:
    wall = Wall.objects.filter(slug=slug).first()
    if wall is None or not can_view_wall(user, wall):
        raise Http404
    return wall


# --- Posts ----------------------------------------------------------------------------------


def can_view_post(user, post: Post) -> bool:
    if not _is_member(user) or post.is_deleted:
        return False
    if post.wall.is_project and not can_view_wall(user, post.wall):
        return False
    return post.is_published or can_moderate_walls(user) or _is_author(user, post)


def can_interact_with_post(user, post: Post) -> bool:
    """Comment and react: on a published post of an open wall only."""
    if not (can_view_post(user, post) and post.is_published and not post.wall.is_archived):
        return False
    return not post.wall.is_project or can_post_on_wall(user, post.wall)


def can_accept_answer(user, post: Post) -> bool:
    """The asker of a question, while it is open to answers."""
    return post.is_question and _is_author(user, post) and can_interact_with_post(user, post)


def can_notify_about_question(user, post: Post) -> bool:
    """The asker tells suggested members about their question (the same rule)."""
    return can_accept_answer(user, post)


def can_edit_post(user, post: Post) -> bool:
    """The author, while it is published and its wall open; moderators hide, never rewrite."""
    return _is_author(user, post) and can_interact_with_post(user, post)


def can_delete_post(user, post: Post) -> bool:
    """The author takes it back, hidden or not, archived wall or not."""
    return _is_author(user, post) and can_view_post(user, post)


def can_report_post(user, post: Post) -> bool:
    return not _is_author(user, post) and post.is_published and can_view_post(user, post)


def can_pin_post(user, post: Post) -> bool:
    return can_moderate_walls(user) and post.is_published and not post.is_deleted


def can_hide_post(user, post: Post) -> bool:
    return can_moderate_walls(user) and post.is_published and not post.is_deleted


def can_restore_post(user, post: Post) -> bool:
    return can_moderate_walls(user) and post.is_hidden and not post.is_deleted


def get_post_for_user(user, pk: int) -> Post:
    post = (Post.objects.select_related("wall__project", "author__profile")
            .filter(pk=pk).first())
    if post is None or not can_view_post(user, post):
        raise Http404
    return post


# --- Comments -------------------------------------------------------------------------------


def can_view_comment(user, comment: Comment) -> bool:
    if comment.is_deleted or not can_view_post(user, comment.post):
        return False
    return comment.is_published or can_moderate_walls(user) or _is_author(user, comment)


def can_edit_comment(user, comment: Comment) -> bool:
    return (_is_author(user, comment) and comment.is_published
            and can_view_comment(user, comment) and can_interact_with_post(user, comment.post))


def can_delete_comment(user, comment: Comment) -> bool:
    return _is_author(user, comment) and can_view_comment(user, comment)


def can_report_comment(user, comment: Comment) -> bool:
    return (not _is_author(user, comment) and comment.is_published
            and can_view_comment(user, comment))


def can_hide_comment(user, comment: Comment) -> bool:
    return (can_moderate_walls(user) and comment.is_published and not comment.is_deleted
            and not comment.post.is_deleted)


def can_restore_comment(user, comment: Comment) -> bool:
    return (can_moderate_walls(user) and comment.is_hidden and not comment.is_deleted
            and not comment.post.is_deleted)


def get_comment_for_user(user, pk: int) -> Comment:
    comment = (
        Comment.objects.select_related("post__wall__project", "post__author",
                                       "author__profile")
        .filter(pk=pk).first()
    )
    if comment is None or not can_view_comment(user, comment):
        raise Http404
    return comment


# --- Attachments ----------------------------------------------------------------------------


def can_download_attachment(user, attachment: PostAttachment) -> bool:
    """Whoever sees the post, while it is published (moderators also while it is hidden, to
    judge it), and once the virus scan, if any, has passed."""
    post = attachment.post
    if not can_view_post(user, post) or not attachment.is_available:
        return False
    return post.is_published or can_moderate_walls(user)


def get_attachment_for_user(user, pk: int) -> PostAttachment:
    """Not downloadable (a post deleted, hidden, out of reach, a file not scanned): 404."""
    attachment = (PostAttachment.objects.select_related("post__wall__project")
                  .filter(pk=pk).first())
    if attachment is None or not can_download_attachment(user, attachment):
        raise Http404
    return attachment
