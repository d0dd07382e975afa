"""Forgetting what accounts leave behind, as the retention policies say (privacy/retention/):
login history and its IP addresses, expired sessions, rejected applicants, invitations nobody
took up. Each purge takes the rows older than ``older_than``, returns how many it changed (or,
with ``dry_run``, would change) and may run again harmlessly."""

import ipaddress
from datetime import datetime
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from community.models import Application, Invitation, User, UserStatus
from config.purging import purge_rows, update_rows
from search.sync import schedule as schedule_index_update

# The column cannot be empty (allauth's GenericIPAddressField): the unspecified address says
# "no address", and is what the login history shows once an address is blanked.
BLANK_IP = str(ipaddress.IPv4Address(0))  # 0.0.0.0
APPLICANT_BATCH = 100


def login_ips_blank(*, older_than: datetime, dry_run: bool) -> int:
    """Blank the IP address of the logins made before ``older_than``; the rest of each entry
    (date, browser) stays for the login history's own period. ``last_seen_at``, not
    ``created_at``: allauth records a new address there when the same session logs in again."""
    rows = UserSession.objects.filter(last_seen_at__lt=older_than).exclude(
        ip__in=[BLANK_IP, str(ipaddress.IPv6Address(0))])
    return update_rows(rows, dry_run=dry_run, ip=BLANK_IP)


def login_history_purge(*, older_than: datetime, dry_run: bool) -> int:
    """Delete the login entries whose session was last active before ``older_than``."""
    return purge_rows(UserSession.objects.filter(last_seen_at__lt=older_than), dry_run=dry_run)


def sessions_purge(*, older_than: datetime, dry_run: bool) -> int:
    """Delete the server's sessions that expired before ``older_than`` (Django's
    ``clearsessions`` for stores in the database; a cache or cookie store forgets by itself)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        if not dry_run:
            store.clear_expired()
        return 0
    model = store.get_model_class()
    return purge_rows(model.objects.filter(expire_date__lt=older_than), dry_run=dry_run)


def rejected_applicants_purge(*, older_than: datetime, dry_run: bool) -> int:
    """Delete the accounts of applicants turned down before ``older_than`` who never became
    members: the account, its application, e-mail addresses, sessions and photo."""
    applicants = User.objects.filter(
        status=UserStatus.APPLICANT, is_staff=False, is_superuser=False,
        application__status=Application.Status.REJECTED,
        application__decided_at__lt=older_than,
    )
    return _applicants_purge(applicants, dry_run=dry_run)


def unconfirmed_signups_purge(*, older_than: datetime, dry_run: bool) -> int:
    """Delete the applicants' accounts created before ``older_than`` whose e-mail address was
    never confirmed (nobody can log in to them), whatever their application's state."""
    confirmed = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    applicants = User.objects.filter(
        status=UserStatus.APPLICANT, is_staff=False, is_superuser=False,
        date_joined__lt=older_than,
    ).exclude(Exists(confirmed))
    return _applicants_purge(applicants, dry_run=dry_run)


def _applicants_purge(applicants, *, dry_run: bool) -> int:
    if dry_run:
        return applicants.count()
    total = 0
    while ids := list(applicants.order_by("pk").values_list("pk", flat=True)[:APPLICANT_BATCH]):
        _applicants_delete(ids)
        total += len(ids)
    return total


@transaction.atomic
def _applicants_delete(ids: list[int]) -> None:
    """The accounts and all that hangs on them (application, e-mail addresses, sessions,
    profile; its photo leaves storage on commit: community/photos.py)."""
    User.objects.filter(pk__in=ids).delete()
    # Never indexed (only members are), but the index follows the database through its sync
    # whatever happens: a stale entry would be removed too.
    schedule_index_update("members", ids)


def invitations_purge(*, older_than: datetime, dry_run: bool) -> int:
    """Delete the invitations not accepted that expired or were withdrawn before
    ``older_than`` (an accepted one stays: it says who invited a member)."""
    rows = Invitation.objects.filter(accepted_at__isnull=True).filter(
        Q(expires_at__lt=older_than) | Q(revoked_at__lt=older_than))
    return purge_rows(rows, dry_run=dry_run)
