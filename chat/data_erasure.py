"""What chat does when an account closes (privacy/closure/registry.py)."""

from django.utils.translation import ngettext

from chat.erasure import (
    member_messages_anonymise,
    member_messages_count,
    member_messages_erase,
    member_rooms_leave,
)
from chat.models import Message
from privacy.closure.registry import Closure, Eraser, SummaryLine, register


def close(closure: Closure) -> None:
    member = closure.member
    if closure.deletes_content:
        closure.forget(Message, Message.objects.filter(author=member).values_list("pk", flat=True))
        closure.count("chat.messages", member_messages_erase(member=member))
    else:
        closure.count("chat.messages", member_messages_anonymise(member=member))
    closure.count("chat.rooms", member_rooms_leave(member=member))


def summary(member, closure: Closure) -> list[SummaryLine]:
    count = member_messages_count(member)
    if not count:
        return []
    if closure.deletes_content:
        text = ngettext(
            "%(count)d chat message becomes “message deleted”, so that conversations "
            "still read.",
            "%(count)d chat messages become “message deleted”, so that conversations "
            "still read.", count)
    else:
        text = ngettext(
            "%(count)d chat message stays, signed “Former member”.",
            "%(count)d chat messages stay, signed “Former member”.", count)
    return [SummaryLine(text % {"count": count})]


register(Eraser(name="chat", order=50, close=close, summary=summary))
