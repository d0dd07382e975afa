"""Forms of reporting and moderating. The services check the rules again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from moderation.models import MAX_REASON_LENGTH


def _reason_field(label, *, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_REASON_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_REASON_LENGTH}),
    )


class ReportForm(forms.Form):
    """A member's report: why this content should be looked at."""

    reason = _reason_field(
        _("Why are you reporting this?"),
        help_text=_("Only the moderators see your report and your name."),
    )


class ModerationReasonForm(forms.Form):
    """The reason of a moderation action, written to the audit log."""

    reason = _reason_field(
        _("Reason"),
        help_text=_("Kept in the moderation log, which every moderator can read."),
    )


class DismissReportForm(forms.Form):
    note = _reason_field(
        _("Note (optional)"),
        required=False,
        help_text=_("Why no action is needed. Kept in the moderation log."),
    )
