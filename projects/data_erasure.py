"""What the projects app does when an account closes (privacy/closure/registry.py)."""

from django.utils.translation import ngettext

from privacy.closure.registry import Closure, Eraser, SummaryLine, register
from projects.services.erasure import member_projects_counts, member_projects_leave


def close(closure: Closure) -> None:
    for key, value in member_projects_leave(member=closure.member).items():
        closure.count(f"projects.{key}", value)


def summary(member, closure: Closure) -> list[SummaryLine]:
    counts = member_projects_counts(member)
    lines = []
    if counts["member"]:
        lines.append(SummaryLine(ngettext(
            "The account leaves %(count)d project (if it was the last owner, its longest-standing "
            "member takes over).",
            "The account leaves %(count)d projects (where it was the last owner, the "
            "longest-standing member takes over).", counts["member"],
        ) % {"count": counts["member"]}))
    if counts["pending"]:
        lines.append(SummaryLine(ngettext(
            "%(count)d pending request or invitation to a project is withdrawn.",
            "%(count)d pending requests or invitations to projects are withdrawn.",
            counts["pending"],
        ) % {"count": counts["pending"]}))
    return lines


register(Eraser(name="projects", order=30, close=close, summary=summary))
