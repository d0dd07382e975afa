"""Every write of the notification centre. A new notification reaches the recipient's open tabs
once the transaction has committed (DESIGN.md §5: persist, then publish), and their mailbox too
when they chose "by email at once" (a task, enqueued on commit) or the daily digest
(``send_digests``). Emails never repeat a notification: each one is claimed (``emailed_at``) in
a committed write before its email leaves, so a run that crashes or runs twice sends nothing
twice; a send that fails releases its claim for the next attempt.
"""

import logging
from contextlib import contextmanager
from functools import partial

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator

from chat.realtime import send_to_user_on_commit
from config.purging import purge_rows
from config.typography import typeset
from notifications import emails, permissions, selectors
from notifications.models import (
    TEXT_LENGTH,
    URL_LENGTH,
    Delivery,
    Notification,
    NotificationPreference,
    default_delivery,
)
from notifications.serializers import notification_frame

logger = logging.getLogger(__name__)


def is_site_path(url: str) -> bool:
    """"/chat/3/#m-12" yes; "https://…", "//host/…", "javascript:…" no."""
    return (
        isinstance(url, str)
        and 0 < len(url) <= URL_LENGTH
        and url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    )


def snapshot(text: str) -> str:
    """Plain text on one line, short enough for the list and the live announcement, with French
    typography (config/typography.py: "d'Inès", no-break spaces) put back after the spaces
    are folded."""
    return Truncator(typeset(" ".join(str(text).split()))).chars(TEXT_LENGTH)


@transaction.atomic
def notify(recipient, kind: str, actor, text: str, url: str, *, key: str = ""):
    """Tell ``recipient`` that ``actor`` did something of ``kind``; ``text`` says what (plain
    text), ``url`` (a site-relative path) leads to it. Returns the notification, or None when
    nothing was notified: the recipient is not (or no longer) a member, is the actor, turned
    this kind off, or was already told about ``key`` for this kind.
    """
    if kind not in Notification.Kind.values:
        raise ValueError(f"Unknown kind of notification: {kind!r}")
    if not is_site_path(url):
        raise ValueError(f"A notification leads to a path of this site, not {url!r}")
    if not getattr(recipient, "is_member", False):
        return None
    if actor is not None and actor.pk == recipient.pk:
        return None
    if key and Notification.objects.filter(recipient=recipient, kind=kind, key=key).exists():
        return None
    delivery = selectors.delivery_for(recipient, kind)
    if delivery == Delivery.OFF:
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, kind=kind, actor=actor, text=snapshot(text), url=url,
                key=key[:100], delivery=delivery,
            )
    except IntegrityError:
        return None  # the same key, notified at the same instant by another request
    send_to_user_on_commit(
        recipient.pk, notification_frame(notification, selectors.unread_count(recipient))
    )
    if delivery == Delivery.EMAIL_NOW:
        transaction.on_commit(partial(_enqueue_email, notification.pk))
    return notification


# Recipients handled per round of ``notify_many``: its queries are per round, so up to this many
# members cost the same handful of queries, and no list of ids grows without bound.
BULK_CHUNK = 2000


@transaction.atomic
def notify_many(recipients: QuerySet, kind: str, actor, text: str, url: str, *,
                key: str) -> list[Notification]:
    """``notify`` for a crowd (a news item published to every member): the same rules, in a
    constant number of queries per ``BULK_CHUNK`` recipients instead of several per recipient.

    ``recipients`` is a queryset of users; only active members among them are told, never
    ``actor``, nor anyone who turned ``kind`` off or was already told about ``key`` (required:
    a broadcast that runs twice, a retried task, must not tell anyone twice). Each recipient's
    open tabs still get their own live frame with their unread count, after commit. Returns the
    notifications created."""
    if kind not in Notification.Kind.values:
        raise ValueError(f"Unknown kind of notification: {kind!r}")
    if not is_site_path(url):
        raise ValueError(f"A notification leads to a path of this site, not {url!r}")
    if not key:
        raise ValueError("A broadcast needs a key, so that nobody is told twice.")
    key = key[:100]
    members = get_user_model().objects.members().filter(pk__in=recipients.values("pk"))
    if actor is not None:
        members = members.exclude(pk=actor.pk)
    ids = list(members.order_by("pk").values_list("pk", flat=True))
    created: list[Notification] = []
    for start in range(0, len(ids), BULK_CHUNK):
        created += _notify_chunk(ids[start:start + BULK_CHUNK], kind, actor, snapshot(text),
                                 url, key)
    return created


def _notify_chunk(ids: list[int], kind: str, actor, text: str, url: str,
                  key: str) -> list[Notification]:
    """Five queries: preferences, who was told already, the insert, what it created, the unread
    counts."""
    chosen = dict(NotificationPreference.objects.filter(kind=kind, member_id__in=ids)
                  .values_list("member_id", "delivery"))
    told = set(Notification.objects.filter(kind=kind, key=key, recipient_id__in=ids)
               .values_list("recipient_id", flat=True))
    deliveries = {
        pk: chosen.get(pk, default_delivery(kind)) for pk in ids if pk not in told
    }
    deliveries = {pk: delivery for pk, delivery in deliveries.items() if delivery != Delivery.OFF}
    if not deliveries:
        return []
    # A conflict is the same key told at the same instant by another run: that run tells them.
    Notification.objects.bulk_create(
        [Notification(recipient_id=pk, kind=kind, actor=actor, text=text, url=url, key=key,
                      delivery=delivery) for pk, delivery in deliveries.items()],
        ignore_conflicts=True,
    )
    created = list(Notification.objects.filter(kind=kind, key=key, recipient_id__in=deliveries)
                   .order_by("pk"))
    unread = dict(Notification.objects.filter(recipient_id__in=deliveries, read_at__isnull=True)
                  .values("recipient_id").annotate(count=Count("pk"))
                  .values_list("recipient_id", "count"))
    for notification in created:
        notification.actor = actor  # the frame names them: no query per notification
        send_to_user_on_commit(notification.recipient_id,
                               notification_frame(notification,
                                                  unread.get(notification.recipient_id, 0)))
        if notification.delivery == Delivery.EMAIL_NOW:
            transaction.on_commit(partial(_enqueue_email, notification.pk))
    return created


def _enqueue_email(notification_id: int) -> None:
    from notifications.tasks import send_notification_email  # the task module imports this one

    send_notification_email.enqueue(notification_id)


@transaction.atomic
def mark_read(actor, notification: Notification) -> Notification:
    """The recipient has seen it (they opened it). Marking it again changes nothing."""
    if not permissions.can_view_notification(actor, notification):
        raise PermissionDenied
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


@transaction.atomic
def mark_all_read(actor) -> int:
    """Every unread notification of ``actor`` is read; how many there were."""
    if not permissions.can_view_notifications(actor):
        raise PermissionDenied
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def withdraw(*, key: str = "", keys=()) -> int:
    """What these notifications were about is gone (a deleted message, a post and its
    comments): their excerpt must not outlive it. One query for every key. Returns how many
    were withdrawn."""
    wanted = [k[:100] for k in (key, *keys) if k]
    if not wanted:
        return 0
    deleted, _by_model = Notification.objects.filter(key__in=wanted).delete()
    return deleted


# --- Preferences -------------------------------------------------------------------------------


@transaction.atomic
def preferences_update(*, actor, member, choices: dict[str, str]) -> list[str]:
    """``member`` (only themselves) chooses how to hear of each kind in ``choices`` (kind ->
    ``Delivery``); kinds left out keep their delivery. Returns the kinds that changed."""
    if not permissions.can_change_preferences(actor, member):
        raise PermissionDenied
    for kind, delivery in choices.items():
        if kind not in Notification.Kind.values or delivery not in Delivery.values:
            raise ValidationError(f"Unknown kind or delivery: {kind!r}, {delivery!r}")
    return _save_preferences(member, choices)


@transaction.atomic
def unsubscribe(*, member, kinds: list[str]) -> list[str]:
    """A signed link (``notifications.unsubscribe``) proved who asks: no more email for these
    kinds, in the app still (a kind that is off stays off). Returns the kinds that changed."""
    current = selectors.preferences_for(member)
    return _save_preferences(member, {
        kind: Delivery.IN_APP for kind in kinds
        if current.get(kind) in (Delivery.EMAIL_NOW, Delivery.DIGEST)
    })


def _save_preferences(member, choices: dict[str, str]) -> list[str]:
    """A row only where the choice differs from the default, so that better defaults later
    reach everyone who did not choose. Unread notifications waiting for the digest follow a
    kind that stops going by digest: they stay in the app only."""
    current = selectors.preferences_for(member)
    changed = [kind for kind, delivery in choices.items() if current[kind] != delivery]
    for kind in changed:
        if choices[kind] == default_delivery(kind):
            NotificationPreference.objects.filter(member=member, kind=kind).delete()
        else:
            NotificationPreference.objects.update_or_create(
                member=member, kind=kind, defaults={"delivery": choices[kind]}
            )
    no_longer_digest = [kind for kind in changed if choices[kind] != Delivery.DIGEST]
    if no_longer_digest:
        selectors.digest_due(member).filter(kind__in=no_longer_digest).update(
            delivery=Delivery.IN_APP
        )
    return changed


# --- Emails ------------------------------------------------------------------------------------


def email_notification(*, notification_id: int) -> bool:
    """Send the email of one "by email at once" notification (the task of ``notify``), once:
    not if it was read meanwhile (the member saw it live), withdrawn, already sent, or if the
    recipient is no longer a member. Returns whether it was sent."""
    notification = (
        Notification.objects.select_related("recipient", "actor").filter(pk=notification_id)
        .first()
    )
    if (
        notification is None
        or notification.delivery != Delivery.EMAIL_NOW
        or notification.read_at is not None
        or not notification.recipient.is_member
    ):
        return False
    claimed = _claim([notification.pk])
    if claimed is None:
        return False  # already sent (the task ran twice)
    with _released_on_failure([notification.pk], claimed):
        emails.send_notification_email(notification)
    return True


def send_digests() -> tuple[int, int]:
    """The daily digest: each member with unread digest notifications not emailed yet gets one
    email with all of them. A member whose email fails does not stop the others. Returns
    (emails sent, failures). Not inside a transaction: each claim must commit before its email
    leaves."""
    sent = failed = 0
    for member_id in selectors.digest_recipient_ids():
        try:
            sent += send_digest(member_id=member_id)
        except Exception:
            failed += 1
            logger.exception("The digest of member %s could not be sent", member_id)
    return sent, failed


def send_digest(*, member_id: int) -> bool:
    """One member's digest: what is due is claimed in one committed write, then emailed; a
    notification claimed by a digest is in no other (``emailed_at``, conditional update)."""
    member = get_user_model().objects.filter(pk=member_id).first()
    if member is None or not member.is_member:
        return False
    with transaction.atomic():
        # Locked where the database can (PostgreSQL): a second run skips what this one takes.
        due = list(
            selectors.digest_due(member).select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        claimed = _claim(due)
    if claimed is None:
        return False
    notifications = list(
        Notification.objects.filter(pk__in=due, emailed_at=claimed)
        .select_related("actor").order_by("created", "pk")
    )
    digest_kinds = [
        kind for kind, delivery in selectors.preferences_for(member).items()
        if delivery == Delivery.DIGEST
    ]
    with _released_on_failure([n.pk for n in notifications], claimed):
        emails.send_digest_email(member, notifications, digest_kinds=digest_kinds)
    return True


@transaction.atomic
def _claim(ids: list[int]):
    """Mark these notifications as emailed now unless they already are; the moment they were
    claimed at, or None if none was left. A committed write before the email leaves: a crash
    after it loses an email (the notifications stay in the app), never sends one twice."""
    if not ids:
        return None
    now = timezone.now()
    claimed = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(
        emailed_at=now
    )
    return now if claimed else None


@contextmanager
def _released_on_failure(ids: list[int], claimed):
    """If the email fails (the mail server is down), the claim is released: the next digest,
    or a retry of the task, sends them."""
    try:
        yield
    except BaseException:
        Notification.objects.filter(pk__in=ids, emailed_at=claimed).update(emailed_at=None)
        raise


def notifications_purge(*, older_than, dry_run: bool) -> int:
    """Retention (privacy/retention/): delete every notification created before
    ``older_than``, read or not. How many went (or would go, with ``dry_run``)."""
    return purge_rows(Notification.objects.filter(created__lt=older_than), dry_run=dry_run)


def read_notifications_purge(*, older_than, dry_run: bool) -> int:
    """Retention: delete the read notifications created before ``older_than``."""
    return purge_rows(Notification.objects.filter(created__lt=older_than, read_at__isnull=False),
                      dry_run=dry_run)
