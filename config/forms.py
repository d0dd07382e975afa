from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Each field in a wrapper ``div.field``, checkboxes with their label after them."""

    field_template_name = "includes/field.html"
