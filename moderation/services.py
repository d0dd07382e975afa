"""Every write of the moderation app: reports, their outcome, and the audit log.

Other apps call ``record`` inside the transaction of the action they log, so that a line exists
exactly when the action happened, and ``reports_resolve_for`` when their action settles reports.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from config.purging import purge_rows
from config.typography import typeset
from moderation import permissions, registry
from moderation.models import (
    MAX_EXCERPT_LENGTH,
    MAX_REASON_LENGTH,
    MAX_WARNING_LENGTH,
    AuditEntry,
    Moderated,
    Report,
)
from moderation.transitions import DECISIONS
from notifications.models import Notification
from notifications.services import notify


def _name(user) -> str:
    return getattr(user, "display_name", "") or str(user)


@transaction.atomic
def record(*, actor, action: str, target: Model, reason: str = "",
           target_repr: str | None = None) -> AuditEntry:
    """Add a line to the audit log. ``target_repr`` (default ``str(target)``) is kept as text,
    since the target may change or disappear afterwards, with French typography ("d'Inès")."""
    if action not in AuditEntry.Action.values:
        raise ValueError(f"Unknown moderation action: {action!r}")
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=_name(actor)[:150],
        action=action,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        target_repr=Truncator(
            typeset(target_repr if target_repr is not None else str(target))
        ).chars(300),
        reason=reason.strip(),
    )


def clean_reason(reason: str, *, required: bool = True,
                 max_length: int = MAX_REASON_LENGTH) -> str:
    reason = reason.strip()
    if required and not reason:
        raise ValidationError(_("Please give a reason."))
    if len(reason) > max_length:
        raise ValidationError(
            _("At most %(max)d characters.") % {"max": max_length}
        )
    return reason


@transaction.atomic
def report_create(*, actor, target: Model, reason: str, excerpt: str, target_author=None,
                  context_label: str = "") -> Report:
    """A member reports something with a reason; what it said is kept as it is now.

    Reporting the same thing again while one's report is still open is a no-op: that report is
    returned unchanged, with ``already_open`` set, so that the member is told it is being
    looked into. Once the moderators have handled it (dismissed, or acted upon), a new report
    is a new report, back in the queue. The owning app checks first that ``actor`` may see
    ``target``; here the rules common to every kind of content apply: members only, and never
    one's own content.
    """
    if not permissions.can_report(actor):
        raise PermissionDenied
    if target_author is not None and target_author.pk == actor.pk:
        raise PermissionDenied
    reason = clean_reason(reason)
    content_type = ContentType.objects.get_for_model(target)
    lookup = {"reporter": actor, "content_type": content_type, "object_id": target.pk}
    existing = Report.objects.filter(**lookup, status=Report.Status.OPEN).first()
    if existing is not None:
        existing.already_open = True
        return existing
    try:
        with transaction.atomic():
            return Report.objects.create(
                **lookup,
                reason=reason,
                excerpt=Truncator(excerpt.strip()).chars(MAX_EXCERPT_LENGTH),
                target_author=target_author,
                context_label=Truncator(context_label.strip()).chars(200),
            )
    except IntegrityError:  # the same member, in another tab, at the same instant
        existing = Report.objects.get(**lookup, status=Report.Status.OPEN)
        existing.already_open = True
        return existing


def _report_repr(report: Report) -> str:
    """How the log names a report: the reported thing as its app describes it (a post, a news
    item with its title...) when it still exists, otherwise its author and where it was. The
    log adds what the report shared of it (selectors.attach_log_details)."""
    target = report.target
    kind = registry.kind_for(report.content_type) if target is not None else None
    if kind is not None and kind.describe is not None:
        return _("Report by %(reporter)s: %(item)s") % {
            "reporter": _name(report.reporter), "item": kind.name_of(target),
        }
    author = _name(report.target_author) if report.target_author_id else _("Former member")
    return _("Report by %(reporter)s on content by %(author)s (%(context)s)") % {
        "reporter": _name(report.reporter), "author": author,
        "context": report.context_label or "—",
    }


@transaction.atomic
def report_dismiss(*, actor, report: Report, note: str = "") -> Report:
    """A moderator closes a report without acting on the content."""
    if not permissions.can_moderate(actor):
        raise PermissionDenied
    note = clean_reason(note, required=False)
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("reporter", "target_author")
        .get(pk=report.pk)
    )
    if not report.is_open:
        raise ValidationError(_("This report has already been handled."))
    report.status = Report.Status.DISMISSED
    report.resolved_by = actor
    report.resolved_at = timezone.now()
    report.resolution_note = note
    report.save(update_fields=["status", "resolved_by", "resolved_at", "resolution_note"])
    record(actor=actor, action=AuditEntry.Action.REPORT_DISMISSED, target=report, reason=note,
           target_repr=_report_repr(report))
    return report


@transaction.atomic
def reports_resolve_for(*, target: Model, actor, note: str = "") -> int:
    """Close the open reports on ``target`` as acted upon; returns how many.

    The caller records its own action (e.g. ``message_deleted``) in the audit log; the reports
    keep who closed them, when and why.
    """
    if not permissions.can_moderate(actor):
        raise PermissionDenied
    return Report.objects.filter(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        status=Report.Status.OPEN,
    ).update(
        status=Report.Status.ACTIONED,
        resolved_by=actor,
        resolved_at=timezone.now(),
        resolution_note=note.strip(),
    )


@transaction.atomic
def decide(*, actor, item: Moderated, decision: str, reason: str = "") -> Moderated:
    """Approve, reject, hide or restore a moderated thing (moderation/transitions.py).

    The audit log gets a line; hiding settles the open reports on the item; its author is told
    of the decision and its reason; the owning app reacts through its ``on_decided`` hook (the
    search index, the news feed). A decision its status no longer allows (another moderator
    was quicker) is refused with a ValidationError, and nothing changes.
    """
    if not permissions.can_moderate(actor):
        raise PermissionDenied
    rule = DECISIONS.get(decision)
    if rule is None:
        raise ValueError(f"Unknown moderation decision: {decision!r}")
    reason = clean_reason(reason, required=rule.reason_required)
    item = type(item).objects.select_for_update(of=("self",)).get(pk=item.pk)
    if item.moderation_status not in rule.source:
        raise ValidationError(
            _("This decision is no longer possible: the item is now “%(status)s”.")
            % {"status": item.get_moderation_status_display()}
        )
    item.moderation_status = rule.target
    item.decided_by = actor
    item.decided_at = timezone.now()
    item.decision_reason = reason
    item.save(update_fields=["moderation_status", "decided_by", "decided_at", "decision_reason"])
    kind = registry.kind_for_model(type(item))
    described = kind.name_of(item) if kind else typeset(str(item))
    record(actor=actor, action=rule.audit_action, target=item, reason=reason,
           target_repr=described)
    if decision == "hide":
        reports_resolve_for(target=item, actor=actor, note=reason)
    if kind is not None:
        _tell_author(kind, item, actor, rule.audit_action, reason, described)
        if kind.on_decided:
            kind.on_decided(item, decision)
    return item


def _tell_author(kind, item, actor, action: str, reason: str, described: str) -> None:
    author = kind.author(item) if kind.author else None
    if author is None or kind.url is None:
        return
    text = _("%(decision)s: %(item)s") % {"decision": AuditEntry.Action(action).label,
                                           "item": described}
    if reason:
        text = _("%(text)s. Reason: %(reason)s") % {"text": text, "reason": reason}
    notify(author, Notification.Kind.MODERATION_DECISION, actor, text, kind.url(item))


@transaction.atomic
def author_warn(*, actor, author, message: str, target: Model,
                target_repr: str | None = None) -> AuditEntry:
    """A moderator warns the author of ``target`` (a reported or pending thing): the author
    reads ``message`` in a notification leading to it, and the audit log keeps it."""
    if not permissions.can_moderate(actor):
        raise PermissionDenied
    if author is None or author.pk == actor.pk:
        raise PermissionDenied
    if not getattr(author, "is_member", False):
        raise ValidationError(typeset(
            _("%(name)s is no longer an active member: there is nobody to warn.")
            % {"name": _name(author)}
        ))
    message = clean_reason(message, max_length=MAX_WARNING_LENGTH)
    kind = registry.kind_for_model(type(target))
    if target_repr is None:
        target_repr = kind.name_of(target) if kind else str(target)
    entry = record(actor=actor, action=AuditEntry.Action.AUTHOR_WARNED, target=target,
                   reason=message, target_repr=target_repr)
    url = kind.url(target) if kind and kind.url else reverse("notifications:index")
    notify(author, Notification.Kind.MODERATION_DECISION, actor,
           _("Warning from the moderators: %(message)s") % {"message": message}, url)
    return entry


@transaction.atomic
def report_author_warn(*, actor, report: Report, message: str,
                       settle_reports: bool = False) -> AuditEntry:
    """Warn the author of reported content. The log names it as the report does (what the
    reporter shared, not what the moderator may not read); when it no longer exists, the
    line is about the report. ``settle_reports``: the warning is what was done about the open
    reports on that content, which are closed as acted upon."""
    target = report.target or report
    entry = author_warn(actor=actor, author=report.target_author, message=message,
                        target=target, target_repr=_report_repr(report))
    if settle_reports:
        if target is report:
            Report.objects.filter(pk=report.pk, status=Report.Status.OPEN).update(
                status=Report.Status.ACTIONED, resolved_by=actor, resolved_at=timezone.now(),
                resolution_note=entry.reason,
            )
        else:
            reports_resolve_for(target=target, actor=actor, note=entry.reason)
    return entry


def reports_purge(*, older_than, dry_run: bool) -> int:
    """Retention (privacy/retention/): delete the reports handled before ``older_than``, with
    the reporter, reason and excerpt they kept. An open report always stays; the audit log
    keeps each decision (its lines then show no excerpt)."""
    handled = Report.objects.exclude(status=Report.Status.OPEN).filter(
        resolved_at__lt=older_than)
    return purge_rows(handled, dry_run=dry_run)
