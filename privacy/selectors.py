"""Reads of privacy's pages."""

from django.db.models import QuerySet

from privacy.export.registry import ExportSection, sections
from privacy.models import DataExport

EXPORTS_SHOWN = 5


def exports_of(member) -> QuerySet[DataExport]:
    """The member's latest requests, newest first (their page shows a few)."""
    return DataExport.objects.filter(member=member).select_related("requested_by")[:EXPORTS_SHOWN]


def export_sections() -> list[ExportSection]:
    """What the export holds, in order: the page lists it before the member asks."""
    return sections()
