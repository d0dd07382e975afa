"""What the walls do when an account closes (privacy/closure/registry.py)."""

from django.utils.translation import ngettext

from privacy.closure.registry import Closure, Eraser, SummaryLine, register
from walls.models import Comment, Post
from walls.services.erasure import (
    member_content_anonymise,
    member_content_counts,
    member_content_erase,
)


def close(closure: Closure) -> None:
    if closure.deletes_content:
        closure.forget(Post, Post.objects.filter(author=closure.member)
                       .values_list("pk", flat=True))
        closure.forget(Comment, Comment.objects.filter(author=closure.member)
                       .values_list("pk", flat=True))
        done = member_content_erase(member=closure.member)
    else:
        done = member_content_anonymise(member=closure.member)
    for key, value in done.items():
        closure.count(f"walls.{key}", value)


def summary(member, closure: Closure) -> list[SummaryLine]:
    counts = member_content_counts(member)
    lines = []
    if counts["posts"]:
        lines.append(SummaryLine((ngettext(
            "%(count)d post on the walls is deleted.",
            "%(count)d posts on the walls are deleted.", counts["posts"],
        ) if closure.deletes_content else ngettext(
            "%(count)d post on the walls stays, signed “Former member”.",
            "%(count)d posts on the walls stay, signed “Former member”.", counts["posts"],
        )) % {"count": counts["posts"]}))
    if counts["comments"]:
        lines.append(SummaryLine((ngettext(
            "%(count)d comment is deleted (the replies of others stay).",
            "%(count)d comments are deleted (the replies of others stay).",
            counts["comments"],
        ) if closure.deletes_content else ngettext(
            "%(count)d comment stays, signed “Former member”.",
            "%(count)d comments stay, signed “Former member”.", counts["comments"],
        )) % {"count": counts["comments"]}))
    return lines


register(Eraser(name="walls", order=40, close=close, summary=summary))
