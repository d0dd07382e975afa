"""What the agenda does when an account closes (privacy/closure/registry.py)."""

from django.utils.translation import ngettext

from events.services.erasure import member_registrations_withdraw, member_upcoming_registrations
from privacy.closure.registry import Closure, Eraser, SummaryLine, register


def close(closure: Closure) -> None:
    for key, value in member_registrations_withdraw(member=closure.member).items():
        closure.count(f"events.{key}", value)


def summary(member, closure: Closure) -> list[SummaryLine]:
    count = member_upcoming_registrations(member)
    if not count:
        return []
    return [SummaryLine(ngettext(
        "%(count)d registration for a coming event is cancelled (the seat goes to the "
        "waitlist).",
        "%(count)d registrations for coming events are cancelled (the seats go to the "
        "waitlist).", count,
    ) % {"count": count})]


register(Eraser(name="events", order=20, close=close, summary=summary))
