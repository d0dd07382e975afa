from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _


class FormRenderer(TemplatesSetting):
    """Each field in a wrapper ``div.field``, checkboxes with their label after them."""

    field_template_name = "includes/field.html"


class NamesField(forms.CharField):
    """Names typed as free text and separated by commas (skills, tags), cleaned to a list:
    trimmed, each once whatever its case, at most ``max_names`` of at most
    ``max_name_length`` characters each."""

    too_long_message = _("A tag has at most %(max)d characters.")
    too_many_message = _("At most %(max)d tags, please.")
    empty_message = None  # when a required field holds only commas; None: "required"

    def __init__(self, *, max_names: int, max_name_length: int, **kwargs):
        self.max_names, self.max_name_length = max_names, max_name_length
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value)
        return value

    def clean(self, value) -> list[str]:
        value = super().clean(value)
        names: list[str] = []
        for raw in (value or "").split(","):
            name = " ".join(raw.split())
            if not name:
                continue
            if len(name) > self.max_name_length:
                raise ValidationError(self.too_long_message % {"max": self.max_name_length})
            if name.casefold() not in {known.casefold() for known in names}:
                names.append(name)
        if len(names) > self.max_names:
            raise ValidationError(self.too_many_message % {"max": self.max_names})
        if self.required and not names:
            raise ValidationError(self.empty_message or self.error_messages["required"],
                                  code="required")
        return names
