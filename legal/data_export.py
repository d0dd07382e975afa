"""What legal holds of a member, for their export (privacy/export/registry.py): the versions of
the charter they accepted and when. Found by privacy's autodiscovery only: legal itself never
imports privacy."""

from django.utils.translation import gettext_lazy as _

from legal.models import CharterAcceptance
from privacy.export.registry import Column, ExportSection, register


def acceptance_rows(member):
    acceptances = (CharterAcceptance.objects.filter(user=member).select_related("version")
                   .order_by("version__number"))
    for acceptance in acceptances:
        yield {"version": acceptance.version.number, "accepted_at": acceptance.accepted_at}


register(ExportSection(
    key="charte", title=_("Community charter"), order=75, rows=acceptance_rows,
    description=_("the versions of the charter you accepted, and when"),
    columns=(Column("version", _("Version")), Column("accepted_at", _("Accepted on"))),
))
