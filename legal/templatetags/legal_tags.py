"""The footer's accessibility mention, as the RGAA wants it worded ("Accessibilité : non
conforme", "partiellement conforme" or "totalement conforme"). The status is only changed after
an audit, by the operator (``LEGAL_ACCESSIBILITY_STATUS``), together with the statement's text:
no query on every page for a line that changes once a year."""

from django import template
from django.conf import settings
from django.utils.translation import gettext as _

register = template.Library()

STATUSES = {
    "none": lambda: _("Accessibility: not compliant"),
    "partial": lambda: _("Accessibility: partially compliant"),
    "full": lambda: _("Accessibility: fully compliant"),
}


@register.simple_tag
def accessibility_status() -> str:
    status = getattr(settings, "LEGAL_ACCESSIBILITY_STATUS", "none")
    return STATUSES.get(status, STATUSES["none"])()
