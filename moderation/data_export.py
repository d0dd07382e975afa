"""What moderation holds of a member, for their export (privacy/export/registry.py): the reports
they filed, with their reason and what became of them. The reported text is not exported (it is
somebody else's words), nor who handled the report; the place it was in is (``context_label``,
such as a room or a wall's name)."""

from django.utils.translation import gettext_lazy as _

from moderation.models import Report
from privacy.export.registry import CHUNK, Column, ExportSection, register


def report_rows(member):
    for report in Report.objects.filter(reporter=member).order_by("pk").iterator(
            chunk_size=CHUNK):
        yield {"reason": report.reason, "context": report.context_label,
               "reported_at": report.created_at, "status": report.get_status_display(),
               "handled_at": report.resolved_at}


register(ExportSection(
    key="signalements", title=_("Reports you filed"), order=80, rows=report_rows,
    description=_("what you reported to the moderators, and why"),
    columns=(
        Column("reason", _("Reason")),
        Column("context", _("Where")),
        Column("reported_at", _("Reported on")),
        Column("status", _("Status")),
        Column("handled_at", _("Handled on")),
    ),
))
