"""Posts: publish, edit, delete, pin, report, and reactions."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chat.rendering import render_message
from documents.safety import CheckedFile
from moderation import services as moderation
from moderation.models import Report
from notifications.models import Notification
from notifications.services import withdraw as withdraw_notifications
from walls import attachments, permissions
from walls.models import (
    Post,
    Reaction,
    Wall,
)
from walls.services.common import (
    add_recipient,
    announce,
    clean_body,
    comment_key,
    locked_post,
    members_for,
    notify_all,
    post_key,
    reindex_post,
)


@transaction.atomic
def post_create(*, actor, wall: Wall, body: str, files: Sequence[CheckedFile] = ()) -> Post:
    """``files``: attachments already checked by documents.safety (walls/attachments.py counts
    them in the author's quota and stores them with the post, all or nothing)."""
    if not permissions.can_post_on_wall(actor, wall):
        raise PermissionDenied
    with attachments.storing(actor=actor, files=files) as store:
        post = publish_post(actor=actor, wall=wall, body=body)
        store(post)
    return post


def publish_post(*, actor, wall: Wall, body: str, **fields) -> Post:
    if not permissions.can_post_on_wall(actor, wall):
        raise PermissionDenied
    body = clean_body(body)
    html, mentioned = render_message(body, members_for(body))
    post = Post.objects.create(wall=wall, author=actor, body=body, html=html, **fields)
    reindex_post(post.pk)
    announce(wall, actor, post_id=post.pk)
    recipients: dict = {}
    for person in mentioned:
        add_recipient(recipients, person, Notification.Kind.MENTION, actor)
    notify_all(recipients, actor=actor, html=html, url=post.get_absolute_url(),
                key=post_key(post.pk), wall=wall)
    return post


@transaction.atomic
def post_edit(*, actor, post: Post, body: str) -> Post:
    """The author rewrites their post: rendered again, marked edited; whoever it now mentions
    for the first time is told."""
    body = clean_body(body)
    post = locked_post(post)
    if not permissions.can_edit_post(actor, post):
        raise PermissionDenied
    if body == post.body:
        return post
    members = members_for(body, post.body)
    _old_html, before = render_message(post.body, members)
    post.html, mentioned = render_message(body, members)
    post.body = body
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "html", "edited_at"])
    reindex_post(post.pk)
    known = {person.pk for person in before}
    recipients: dict = {}
    for person in mentioned:
        if person.pk not in known:
            add_recipient(recipients, person, Notification.Kind.MENTION, actor)
    notify_all(recipients, actor=actor, html=post.html, url=post.get_absolute_url(),
                key=post_key(post.pk), wall=post.wall)
    return post


@transaction.atomic
def post_delete(*, actor, post: Post) -> Post:
    """The author takes their post back: it leaves the wall for everyone (its comments too);
    the row stays, emptied, for the reports and the moderation log. Deleting it again changes
    nothing."""
    post = locked_post(post)
    if post.is_deleted:
        return post
    if not permissions.can_delete_post(actor, post):
        raise PermissionDenied
    post.deleted_at = timezone.now()
    post.body = post.html = ""
    post.pinned_at = None
    post.pinned_by = None
    post.save(update_fields=["deleted_at", "body", "html", "pinned_at", "pinned_by"])
    attachments.attachments_delete(post=post)
    reindex_post(post.pk)
    # Excerpts of what is gone must not outlive it in the notification centre.
    withdraw_notifications(key=post_key(post.pk), keys=[
        comment_key(comment_id) for comment_id in post.comments.values_list("pk", flat=True)
    ])
    return post


@transaction.atomic
def post_pin(*, actor, post: Post) -> Post:
    """A moderator keeps a post at the top of its wall."""
    post = locked_post(post)
    if not permissions.can_pin_post(actor, post):
        raise PermissionDenied
    if not post.is_pinned:
        post.pinned_at = timezone.now()
        post.pinned_by = actor
        post.save(update_fields=["pinned_at", "pinned_by"])
    return post


@transaction.atomic
def post_unpin(*, actor, post: Post) -> Post:
    post = locked_post(post)
    if not permissions.can_moderate_walls(actor):
        raise PermissionDenied
    if post.is_pinned:
        post.pinned_at = None
        post.pinned_by = None
        post.save(update_fields=["pinned_at", "pinned_by"])
    return post


@transaction.atomic
def post_report(*, actor, post: Post, reason: str) -> Report:
    """A member reports someone else's post to the moderators, with its text as it is now.
    Reporting it again changes nothing."""
    post = Post.objects.select_related("wall", "author").get(pk=post.pk)
    if not permissions.can_report_post(actor, post):
        raise PermissionDenied
    return moderation.report_create(
        actor=actor, target=post, reason=reason, excerpt=post.body, target_author=post.author,
        context_label=_("Wall “%(name)s”") % {"name": post.wall.name},
    )


@transaction.atomic
def reaction_toggle(*, actor, post: Post, kind: str) -> bool:
    """Add the member's reaction of ``kind`` to the post, or take it back; True if it is there
    now. Only on a published post of an open wall."""
    if kind not in Reaction.Kind.values:
        raise ValidationError(_("Unknown reaction."))
    post = Post.objects.select_related("wall").get(pk=post.pk)
    if not permissions.can_interact_with_post(actor, post):
        raise PermissionDenied
    removed, _rows = Reaction.objects.filter(post=post, member=actor, kind=kind).delete()
    if removed:
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(post=post, member=actor, kind=kind)
    except IntegrityError:  # the same click, twice at once
        pass
    return True
