"""Reads of the moderation app, each page at a constant number of queries."""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import formats

from config.typography import typeset
from moderation import registry
from moderation.links import decision_url
from moderation.models import AuditEntry, Report
from moderation.transitions import allowed_decisions
from moderation.wording import DECISION_WORDING

PAGE_SIZE = 25


def open_reports() -> QuerySet[Report]:
    """The queue, newest first. ``handled_before``: how many reports on the same thing the
    moderators already closed (a member reporting it again after a decision), in the same
    query."""
    handled = (
        Report.objects.filter(content_type=OuterRef("content_type"),
                              object_id=OuterRef("object_id"))
        .exclude(status=Report.Status.OPEN)
        .order_by().values("content_type").annotate(count=Count("pk")).values("count")
    )
    return (
        Report.objects.filter(status=Report.Status.OPEN)
        .select_related("reporter", "target_author", "content_type")
        .annotate(handled_before=Coalesce(Subquery(handled), 0))
        .order_by("-created_at", "-pk")
    )


def open_report_count() -> int:
    return Report.objects.filter(status=Report.Status.OPEN).count()


def audit_log() -> QuerySet[AuditEntry]:
    """The whole log, newest first."""
    return AuditEntry.objects.select_related("actor", "content_type").order_by(
        "-created_at", "-pk"
    )


# Lines written before descriptions used ``registry.moment`` named their time in ISO
# ("2026-12-07 17:36", local time): the log is never rewritten, so they are read in the
# reader's format instead.
_ISO_MOMENT = re.compile(r"\b(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})\b")


def _local_moment(match: re.Match) -> str:
    try:
        when = datetime(*(int(part) for part in match.groups()))
    except ValueError:
        return match.group(0)
    return formats.date_format(when, "SHORT_DATETIME_FORMAT")


def target_label(entry: AuditEntry) -> str:
    """How the log shows what a line is about: its snapshot, with the reader's date format
    and French typography (config/typography.py)."""
    return typeset(_ISO_MOMENT.sub(_local_moment, entry.target_repr))


def attach_log_details(entries) -> None:
    """Give each line of a page of the log ``target_label`` (see ``target_label``) and
    ``excerpt``: what the thing it is about said, as a member who reported it shared it ("" when
    nobody did). A dismissed report's line shows that report's excerpt; a decision on a
    reported post, comment or message, the latest report's.

    Only reports' snapshots are shown: that is what the queue shows every moderator, even of a
    private conversation (DESIGN.md §7); what nobody reported stays named by its line alone
    (its author, where and when). Two queries for a page, whatever its length."""
    entries = list(entries)
    for entry in entries:
        entry.excerpt = ""
        entry.target_label = target_label(entry)
    report_type = ContentType.objects.get_for_model(Report)
    reports = Report.objects.only("excerpt").in_bulk(
        [entry.object_id for entry in entries if entry.content_type_id == report_type.pk]
    )
    about: dict[int, set[int]] = defaultdict(set)  # content type -> reported ids on the page
    for entry in entries:
        if entry.content_type_id == report_type.pk:
            report = reports.get(entry.object_id)
            entry.excerpt = report.excerpt if report else ""
        elif registry.kind_for(entry.content_type) is not None:
            about[entry.content_type_id].add(entry.object_id)
    if not about:
        return
    wanted = Q()
    for content_type_id, ids in about.items():
        wanted |= Q(content_type_id=content_type_id, object_id__in=ids)
    latest = {}
    for content_type_id, object_id, excerpt in (
        Report.objects.filter(wanted).exclude(excerpt="").order_by("created_at", "pk")
        .values_list("content_type_id", "object_id", "excerpt")
    ):
        latest[(content_type_id, object_id)] = excerpt
    for entry in entries:
        if entry.content_type_id != report_type.pk:
            entry.excerpt = latest.get((entry.content_type_id, entry.object_id), "")


def attach_target_actions(reports, moderator, *, next_url: str = "") -> None:
    """Give each report of a page ``target_actions`` (registry.TargetActions) and, for a thing
    with a moderation status, ``decision_item`` and ``decisions`` (the decisions its status
    allows: "hide" for a published post), whose links (``decision_links``, back to
    ``next_url``) moderation/queue_fragments.py makes only for the cards it renders anew: one
    query per kind of reported content on the page, whatever the number of reports."""
    by_type = defaultdict(list)
    for report in reports:
        by_type[report.content_type].append(report)
    for content_type, group in by_type.items():
        kind = registry.kind_for(content_type)
        if kind is None:
            for report in group:
                report.target_actions = registry.TargetActions()
                report.decision_item, report.decisions = None, []
                report.decision_next = next_url
            continue
        items = kind.queryset().in_bulk({report.object_id for report in group})
        if kind.prepare:
            kind.prepare(list(items.values()), moderator)
        for report in group:
            item = items.get(report.object_id)
            report.target_actions = (
                kind.actions(moderator, item) if item is not None
                else registry.TargetActions(missing=True)
            )
            decided = item is not None and kind.has_status
            report.decision_item = item if decided else None
            report.decisions = list(allowed_decisions(item.moderation_status)) if decided else []
            report.decision_next = next_url


def decision_links(report) -> list[dict]:
    """The links of the decisions ``attach_target_actions`` found for ``report``."""
    item = getattr(report, "decision_item", None)
    if item is None:
        return []
    next_url = getattr(report, "decision_next", "")
    return [
        {"decision": decision, "label": DECISION_WORDING[decision]["link"],
         "url": decision_url(item, decision, next_url=next_url)}
        for decision in report.decisions
    ]


@dataclass
class PendingItem:
    """One thing waiting for a moderator's decision, as the queue shows it."""

    item: Any
    kind_label: str  # "app_label.model", as in the decision URLs
    kind_name: str  # "post", "comment": the model's verbose name
    title: str
    excerpt: str
    author: Any
    submitted_at: datetime | None
    view_url: str  # the item in its context, if the owning app lets the moderator go there
    can_warn_author: bool = False  # set by the view, like the links of reports
    can_suspend_author: bool = False


@dataclass(frozen=True)
class QueueCounts:
    """What waits for the moderators: open reports, and things waiting for a decision by kind
    ("app_label.model")."""

    open_reports: int
    pending_by_kind: dict[str, int]

    @property
    def pending(self) -> int:
        return sum(self.pending_by_kind.values())


_COUNTS_ATTRIBUTE = "_moderation_queue_counts"


def queue_counts(request=None) -> QueueCounts:
    """Open reports and pending things of every kind, counted in **one** query (a ``SELECT``
    of one ``COUNT`` subquery per kind): the header's badge asks on every page a moderator
    opens, and one round trip per kind cost more than the counting (issue 20). With
    ``request``, counted once per request: the badge and the queue's page share them."""
    counts = getattr(request, _COUNTS_ATTRIBUTE, None) if request is not None else None
    if counts is not None:
        return counts
    kinds = registry.status_kinds()
    parts, params = [], []
    for queryset in [Report.objects.filter(status=Report.Status.OPEN),
                     *(kind.pending_items() for kind in kinds)]:
        sql, part_params = queryset.order_by().values("pk").query.sql_with_params()
        # Django's own SQL for our querysets, values passed as parameters.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) counted)")  # noqa: S608
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        row = cursor.fetchone()
    counts = QueueCounts(open_reports=row[0], pending_by_kind={
        kind.label: number for kind, number in zip(kinds, row[1:], strict=True)})
    if request is not None:
        setattr(request, _COUNTS_ATTRIBUTE, counts)
    return counts


def pending_count() -> int:
    """How many things wait for a decision (one query)."""
    return queue_counts().pending


def waiting_for_decision(moderator, *, limit: int = PAGE_SIZE,
                         counts: QueueCounts | None = None) -> tuple[list[PendingItem], int]:
    """The ``limit`` things that have waited longest for a decision, every kind together, and
    how many wait in all: one query per kind with something waiting (``counts``, from
    ``queue_counts``, say which; one more to count them without it), whatever the number of
    items."""
    counts = counts or queue_counts()
    found: list[PendingItem] = []
    for kind in registry.status_kinds():
        if not counts.pending_by_kind.get(kind.label):
            continue
        batch = list(kind.pending_items()[:limit])
        if kind.prepare:
            kind.prepare(batch, moderator)
        for item in batch:
            author = kind.author(item) if kind.author else None
            found.append(PendingItem(
                item=item,
                kind_label=kind.label,
                kind_name=str(item._meta.verbose_name),
                title=kind.name_of(item),
                excerpt=kind.excerpt(item) if kind.excerpt else "",
                author=author,
                submitted_at=kind.date_of(item),
                view_url=kind.actions(moderator, item).view_url,
            ))
    found.sort(key=lambda pending: (pending.submitted_at is None,
                                    pending.submitted_at or datetime.min))
    return found[:limit], counts.pending
