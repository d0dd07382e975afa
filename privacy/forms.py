from django import forms
from django.utils.translation import gettext_lazy as _

from moderation.models import MAX_REASON_LENGTH


class ExportForMemberForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (kept in the audit log)"), max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: asked by e-mail on 3 December, from the address of the account."),
    )
