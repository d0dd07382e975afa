"""« Qui peut m'aider ? »: a need, the skills it calls for, and optional trade and region."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from community import taxonomy
from community.forms.fields import SkillsField
from community.selectors import HELP_MAX_TAGS

HELP_TEXT_MAX_LENGTH = 2000


class HelpRequestForm(forms.Form):
    text = forms.CharField(
        label=_("Describe what you need"),
        required=False,
        max_length=HELP_TEXT_MAX_LENGTH,
        widget=forms.Textarea(
            attrs={
                "rows": 4,
                "maxlength": HELP_TEXT_MAX_LENGTH,
                "placeholder": _(
                    "e.g. We are opening a third place in a small town and are looking for a "
                    "business model that mixes public funding and company partnerships."
                ),
            }
        ),
    )
    tags = SkillsField(
        label=_("Skills you are looking for"),
        required=False,
        max_length=500,
        help_text=_("Separate skills with commas, e.g. Tiers-lieux, Mécénat de compétences."),
    )
    metier = forms.ChoiceField(
        label=_("Trade"),
        required=False,
        choices=[("", _("All trades")), *taxonomy.Metier.choices],
    )
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=[("", _("All regions")), *taxonomy.Region.choices],
    )

    def clean_tags(self):
        tags = self.cleaned_data["tags"]
        if len(tags) > HELP_MAX_TAGS:
            raise ValidationError(
                _("At most %(max)d skills, please.") % {"max": HELP_MAX_TAGS}
            )
        return tags

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("text") or "").strip() and not data.get("tags"):
            raise ValidationError(
                _("Describe your need or name at least one skill."), code="empty"
            )
        return data
