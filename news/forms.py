"""Forms of the news feed. The services check every rule again; the forms give readable errors."""

from django import forms
from django.utils.translation import gettext_lazy as _

from news.models import MAX_BODY_LENGTH, MAX_LINK_LENGTH, MAX_SUMMARY_LENGTH, MAX_TITLE_LENGTH
from news.services.items import link_validator

DATETIME_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


def _schedule_field(**kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=_("Date and time of publication"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                   format=DATETIME_INPUT_FORMAT),
        input_formats=[DATETIME_INPUT_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        **kwargs,
    )



class WebLinkField(forms.URLField):
    """A link to a web page: http or https only (the URL field's own validator would also let
    ftp through, and a second one would say "invalid URL" twice)."""

    default_validators = [link_validator]

class NewsForm(forms.Form):
    """A member's proposal; the fields every news item has."""

    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_LENGTH)
    summary = forms.CharField(
        label=_("Summary"), max_length=MAX_SUMMARY_LENGTH,
        help_text=_("One or two sentences: what the feed shows."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_SUMMARY_LENGTH}),
    )
    body = forms.CharField(
        label=_("Text (optional)"), required=False, strip=False,
        help_text=_("Markdown is accepted: **bold**, *italics*, lists, [links](https://…)."),
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": MAX_BODY_LENGTH}),
    )
    link = WebLinkField(
        label=_("Link (optional)"), required=False, max_length=MAX_LINK_LENGTH,
        assume_scheme="https",
        help_text=_("A web page to learn more, starting with https://"),
    )


class NewsPublishForm(NewsForm):
    """A moderator's news item: published now or at a chosen time, pinned or not."""

    NOW, LATER = "now", "later"

    when = forms.ChoiceField(
        label=_("When should members see it?"), initial=NOW, widget=forms.RadioSelect,
        choices=[(NOW, _("Publish now")), (LATER, _("Schedule the publication"))],
    )
    scheduled_for = _schedule_field(
        help_text=_("Members see it from then on (time in France)."),
    )
    pin = forms.BooleanField(label=_("Pin it at the top of the feed"), required=False)

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("when") == self.LATER:
            if not cleaned.get("scheduled_for") and "scheduled_for" not in self.errors:
                self.add_error("scheduled_for", _("Choose the date and time of publication."))
        else:
            cleaned["scheduled_for"] = None
        return cleaned


class NewsEditForm(NewsForm):
    """Editing: a moderator may also move the publication of an item not visible yet."""

    scheduled_for = _schedule_field(
        help_text=_("Leave empty to publish at once (a proposal: as soon as it is approved)."),
    )

    def __init__(self, *args, can_schedule: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not can_schedule:
            del self.fields["scheduled_for"]
