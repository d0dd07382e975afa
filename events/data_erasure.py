"""What the agenda does when an account closes (privacy/closure/registry.py)."""

from django.utils.translation import ngettext

from events.models import Event
from events.services.erasure import (
    member_proposals_withdraw,
    member_registrations_withdraw,
    member_upcoming_registrations,
    pending_proposals,
)
from privacy.closure.registry import Closure, Eraser, SummaryLine, register


def close(closure: Closure) -> None:
    # First, while the proposals still name their author: withdrawn in either mode, as a
    # pending news item or library document is.
    withdrawn = member_proposals_withdraw(member=closure.member)
    closure.forget(Event, withdrawn)
    closure.count("events.withdrawn", len(withdrawn))
    for key, value in member_registrations_withdraw(member=closure.member).items():
        closure.count(f"events.{key}", value)


def summary(member, closure: Closure) -> list[SummaryLine]:
    lines = []
    proposals = pending_proposals(member).count()
    if proposals:
        lines.append(SummaryLine(ngettext(
            "%(count)d event proposal awaiting the moderators is withdrawn.",
            "%(count)d event proposals awaiting the moderators are withdrawn.", proposals,
        ) % {"count": proposals}))
    count = member_upcoming_registrations(member)
    if not count:
        return lines
    return [*lines, SummaryLine(ngettext(
        "%(count)d registration for a coming event is cancelled (the seat goes to the "
        "waitlist).",
        "%(count)d registrations for coming events are cancelled (the seats go to the "
        "waitlist).", count,
    ) % {"count": count})]


register(Eraser(name="events", order=20, close=close, summary=summary))
