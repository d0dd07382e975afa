"""The charter's acceptance: one required box, the same on the charter page and at onboarding."""

from django import forms
from django.utils.translation import gettext_lazy as _


def charter_checkbox(label=None) -> forms.BooleanField:
    return forms.BooleanField(
        label=label or _("I have read the community charter and I accept it."),
        required=True,
        error_messages={"required": _("Tick the box to accept the community charter.")},
    )


class CharterAcceptForm(forms.Form):
    accept = charter_checkbox()
