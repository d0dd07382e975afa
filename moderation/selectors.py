"""Reads of the moderation app, each page at a constant number of queries."""

from collections import defaultdict

from django.db.models import QuerySet

from moderation import registry
from moderation.models import AuditEntry, Report

PAGE_SIZE = 25


def open_reports() -> QuerySet[Report]:
    """The queue, newest first."""
    return (
        Report.objects.filter(status=Report.Status.OPEN)
        .select_related("reporter", "target_author", "content_type")
        .order_by("-created_at", "-pk")
    )


def open_report_count() -> int:
    return Report.objects.filter(status=Report.Status.OPEN).count()


def audit_log() -> QuerySet[AuditEntry]:
    """The whole log, newest first."""
    return AuditEntry.objects.select_related("actor", "content_type").order_by(
        "-created_at", "-pk"
    )


def attach_target_actions(reports, moderator) -> None:
    """Give each report of a page ``target_actions`` (registry.TargetActions): one query per
    kind of reported content on the page, whatever the number of reports."""
    by_type = defaultdict(list)
    for report in reports:
        by_type[report.content_type].append(report)
    for content_type, group in by_type.items():
        kind = registry.kind_for(content_type)
        if kind is None:
            for report in group:
                report.target_actions = registry.TargetActions()
            continue
        items = kind.queryset().in_bulk({report.object_id for report in group})
        for report in group:
            item = items.get(report.object_id)
            report.target_actions = (
                kind.actions(moderator, item) if item is not None
                else registry.TargetActions(missing=True)
            )
