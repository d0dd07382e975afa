"""Every write of the walls: walls, posts, comments, reactions, pins and reports.

Posts and comments are stored, then announced once the transaction has committed to the wall's
channel-layer group (``wall.<id>``, DESIGN.md §5) as a small ``wall`` frame: open tabs show a
"new messages" bar (static/js/walls.js). Hiding and restoring go through
``moderation.services.decide`` (walls/moderated.py says what the queue may do).

Search: every write that changes what the posts index holds (walls/search_indexes.py) schedules
the post in the same transaction (search/sync.py); the index follows once it has committed.

Notifications: @mentions, a comment on one's post, a reply to one's comment; never to oneself,
and each person at most once per post or comment, with the most specific kind (a reply before a
mention before a comment). Editing notifies only the people newly mentioned.
"""

from collections.abc import Sequence
from html import unescape

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _

from chat.realtime import send_to_group_on_commit
from chat.rendering import render_message
from community import taxonomy
from community.forms.fields import MAX_SKILL_LENGTH
from community.selectors import HELP_MAX_TAGS
from documents.safety import CheckedFile
from moderation import services as moderation
from moderation.models import ModerationStatus, Report
from notifications.models import Notification
from notifications.services import notify
from notifications.services import withdraw as withdraw_notifications
from search.sync import schedule as schedule_index_update
from walls import attachments, permissions, selectors
from walls.models import (
    MAX_BODY_LENGTH,
    MAX_WALL_DESCRIPTION_LENGTH,
    MAX_WALL_NAME_LENGTH,
    Comment,
    Post,
    Reaction,
    Wall,
)
from walls.search_indexes import POSTS_INDEX

EXCERPT_LENGTH = 120
# Paths under /mur/ that a themed wall's address must not take.
RESERVED_SLUGS = frozenset({"murs", "billet", "commentaire", "nouveau", "membres",
                            "recherche", "questions"})
# How many of the suggested members an asker may tell about their question.
MAX_NOTIFIED_MEMBERS = 5



# --- Text ---------------------------------------------------------------------------------


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


def _members_for(*texts: str) -> list:
    return selectors.mentionable_members() if any("@" in text for text in texts) else []


def _excerpt(html: str) -> str:
    return Truncator(" ".join(unescape(strip_tags(html)).split())).chars(EXCERPT_LENGTH)


def _author_name(user) -> str:
    return user.display_name if user is not None else _("Former member")


def post_key(post_id: int) -> str:
    """What notifications about a post are keyed by (notifications.models.Notification.key)."""
    return f"walls.post:{post_id}"


def comment_key(comment_id: int) -> str:
    return f"walls.comment:{comment_id}"


def _notify_all(recipients: dict, *, actor, html: str, url: str, key: str,
                wall: Wall | None = None) -> None:
    """``recipients``: person id -> (person, kind), most specific kind first. On a project's
    wall, only the people who may read it are told (an excerpt of a private project must not
    reach anybody else)."""
    text = f"{_author_name(actor)} — {_excerpt(html)}"
    for person, kind in recipients.values():
        if wall is not None and wall.is_project and not permissions.can_view_wall(person, wall):
            continue
        notify(person, kind, actor, text, url, key=key)


def _add(recipients: dict, person, kind: str, actor) -> None:
    if person is not None and person.pk != actor.pk and person.pk not in recipients:
        recipients[person.pk] = (person, kind)


def reindex_post(post_id: int) -> None:
    """The post's entry in the posts index follows once the transaction commits: added,
    replaced, or removed if the post no longer belongs there (hidden, deleted)."""
    schedule_index_update(POSTS_INDEX, [post_id])


def reindex_wall_posts(wall: Wall) -> None:
    """Every post of ``wall``: who may find them changed (a project's visibility)."""
    schedule_index_update(POSTS_INDEX, list(wall.posts.values_list("pk", flat=True)))


def _announce(wall: Wall, actor, *, post_id: int, comment_id: int | None = None) -> None:
    """Tabs that follow the wall (the socket's ``follow`` frame, topic "wall") get a ``wall``
    frame, as it is, once the write has committed; static/js/walls.js counts it into its "new
    messages" bar. Nothing is announced if the write rolls back."""
    send_to_group_on_commit(wall.group_name, {
        "type": "wall", "wall": wall.pk, "post": post_id, "comment": comment_id,
        "posts": 0 if comment_id else 1, "comments": 1 if comment_id else 0,
        "author": actor.pk,
    })


# --- Walls --------------------------------------------------------------------------------


def _unique_slug(name: str) -> str:
    base = slugify(name)[: MAX_WALL_NAME_LENGTH - 10].strip("-") or "mur"
    slug, number = base, 1
    while slug in RESERVED_SLUGS or Wall.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def wall_create(*, actor, name: str, description: str = "") -> Wall:
    """A themed wall, open to every member (moderators only)."""
    if not permissions.can_create_wall(actor):
        raise PermissionDenied
    name = " ".join((name or "").split())
    description = " ".join((description or "").split())
    if not name:
        raise ValidationError(_("Give the wall a name."))
    if len(name) > MAX_WALL_NAME_LENGTH or len(description) > MAX_WALL_DESCRIPTION_LENGTH:
        raise ValidationError(_("The name or the description is too long."))
    if Wall.objects.exclude(kind=Wall.Kind.PROJECT).filter(name__iexact=name).exists():
        raise ValidationError(_("A wall with this name already exists."))
    return Wall.objects.create(kind=Wall.Kind.THEMED, name=name, slug=_unique_slug(name),
                               description=description, created_by=actor)


@transaction.atomic
def project_wall_create(*, actor, name: str) -> Wall:
    """A project's discussion wall, which projects/services.py opens with the project: who
    reads and writes it is the project's business (walls/permissions.py asks the project)."""
    name = " ".join((name or "").split())[:MAX_WALL_NAME_LENGTH] or "projet"
    return Wall.objects.create(kind=Wall.Kind.PROJECT, name=name,
                               slug=_unique_slug(f"projet {name}"), created_by=actor)


@transaction.atomic
def project_wall_rename(*, wall: Wall, name: str) -> Wall:
    """The wall follows its project's title (search results name the wall of a post)."""
    name = " ".join((name or "").split())[:MAX_WALL_NAME_LENGTH]
    if wall.is_project and name and name != wall.name:
        wall.name = name
        wall.save(update_fields=["name"])
        reindex_wall_posts(wall)
    return wall


@transaction.atomic
def wall_archive(*, actor, wall: Wall) -> Wall:
    """A themed wall stays readable, but nobody posts, comments or reacts on it any more. Its
    posts stay searchable: the posts index does not change (walls/search_indexes.py)."""
    wall = Wall.objects.select_for_update().get(pk=wall.pk)
    if not permissions.can_archive_wall(actor, wall):
        raise PermissionDenied
    wall.archived_at = timezone.now()
    wall.save(update_fields=["archived_at"])
    return wall


# --- Posts --------------------------------------------------------------------------------


@transaction.atomic
def post_create(*, actor, wall: Wall, body: str, files: Sequence[CheckedFile] = ()) -> Post:
    """``files``: attachments already checked by documents.safety (walls/attachments.py counts
    them in the author's quota and stores them with the post, all or nothing)."""
    if not permissions.can_post_on_wall(actor, wall):
        raise PermissionDenied
    with attachments.storing(actor=actor, files=files) as store:
        post = _publish(actor=actor, wall=wall, body=body)
        store(post)
    return post


def _publish(*, actor, wall: Wall, body: str, **fields) -> Post:
    if not permissions.can_post_on_wall(actor, wall):
        raise PermissionDenied
    body = clean_body(body)
    html, mentioned = render_message(body, _members_for(body))
    post = Post.objects.create(wall=wall, author=actor, body=body, html=html, **fields)
    reindex_post(post.pk)
    _announce(wall, actor, post_id=post.pk)
    recipients: dict = {}
    for person in mentioned:
        _add(recipients, person, Notification.Kind.MENTION, actor)
    _notify_all(recipients, actor=actor, html=html, url=post.get_absolute_url(),
                key=post_key(post.pk), wall=wall)
    return post


def _locked_post(post: Post) -> Post:
    return (Post.objects.select_for_update(of=("self",)).select_related("wall", "author")
            .get(pk=post.pk))


@transaction.atomic
def post_edit(*, actor, post: Post, body: str) -> Post:
    """The author rewrites their post: rendered again, marked edited; whoever it now mentions
    for the first time is told."""
    body = clean_body(body)
    post = _locked_post(post)
    if not permissions.can_edit_post(actor, post):
        raise PermissionDenied
    if body == post.body:
        return post
    members = _members_for(body, post.body)
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
            _add(recipients, person, Notification.Kind.MENTION, actor)
    _notify_all(recipients, actor=actor, html=post.html, url=post.get_absolute_url(),
                key=post_key(post.pk), wall=post.wall)
    return post


@transaction.atomic
def post_delete(*, actor, post: Post) -> Post:
    """The author takes their post back: it leaves the wall for everyone (its comments too);
    the row stays, emptied, for the reports and the moderation log. Deleting it again changes
    nothing."""
    post = _locked_post(post)
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
    post = _locked_post(post)
    if not permissions.can_pin_post(actor, post):
        raise PermissionDenied
    if not post.is_pinned:
        post.pinned_at = timezone.now()
        post.pinned_by = actor
        post.save(update_fields=["pinned_at", "pinned_by"])
    return post


@transaction.atomic
def post_unpin(*, actor, post: Post) -> Post:
    post = _locked_post(post)
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


# --- Reactions ----------------------------------------------------------------------------


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


# --- Comments -----------------------------------------------------------------------------


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
    html, mentioned = render_message(body, _members_for(body))
    comment = Comment.objects.create(post=post, author=actor, parent=thread, body=body,
                                     html=html)
    reindex_post(post.pk)
    _announce(post.wall, actor, post_id=post.pk, comment_id=comment.pk)
    recipients: dict = {}
    if replied_to is not None:
        _add(recipients, replied_to.author, Notification.Kind.REPLY, actor)
        _add(recipients, thread.author, Notification.Kind.REPLY, actor)
    for person in mentioned:
        _add(recipients, person, Notification.Kind.MENTION, actor)
    # A top-level comment on a question is an answer.
    _add(recipients, post.author,
         Notification.Kind.ANSWER if post.is_question and thread is None
         else Notification.Kind.COMMENT, actor)
    _notify_all(recipients, actor=actor, html=html, url=comment.get_absolute_url(),
                key=comment_key(comment.pk), wall=post.wall)
    return comment


def _locked_comment(comment: Comment) -> Comment:
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("post__wall", "post__author", "author", "parent__author")
        .get(pk=comment.pk)
    )


@transaction.atomic
def comment_edit(*, actor, comment: Comment, body: str) -> Comment:
    body = clean_body(body)
    comment = _locked_comment(comment)
    if not permissions.can_edit_comment(actor, comment):
        raise PermissionDenied
    if body == comment.body:
        return comment
    members = _members_for(body, comment.body)
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
            _add(recipients, person, Notification.Kind.MENTION, actor)
    _notify_all(recipients, actor=actor, html=comment.html, url=comment.get_absolute_url(),
                key=comment_key(comment.pk), wall=comment.post.wall)
    return comment


@transaction.atomic
def comment_delete(*, actor, comment: Comment) -> Comment:
    """The author takes their comment back; its replies stay, under a tombstone."""
    comment = _locked_comment(comment)
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


# --- Questions (*demandes d'aide*) -----------------------------------------------------------


def clean_skills(skills) -> list[str]:
    """The wanted skills of a question: trimmed, each once (whatever the case), a few at most."""
    cleaned: dict[str, str] = {}
    for skill in skills or ():
        skill = " ".join(str(skill).split())
        if not skill:
            continue
        if len(skill) > MAX_SKILL_LENGTH:
            raise ValidationError(_("A skill may have at most %(max)d characters.")
                                  % {"max": MAX_SKILL_LENGTH})
        cleaned.setdefault(skill.casefold(), skill)
    if len(cleaned) > HELP_MAX_TAGS:
        raise ValidationError(_("At most %(max)d skills, please.") % {"max": HELP_MAX_TAGS})
    return list(cleaned.values())


@transaction.atomic
def question_create(*, actor, wall: Wall, body: str, skills=(), metier: str = "",
                    region: str = "") -> Post:
    """A question to peers: a post of kind "question", with the skills it calls for and
    optionally a trade and a region (the rules of post_create, and these), on the network's
    wall or a themed one."""
    if not permissions.can_ask_on_wall(actor, wall):
        raise PermissionDenied
    skills = clean_skills(skills)
    if metier and metier not in taxonomy.Metier.values:
        raise ValidationError(_("Unknown trade."))
    if region and region not in taxonomy.Region.values:
        raise ValidationError(_("Unknown region."))
    post = _publish(actor=actor, wall=wall, body=body, kind=Post.Kind.QUESTION,
                    metier_id=metier or None, region=region or "")
    if skills:
        post.skills.set(skills)
    return post


@transaction.atomic
def answer_accept(*, actor, question: Post, answer: Comment) -> Post:
    """The asker accepts one of the answers (a published top-level comment of the question);
    they may accept another one later. Its author is told, once per answer."""
    question = _locked_post(question)
    if not permissions.can_accept_answer(actor, question):
        raise PermissionDenied
    answer = (
        Comment.objects.select_related("author")
        .filter(pk=answer.pk, post=question, parent__isnull=True, deleted_at__isnull=True,
                moderation_status=ModerationStatus.PUBLISHED)
        .first()
    )
    if answer is None:
        raise ValidationError(_("This is not an answer to the question."))
    if question.accepted_answer_id == answer.pk:
        return question
    question.accepted_answer = answer
    question.answered_at = timezone.now()
    question.save(update_fields=["accepted_answer", "answered_at"])
    if answer.author is not None:
        notify(answer.author, Notification.Kind.ANSWER_ACCEPTED, actor,
               f"{_author_name(actor)} — {_excerpt(answer.html)}", answer.get_absolute_url(),
               key=comment_key(answer.pk))
    return question


@transaction.atomic
def question_notify_members(*, actor, question: Post, members) -> list:
    """The asker tells a few of the members suggested to them (MAX_NOTIFIED_MEMBERS in all)
    about their question; each is told once. Returns the people newly told."""
    question = _locked_post(question)
    if not permissions.can_notify_about_question(actor, question):
        raise PermissionDenied
    told_before = set(
        Notification.objects.filter(kind=Notification.Kind.QUESTION_FOR_YOU,
                                    key=post_key(question.pk))
        .values_list("recipient_id", flat=True)
    )
    people = {person.pk: person for person in members
              if person.pk != actor.pk and person.pk not in told_before}
    if len(told_before) + len(people) > MAX_NOTIFIED_MEMBERS:
        raise ValidationError(
            _("Choose at most %(max)d members.") % {"max": MAX_NOTIFIED_MEMBERS}
        )
    text = f"{_author_name(actor)} — {_excerpt(question.html)}"
    told = []
    for person in people.values():
        if notify(person, Notification.Kind.QUESTION_FOR_YOU, actor, text,
                  question.get_absolute_url(), key=post_key(question.pk)) is not None:
            told.append(person)
    return told
