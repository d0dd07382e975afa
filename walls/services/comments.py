"""Comments and replies (one level): write, edit, delete, report."""


from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chat.rendering import render_message
from moderation import services as moderation
from moderation.models import Report
from notifications.models import Notification
from notifications.services import withdraw as withdraw_notifications
from walls import permissions
from walls.models import (
    Comment,
    Post,
)
from walls.services.common import (
    add_recipient,
    announce,
    clean_body,
    comment_key,
    locked_comment,
    members_for,
    notify_all,
    reindex_post,
)


@transaction.atomic
def comment_create(*, actor, post: Post, body: str, parent_id: int | None = None) -> Comment:
    """A comment on a post, or a reply to one of its comments. Replies have one level: a reply
    to a reply joins the thread of the comment that started it."""
    post = Post.objects.select_related("wall", "author").get(pk=post.pk)
    if not permissions.can_interact_with_post(actor, post):
        raise PermissionDenied
    body = clean_body(body)
    replied_to = thread = None
    if parent_id is not None:
        replied_to = (Comment.objects.select_related("author", "parent__author")
                      .filter(pk=parent_id, post=post).first())
        if replied_to is not None:
            replied_to.post = post
        if (replied_to is None or not replied_to.is_published
                or not permissions.can_view_comment(actor, replied_to)):
            raise ValidationError(_("The comment you reply to is not on this post."))
        thread = replied_to.parent or replied_to
    html, mentioned = render_message(body, members_for(body))
    comment = Comment.objects.create(post=post, author=actor, parent=thread, body=body,
                                     html=html)
    reindex_post(post.pk)
    announce(post.wall, actor, post_id=post.pk, comment_id=comment.pk)
    recipients: dict = {}
    if replied_to is not None:
        add_recipient(recipients, replied_to.author, Notification.Kind.REPLY, actor)
        add_recipient(recipients, thread.author, Notification.Kind.REPLY, actor)
    for person in mentioned:
        add_recipient(recipients, person, Notification.Kind.MENTION, actor)
    # A top-level comment on a question is an answer.
    add_recipient(recipients, post.author,
         Notification.Kind.ANSWER if post.is_question and thread is None
         else Notification.Kind.COMMENT, actor)
    notify_all(recipients, actor=actor, html=html, url=comment.get_absolute_url(),
                key=comment_key(comment.pk), wall=post.wall)
    return comment


@transaction.atomic
def comment_edit(*, actor, comment: Comment, body: str) -> Comment:
    body = clean_body(body)
    comment = locked_comment(comment)
    if not permissions.can_edit_comment(actor, comment):
        raise PermissionDenied
    if body == comment.body:
        return comment
    members = members_for(body, comment.body)
    _old_html, before = render_message(comment.body, members)
    comment.html, mentioned = render_message(body, members)
    comment.body = body
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "html", "edited_at"])
    reindex_post(comment.post_id)
    # Whoever the comment already notified (the post's author, the thread's) is not told again.
    known = {person.pk for person in before} | {comment.post.author_id}
    if comment.parent is not None:
        known.add(comment.parent.author_id)
    recipients: dict = {}
    for person in mentioned:
        if person.pk not in known:
            add_recipient(recipients, person, Notification.Kind.MENTION, actor)
    notify_all(recipients, actor=actor, html=comment.html, url=comment.get_absolute_url(),
                key=comment_key(comment.pk), wall=comment.post.wall)
    return comment


@transaction.atomic
def comment_delete(*, actor, comment: Comment) -> Comment:
    """The author takes their comment back; its replies stay, under a tombstone."""
    comment = locked_comment(comment)
    if comment.is_deleted:
        return comment
    if not permissions.can_delete_comment(actor, comment):
        raise PermissionDenied
    comment.deleted_at = timezone.now()
    comment.body = comment.html = ""
    comment.save(update_fields=["deleted_at", "body", "html"])
    reindex_post(comment.post_id)
    withdraw_notifications(key=comment_key(comment.pk))
    return comment


@transaction.atomic
def comment_report(*, actor, comment: Comment, reason: str) -> Report:
    comment = (Comment.objects.select_related("post__wall", "post__author", "author")
               .get(pk=comment.pk))
    if not permissions.can_report_comment(actor, comment):
        raise PermissionDenied
    return moderation.report_create(
        actor=actor, target=comment, reason=reason, excerpt=comment.body,
        target_author=comment.author,
        context_label=_("Comment on the wall “%(name)s”") % {"name": comment.post.wall.name},
    )
