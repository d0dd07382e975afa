"""Form fields shared by the application, onboarding and profile forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from community import taxonomy
from config.forms import NamesField

MAX_SKILLS = 20
MAX_SKILL_LENGTH = 60
MAX_LINKS = 5


def metiers_field(**kwargs) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Trades (métiers)"),
        choices=taxonomy.Metier.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One or more of the four trades of a catalyst."),
        error_messages={"required": _("Choose at least one trade.")},
        **kwargs,
    )


def region_field(**kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Region"),
        choices=[("", _("No region (national network)")), *taxonomy.Region.choices],
        required=False,
        # Required for a local or regional actor (check_region_for_perimeter): said up front.
        help_text=_("Required, except for a national network."),
        **kwargs,
    )


class SkillsField(NamesField):
    """Skills typed as free text, separated by commas."""

    too_long_message = _("A skill may have at most %(max)d characters.")
    too_many_message = _("At most %(max)d skills, please.")
    empty_message = _("Name at least one skill.")

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Skills"))
        kwargs.setdefault(
            "help_text", _("Separate skills with commas, e.g. Tiers-lieux, Mécénat de compétences.")
        )
        kwargs.setdefault("max_length", 1500)
        super().__init__(max_names=MAX_SKILLS, max_name_length=MAX_SKILL_LENGTH, **kwargs)


class LinksField(forms.CharField):
    """Up to five web addresses, one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Links"))
        kwargs.setdefault("help_text", _("Up to five web addresses, one per line."))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def clean(self, value):
        value = super().clean(value)
        links = [line.strip() for line in (value or "").splitlines() if line.strip()]
        if len(links) > MAX_LINKS:
            raise ValidationError(_("At most %(max)d links, please.") % {"max": MAX_LINKS})
        validate = URLValidator(schemes=["http", "https"])
        for link in links:
            try:
                validate(link)
            except ValidationError as error:
                raise ValidationError(
                    _("“%(link)s” is not a valid web address.") % {"link": link[:80]}
                ) from error
        return links


def check_region_for_perimeter(form: forms.Form) -> None:
    """A local or regional actor has a region; a national network may have none."""
    perimeter = form.cleaned_data.get("perimeter")
    if perimeter and perimeter != taxonomy.Perimeter.NATIONAL and not form.cleaned_data.get(
        "region"
    ):
        form.add_error("region", _("Choose your region (only national networks have none)."))
