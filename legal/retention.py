"""The retention table of the privacy policy, read from the policies the platform applies.

``privacy.retention`` (helper L's package) writes the policies once and applies them; this page
shows the same list, so that what members read is what runs. legal/ sits below privacy/, hence
the soft import: without that app, the page says where to ask instead of showing a table that
nothing would apply.
"""

import importlib
from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class RetentionRow:
    label: str
    data: str
    duration: str
    starts: str
    then: str
    reason: str


def retention_rows() -> list[RetentionRow] | None:
    """The policies in the active language, or ``None`` when the privacy app is not installed."""
    if not apps.is_installed("privacy"):
        return None
    try:
        selectors = importlib.import_module("privacy.retention.selectors")
    except ImportError:
        return None
    return [
        RetentionRow(label=row.label, data=row.data, duration=row.duration, starts=row.starts,
                     then=row.then, reason=row.reason)
        for row in selectors.retention_policies()
    ]
