"""What notifications hold of a member, for their export (privacy/export/registry.py): how they
chose to hear of each kind of notification (the default where they chose nothing). The
notifications themselves are not exported: their texts name other members."""

from django.utils.translation import gettext_lazy as _

from notifications.models import Delivery, Notification
from notifications.selectors import preferences_for
from privacy.export.registry import Column, ExportSection, register


def preference_rows(member):
    kinds, deliveries = dict(Notification.Kind.choices), dict(Delivery.choices)
    for kind, delivery in preferences_for(member).items():
        yield {"kind": str(kinds[kind]), "delivery": str(deliveries[delivery])}


register(ExportSection(
    key="notifications", title=_("Notification settings"), order=70, rows=preference_rows,
    description=_("how you chose to hear of each kind of notification"),
    columns=(Column("kind", _("Notification")), Column("delivery", _("How"))),
))
