"""Community's part of closing an account (privacy/closure/): the person's row stays, emptied.

Why keep the row: what the member leaves behind (content signed "Ancien membre", decisions they
took as a moderator, the audit log) keeps pointing at one stable, nameless account, and the
account cannot be used again: no password, inactive, status ``closed``. Its e-mail address is
replaced by one that cannot receive mail, which frees the real address: the person may apply
again later as someone new.
"""

import secrets

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from chat.realtime import close_user_sockets
from community.emails import email_on_commit
from community.models import Application, Invitation, Profile, User, UserStatus
from news.services import activity_forget
from search.sync import schedule as schedule_index_update

CLOSED_EMAIL_DOMAIN = "closed.invalid"  # RFC 2606: never delivered anywhere


def new_pseudonym() -> str:
    """Six hex digits, unique among closed accounts: "Ancien membre #a1b2c3"."""
    while True:
        candidate = secrets.token_hex(3)
        if not User.objects.filter(pseudonym=candidate).exists():
            return candidate


def closed_email(member: User, pseudonym: str) -> str:
    return f"closed-{member.pk}-{pseudonym}@{CLOSED_EMAIL_DOMAIN}"


@transaction.atomic
def invitations_withdraw_by(*, member: User) -> int:
    """Invitations the member sent and nobody used yet are revoked; the used ones forget who
    sent them. Returns how many were revoked."""
    now = timezone.now()
    revoked = Invitation.objects.usable().filter(invited_by=member).update(revoked_at=now)
    Invitation.objects.filter(invited_by=member).update(invited_by=None)
    return revoked


@transaction.atomic
def profile_wipe(*, member: User) -> None:
    """Everything the member said about themselves goes: profile fields, photo (its file once
    this commits), trades, domains, skills, links, contact details."""
    profile, _created = Profile.objects.get_or_create(user=member)
    photo = profile.photo.name if profile.photo else ""
    storage = profile.photo.storage
    for field in ("organisation", "job_title", "actor_kind", "perimeter", "region",
                  "departement", "can_help_with", "looking_for", "bio", "phone",
                  "contact_note"):
        setattr(profile, field, "")
    profile.links = []
    profile.photo = ""
    profile.show_email = profile.show_phone = profile.public_directory_consent = False
    profile.save()
    profile.metiers.clear()
    profile.domains.clear()
    profile.skills.clear()
    if photo:
        transaction.on_commit(lambda: storage.delete(photo))


@transaction.atomic
def account_anonymise(*, member: User, pseudonym: str, told_by_moderator: bool = False,
                      reason: str = "", deleted: bool = False) -> User:
    """Empty the account itself and log the person out everywhere (privacy/closure/ calls
    this last, once every other app has let go of the member).

    The person is told once, at the address they had, that the account is closed (and why,
    when a moderator closed it); nothing else is ever sent to them: the address is gone.
    """
    address = member.email
    profile_wipe(member=member)
    # A pending application is withdrawn (the moderators' queue forgets it); a decided one
    # keeps its decision, without the applicant's words.
    Application.objects.filter(user=member, status=Application.Status.PENDING).delete()
    Application.objects.filter(user=member).update(motivation="", rejection_reason="")
    # The invitation they accepted was addressed to them.
    Invitation.objects.filter(email__iexact=address).update(
        email=closed_email(member, pseudonym), message=""
    )
    invitations_withdraw_by(member=member)
    activity_forget(target=member)  # "X joined the network"
    user_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.filter(content_type=user_type, object_id=str(member.pk)).update(
        object_repr=f"#{pseudonym}", change_message=""
    )
    EmailAddress.objects.filter(user=member).delete()
    Authenticator.objects.filter(user=member).delete()
    for session in UserSession.objects.filter(user=member):
        session.end()  # the Django session too: logged out everywhere, at once
    member.first_name = member.last_name = ""
    member.email = closed_email(member, pseudonym)
    member.set_unusable_password()
    member.is_active = member.is_staff = member.is_superuser = False
    member.status = UserStatus.CLOSED
    member.closed_at = timezone.now()
    member.pseudonym = pseudonym
    member.save()
    close_user_sockets(member.pk)
    schedule_index_update("members", [member.pk])
    email_on_commit(
        template="account_closed", to=address,
        context={"by_moderator": told_by_moderator, "reason": reason, "deleted": deleted},
    )
    return member
