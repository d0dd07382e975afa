"""What community does when an account closes (privacy/closure/registry.py): last of all, it
empties the account itself (community/services/closure.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.models import Invitation
from community.services.closure import account_anonymise
from privacy.closure.registry import Closure, Eraser, SummaryLine, register


def close(closure: Closure) -> None:
    account_anonymise(
        member=closure.member, pseudonym=closure.pseudonym,
        told_by_moderator=closure.actor.pk != closure.member.pk, reason=closure.reason,
        deleted=closure.deletes_content,
    )


def summary(member, closure: Closure) -> list[SummaryLine]:
    lines = [SummaryLine(_("The profile, photo, contact details, trades and skills are "
                           "deleted; the name and e-mail address leave the platform."))]
    invitations = Invitation.objects.usable().filter(invited_by=member).count()
    if invitations:
        lines.append(SummaryLine(ngettext(
            "%(count)d invitation sent and not used yet is withdrawn.",
            "%(count)d invitations sent and not used yet are withdrawn.", invitations,
        ) % {"count": invitations}))
    lines.append(SummaryLine(_("Every session ends at once, and no more e-mail is sent, except "
                               "one saying that the account is closed.")))
    return lines


register(Eraser(name="community", order=90, close=close, summary=summary))
