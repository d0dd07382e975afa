"""Questions to peers (*demandes d'aide*): ask, accept an answer, tell suggested members."""


from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import taxonomy
from community.forms.fields import MAX_SKILL_LENGTH
from community.selectors import HELP_MAX_TAGS
from moderation.models import ModerationStatus
from notifications.models import Notification
from notifications.services import notify
from walls import permissions
from walls.models import (
    Comment,
    Post,
    Wall,
)
from walls.services.common import (
    MAX_NOTIFIED_MEMBERS,
    author_name,
    comment_key,
    excerpt,
    locked_post,
    post_key,
)
from walls.services.posts import publish_post


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
    post = publish_post(actor=actor, wall=wall, body=body, kind=Post.Kind.QUESTION,
                    metier_id=metier or None, region=region or "")
    if skills:
        post.skills.set(skills)
    return post


@transaction.atomic
def answer_accept(*, actor, question: Post, answer: Comment) -> Post:
    """The asker accepts one of the answers (a published top-level comment of the question);
    they may accept another one later. Its author is told, once per answer."""
    question = locked_post(question)
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
               f"{author_name(actor)} — {excerpt(answer.html)}", answer.get_absolute_url(),
               key=comment_key(answer.pk))
    return question


@transaction.atomic
def question_notify_members(*, actor, question: Post, members) -> list:
    """The asker tells a few of the members suggested to them (MAX_NOTIFIED_MEMBERS in all)
    about their question; each is told once. Returns the people newly told."""
    question = locked_post(question)
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
    text = f"{author_name(actor)} — {excerpt(question.html)}"
    told = []
    for person in people.values():
        if notify(person, Notification.Kind.QUESTION_FOR_YOU, actor, text,
                  question.get_absolute_url(), key=post_key(question.pk)) is not None:
            told.append(person)
    return told
