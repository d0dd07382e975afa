"""Moderation's services for a closing account (privacy/closure/, moderation/data_erasure.py).

**The one exception to an immutable log.** An audit line is never edited (models.AuditEntry)
— except here: when a person leaves, the law (GDPR art. 17) wants their name gone, and the log
must still say what happened. So the lines keep everything but the name: where it appeared
(the actor's name, the target's description, a reason) it becomes the account's stable
pseudonym, "Ancien membre #a1b2c3", the same on every line, so that a moderator can still
follow one person's history without knowing who they were. Nothing else may change a line: this
bypass of ``AuditEntryQuerySet.update`` is written out here, once, on purpose.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from config.redaction import replace_names
from config.typography import typeset
from moderation.models import AuditEntry, Report


def _variants(names: list[str]) -> list[str]:
    """The names as written, and as ``record`` stored them (French typography applied)."""
    out: list[str] = []
    for name in filter(None, names):
        for variant in (name, typeset(name)):
            if variant not in out:
                out.append(variant)
    return sorted(out, key=len, reverse=True)


@transaction.atomic
def audit_pseudonymise(*, member, names: list[str], label: str, parts=()) -> int:
    """Every line by or about the member, or quoting their name, keeps only ``label``. On the
    lines by or about them, ``parts`` (first and last name on their own) go too."""
    names = _variants(names)
    mine = _variants([*names, *parts])
    user_type = ContentType.objects.get_for_model(type(member))
    wanted = Q(actor=member) | Q(content_type=user_type, object_id=member.pk)
    for name in names:
        wanted |= (Q(actor_name__icontains=name) | Q(target_repr__icontains=name)
                   | Q(reason__icontains=name))
    changed = 0
    for line in AuditEntry.objects.filter(wanted):
        about = line.actor_id == member.pk or (line.content_type_id == user_type.pk
                                               and line.object_id == member.pk)
        used = mine if about else names
        actor_name = label if line.actor_id == member.pk else replace_names(
            line.actor_name, used, label)
        fields = {
            "actor_name": actor_name[:150],
            "target_repr": replace_names(line.target_repr, used, label)[:300],
            "reason": replace_names(line.reason, used, label),
        }
        # The deliberate bypass of AuditEntryQuerySet.update (see the module's docstring).
        models.QuerySet.update(AuditEntry.objects.filter(pk=line.pk), **fields)
        changed += 1
    return changed


@transaction.atomic
def audit_forget_targets(*, erased, label: str) -> int:
    """The lines about things the member's closing deleted (``erased``: pairs of a model and
    ids) keep what happened and why, not the description of the thing, which quoted them."""
    changed = 0
    for model, ids in erased:
        content_type = ContentType.objects.get_for_model(model)
        for start in range(0, len(ids), 1000):
            lines = AuditEntry.objects.filter(content_type=content_type,
                                              object_id__in=ids[start:start + 1000])
            # The deliberate bypass of AuditEntryQuerySet.update (see the module's docstring).
            changed += models.QuerySet.update(
                lines, target_repr=(_("Deleted content of %(name)s") % {"name": label})[:300])
    return changed


@transaction.atomic
def member_reports_release(*, member, names: list[str], label: str,
                           erase: bool) -> dict[str, int]:
    """Reports the member filed and nobody handled yet are withdrawn; the handled ones stay
    for the record (their reason too, unless the member's words are to be deleted). Reports on
    the member's content forget its author; their excerpt, a copy of the member's words, goes
    when the content goes. A name quoted in any excerpt or note becomes ``label``."""
    withdrawn, _by_model = Report.objects.filter(
        reporter=member, status=Report.Status.OPEN).delete()
    if erase:
        Report.objects.filter(reporter=member).update(reason="")
    about = Report.objects.filter(target_author=member)
    if erase:
        about.update(excerpt="")
    about.update(target_author=None)
    quoting = Q()
    for name in filter(None, names):
        quoting |= Q(excerpt__icontains=name) | Q(resolution_note__icontains=name) | Q(
            reason__icontains=name) | Q(context_label__icontains=name)
    renamed = 0
    if quoting:
        for report in Report.objects.filter(quoting):
            Report.objects.filter(pk=report.pk).update(
                excerpt=replace_names(report.excerpt, names, label),
                resolution_note=replace_names(report.resolution_note, names, label),
                reason=replace_names(report.reason, names, label),
                context_label=replace_names(report.context_label, names, label)[:200],
            )
            renamed += 1
    return {"withdrawn": withdrawn, "renamed": renamed}


def member_open_reports(member) -> int:
    return Report.objects.filter(reporter=member, status=Report.Status.OPEN).count()
