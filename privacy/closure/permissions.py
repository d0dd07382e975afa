"""Who may close whose account.

- A person may close their own account, whatever their role — except the last administrator,
  who would leave the platform with nobody to run it.
- A moderator may close a member's account, with a reason; only an administrator may close a
  moderator's or another administrator's. Nobody closes the last administrator's account.
- A closed account cannot be closed again.

``can_close_account`` answers the yes/no question (pages, links); ``check_close`` raises the
reason in French for the service.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from community.models import Role, User, UserStatus
from community.permissions import can_moderate_members, can_set_roles


def is_self(actor, member) -> bool:
    return getattr(actor, "pk", None) == member.pk


def can_close_account(actor, member) -> bool:
    if member.status == UserStatus.CLOSED or not getattr(actor, "is_authenticated", False):
        return False
    if is_self(actor, member):
        return actor.is_active
    if not can_moderate_members(actor):
        return False
    return member.role == Role.MEMBER or can_set_roles(actor)


def is_last_admin(member) -> bool:
    if member.role != Role.ADMIN:
        return False
    others = User.objects.filter(role=Role.ADMIN, is_active=True,
                                 status=UserStatus.MEMBER).exclude(pk=member.pk)
    return not others.exists()


def check_close(actor, member, reason: str) -> None:
    """Raise ``PermissionDenied`` (not allowed at all) or ``ValidationError`` (a French
    explanation) unless ``actor`` may close ``member``'s account now."""
    if member.status == UserStatus.CLOSED:
        raise ValidationError(_("This account is already closed."))
    if not can_close_account(actor, member):
        raise PermissionDenied
    if is_last_admin(member):
        raise ValidationError(_("This is the last administrator's account: name another "
                                "administrator before closing it."))
    if not is_self(actor, member) and not reason.strip():
        raise ValidationError(_("Please give a reason: the member receives it by e-mail."))
