"""What moderation does when an account closes (privacy/closure/registry.py). The audit log
itself is pseudonymised by privacy/closure/services.py, after every app, since their erasers
may still write lines."""

from django.utils.translation import ngettext

from moderation.erasure import member_open_reports, member_reports_release
from privacy.closure.registry import Closure, Eraser, SummaryLine, register


def close(closure: Closure) -> None:
    done = member_reports_release(member=closure.member, names=closure.names,
                                  label=closure.label, erase=closure.deletes_content)
    for key, value in done.items():
        closure.count(f"moderation.{key}", value)


def summary(member, closure: Closure) -> list[SummaryLine]:
    count = member_open_reports(member)
    if not count:
        return []
    return [SummaryLine(ngettext(
        "%(count)d report not yet handled by the moderators is withdrawn.",
        "%(count)d reports not yet handled by the moderators are withdrawn.", count,
    ) % {"count": count})]


register(Eraser(name="moderation", order=10, close=close, summary=summary))
