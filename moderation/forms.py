"""Forms of reporting and moderating. The services check the rules again."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moderation.models import MAX_REASON_LENGTH, MAX_WARNING_LENGTH


def _reason_field(label, *, required: bool = True, help_text: str = "",
                  max_length: int = MAX_REASON_LENGTH) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": max_length}),
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


class DecisionForm(forms.Form):
    """A moderation decision; a reason only for those that require one (reject, hide), which
    the author receives and the moderation log keeps."""

    reason = _reason_field(
        _("Reason"),
        help_text=_("Sent to the author and kept in the moderation log."),
    )

    def __init__(self, *args, reason_required: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not reason_required:
            del self.fields["reason"]


class WarnAuthorForm(forms.Form):
    """A warning to the author of something, in a notification only they read."""

    message = _reason_field(_("Message to the author"), max_length=MAX_WARNING_LENGTH)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["message"].help_text = gettext(
            "At most %(max)d characters. Only the author receives it; the moderation log keeps it."
        ) % {"max": MAX_WARNING_LENGTH}


class WarnReportedAuthorForm(WarnAuthorForm):
    settle_reports = forms.BooleanField(
        label=_("The warning settles the open reports on this content"),
        required=False,
        initial=True,
        help_text=_("Untick to keep them in the queue, to delete the content afterwards."),
    )
