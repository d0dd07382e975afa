"""Joining and leaving the group: applications, invitations, suspension and roles."""

from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chat.realtime import close_user_sockets
from community import permissions
from community.emails import email_on_commit
from community.models import Application, Invitation, Metier, Profile, Role, User, UserStatus
from community.models.membership import hash_token
from moderation import services as moderation
from moderation.models import AuditEntry
from news.services import member_welcomed
from search.sync import schedule as schedule_index_update


@transaction.atomic
def application_submit(
    *,
    user: User,
    motivation: str,
    organisation: str,
    actor_kind: str,
    perimeter: str,
    region: str,
    metiers: list[str],
) -> Application:
    """Record an applicant's request to join, with the first facts of their profile."""
    profile, _created = Profile.objects.get_or_create(user=user)
    profile.organisation = organisation
    profile.actor_kind = actor_kind
    profile.perimeter = perimeter
    profile.region = region
    profile.save()
    profile.metiers.set(Metier.objects.filter(slug__in=metiers))
    return Application.objects.create(user=user, motivation=motivation)


def _require_moderator(actor: User) -> None:
    if not permissions.can_moderate_members(actor):
        raise PermissionDenied


def _lock_pending(application: Application) -> Application:
    locked = Application.objects.select_for_update().select_related("user").get(pk=application.pk)
    if locked.status != Application.Status.PENDING:
        raise ValidationError(_("This application has already been decided."))
    return locked


@transaction.atomic
def application_approve(*, actor: User, application: Application) -> Application:
    _require_moderator(actor)
    application = _lock_pending(application)
    application.status = Application.Status.APPROVED
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_by", "decided_at"])
    member = application.user
    member.status = UserStatus.MEMBER
    member.save(update_fields=["status"])
    member_welcomed(member=member, actor=actor)
    email_on_commit(
        template="application_approved",
        to=member.email,
        context={"name": member.first_name, "login_path": reverse("account_login")},
    )
    return application


@transaction.atomic
def application_reject(*, actor: User, application: Application, reason: str) -> Application:
    _require_moderator(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Please give the applicant a reason."))
    application = _lock_pending(application)
    application.status = Application.Status.REJECTED
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.rejection_reason = reason
    application.save(update_fields=["status", "decided_by", "decided_at", "rejection_reason"])
    email_on_commit(
        template="application_rejected",
        to=application.user.email,
        context={"name": application.user.first_name, "reason": reason},
    )
    return application


@dataclass
class InvitationBatch:
    invited: list[str] = field(default_factory=list)
    already_members: list[str] = field(default_factory=list)


@transaction.atomic
def invitations_send(*, actor: User, emails: list[str], message: str = "") -> InvitationBatch:
    """Invite each address once; a new invitation replaces any earlier one still open."""
    _require_moderator(actor)
    batch = InvitationBatch()
    wanted = sorted({email.strip().lower() for email in emails if email.strip()})
    existing = set(User.objects.filter(email__in=wanted).values_list("email", flat=True))
    now = timezone.now()
    for email in wanted:
        if email in existing:
            batch.already_members.append(email)
            continue
        Invitation.objects.usable().filter(email=email).update(revoked_at=now)
        token = Invitation.new_token()
        Invitation.objects.create(
            email=email, token_hash=hash_token(token), message=message, invited_by=actor
        )
        email_on_commit(
            template="invitation",
            to=email,
            context={
                "inviter": actor.display_name,
                "message": message,
                "accept_path": reverse("community:invitation_accept", args=[token]),
            },
        )
        batch.invited.append(email)
    return batch


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation behind a link, whatever its state (the view explains why it is unusable)."""
    return Invitation.objects.filter(token_hash=hash_token(token)).first()


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, first_name: str, last_name: str, password: str
) -> User:
    """Create the invited person's account: already a member, email already verified."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError(_("This invitation has expired or has already been used."))
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("An account already exists for this address: please log in."))
    user = User.objects.create_user(
        email=invitation.email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        status=UserStatus.MEMBER,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    member_welcomed(member=user, actor=invitation.invited_by)
    return user


def end_sessions(user: User) -> None:
    """Log the user out everywhere, at once."""
    for session in UserSession.objects.filter(user=user):
        session.end()


@transaction.atomic
def member_suspend(*, actor: User, member: User, reason: str) -> User:
    if not permissions.can_suspend_member(actor, member):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Please give a reason for the suspension."))
    member.status = UserStatus.SUSPENDED
    member.is_active = False
    member.save(update_fields=["status", "is_active"])
    moderation.record(actor=actor, action=AuditEntry.Action.MEMBER_SUSPENDED, target=member,
                      reason=reason, target_repr=member.display_name)
    end_sessions(member)
    close_user_sockets(member.pk)
    schedule_index_update("members", [member.pk])
    email_on_commit(
        template="member_suspended",
        to=member.email,
        context={"name": member.first_name, "reason": reason},
    )
    return member


@transaction.atomic
def member_reactivate(*, actor: User, member: User) -> User:
    if not permissions.can_suspend_member(actor, member):
        raise PermissionDenied
    if member.status != UserStatus.SUSPENDED:
        raise ValidationError(_("This member is not suspended."))
    member.status = UserStatus.MEMBER
    member.is_active = True
    member.save(update_fields=["status", "is_active"])
    moderation.record(actor=actor, action=AuditEntry.Action.MEMBER_REACTIVATED, target=member,
                      target_repr=member.display_name)
    schedule_index_update("members", [member.pk])
    email_on_commit(
        template="member_reactivated", to=member.email, context={"name": member.first_name}
    )
    return member


@transaction.atomic
def member_set_role(*, actor: User, member: User, role: str) -> User:
    if not permissions.can_set_roles(actor):
        raise PermissionDenied
    if member.pk == actor.pk:
        raise ValidationError(_("You cannot change your own role."))
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    member.role = role
    member.is_staff = member.is_superuser = role == Role.ADMIN
    member.save(update_fields=["role", "is_staff", "is_superuser"])
    return member
