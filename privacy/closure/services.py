"""Closing an account: ``account_close`` (docs/privacy.md, "Fermer son compte").

One transaction: every app's eraser (registry.py, in order), then the audit log's
pseudonymisation and a line saying the account was closed. Side effects wait for the commit
(files deleted, sockets closed, the search indexes updated, the one last e-mail): if anything
fails, nothing has changed.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from community.services.closure import new_pseudonym
from moderation import services as moderation
from moderation.erasure import audit_forget_targets, audit_pseudonymise
from moderation.models import AuditEntry
from privacy.closure.permissions import check_close, is_self
from privacy.closure.registry import ANONYMISE, MODES, Closure, SummaryLine, all_erasers

MAX_REASON_LENGTH = 1000


def identifying_names(member) -> list[str]:
    """What identified the person in text others kept: their full name and e-mail address."""
    return [name for name in (member.get_full_name().strip(), member.email) if name]


def closure_for(*, actor, member, mode: str = ANONYMISE, keep_library: bool = True,
                reason: str = "") -> Closure:
    """The closing as it would run now (for the summary, and for the service itself)."""
    return Closure(member=member, actor=actor, mode=mode, pseudonym="", label="",
                   names=identifying_names(member), reason=reason, keep_library=keep_library,
                   name_parts=[part for part in (member.first_name.strip(),
                                                 member.last_name.strip()) if len(part) > 2])


def closure_summary(*, actor, member, mode: str = ANONYMISE,
                    keep_library: bool = True) -> list[SummaryLine]:
    """What will happen, counted now, in the order the erasers run."""
    closure = closure_for(actor=actor, member=member, mode=mode, keep_library=keep_library)
    lines: list[SummaryLine] = []
    for eraser in all_erasers():
        if eraser.summary is not None:
            lines.extend(eraser.summary(member, closure))
    return lines


@transaction.atomic
def account_close(*, actor, member, mode: str = ANONYMISE, reason: str | None = None,
                  keep_library: bool = True) -> Closure:
    """Close ``member``'s account: by themselves (``actor`` is the member; their password and
    second factor were checked by the form) or by a moderator, with ``reason``.

    ``mode``: "anonymise" (content stays, signed "Ancien membre") or "delete" (posts, comments,
    messages and files deleted; library documents pass to the network unless
    ``keep_library`` is False). Returns the ``Closure`` with what each app counted.
    """
    reason = (reason or "").strip()
    if mode not in MODES:
        raise ValidationError(_("Choose what happens to what you wrote."))
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError(_("At most %(max)d characters.") % {"max": MAX_REASON_LENGTH})
    User = get_user_model()
    # Locked: two closings of one account, or of the last two administrators, run in turn.
    list(User.objects.select_for_update().filter(role="admin").values_list("pk", flat=True))
    member = User.objects.select_for_update().get(pk=member.pk)
    check_close(actor, member, reason)
    closure = closure_for(actor=actor, member=member, mode=mode, keep_library=keep_library,
                          reason=reason)
    closure.pseudonym = new_pseudonym()
    closure.label = f"{_('Former member')} #{closure.pseudonym}"
    for eraser in all_erasers():
        eraser.close(closure)
    closure.count("audit.forgotten", audit_forget_targets(erased=closure.erased,
                                                          label=closure.label))
    closure.count("audit.renamed", audit_pseudonymise(
        member=member, names=closure.names, label=closure.label, parts=closure.name_parts))
    moderation.record(
        actor=member if is_self(actor, member) else actor,
        action=AuditEntry.Action.ACCOUNT_CLOSED, target=member, target_repr=closure.label,
        reason=reason,
    )
    return closure
