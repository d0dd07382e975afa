"""Reads of privacy's pages."""

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from privacy.export.registry import ExportSection, sections
from privacy.models import EXPORT_INTERVAL, DataExport

EXPORTS_SHOWN = 5


def exports_of(member) -> QuerySet[DataExport]:
    """The member's latest requests, newest first (their page shows a few)."""
    return DataExport.objects.filter(member=member).select_related("requested_by")[:EXPORTS_SHOWN]


def export_sections() -> list[ExportSection]:
    """What the export holds, in order: the page lists it before the member asks."""
    return sections()


def next_request_at(member) -> datetime | None:
    """When the member may ask again (one export a day; a failed one does not count), or None
    when they may ask now. The service checks the same rule again under a lock."""
    latest = (DataExport.objects.filter(member=member,
                                        created_at__gt=timezone.now() - EXPORT_INTERVAL)
              .exclude(status=DataExport.Status.FAILED).order_by("-created_at")
              .values_list("created_at", flat=True).first())
    return latest + EXPORT_INTERVAL if latest else None
