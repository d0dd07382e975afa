"""Forms of the library. They give readable errors; the services check every rule again,
and the files themselves are checked by documents.safety when the service stores them."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from community import taxonomy as community_taxonomy
from config.forms import NamesField
from documents import taxonomy
from documents.models import (
    MAX_DESCRIPTION_LENGTH,
    MAX_LINK_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_TITLE_LENGTH,
)
from documents.services.fields import MAX_TAG_LENGTH, MAX_TAGS, link_validator
from documents.uploads import ACCEPT, MultipleFileInput


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by documents.safety in the service (by
    content, size and count), so this field only collects them."""

    widget = MultipleFileInput

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ACCEPT)
        self.widget.attrs.setdefault("multiple", True)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            files = [item for item in data if item]
        else:
            files = [data] if data else []
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        return files


class WebLinkField(forms.URLField):
    """http or https only (a video, a MOOC): never ``javascript:`` or ``ftp:``."""

    default_validators = [link_validator]


def _files_field(*, required: bool) -> MultipleFileField:
    return MultipleFileField(
        label=_("Files"), required=required,
        help_text=_("PDF, OpenDocument, Word, Excel, PowerPoint, text, CSV, Markdown, PNG, "
                    "JPEG or WebP. You may choose several files."),
    )


class DocumentForm(forms.Form):
    """The card of a document, as its author edits it."""

    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_LENGTH)
    description = forms.CharField(
        label=_("Description"), max_length=MAX_DESCRIPTION_LENGTH,
        help_text=_("What it is, who it is for, what one learns from it."),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_DESCRIPTION_LENGTH}),
    )
    entry_point = forms.ChoiceField(
        label=_("Entry point"), choices=[("", "—"), *taxonomy.EntryPoint.choices],
        error_messages={"required": _("Choose the entry point of the library.")},
    )
    levers = forms.MultipleChoiceField(
        label=_("Levers"), choices=taxonomy.Lever.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    domains = forms.MultipleChoiceField(
        label=_("Fragility domains"), choices=community_taxonomy.FragilityDomain.choices,
        required=False, widget=forms.CheckboxSelectMultiple,
    )
    tags = NamesField(
        max_names=MAX_TAGS, max_name_length=MAX_TAG_LENGTH,
        label=_("Tags"), required=False, max_length=1000,
        help_text=_("Separate tags with commas, e.g. tiers-lieux, mécénat."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=taxonomy.Language.choices,
                                 initial=taxonomy.Language.FR)
    link = WebLinkField(
        label=_("External link (optional)"), required=False, max_length=MAX_LINK_LENGTH,
        assume_scheme="https",
        help_text=_("A video, a MOOC, a web page: starting with https://"),
    )

    def __init__(self, *args, in_project: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if in_project:  # the entry point places a document in the library: not a project's
            del self.fields["entry_point"]


class DocumentCreateForm(DocumentForm):
    """A new document: its card, and its first files or an external link (at least one)."""

    files = _files_field(required=False)
    note = forms.CharField(label=_("Note on this version (optional)"), required=False,
                           max_length=MAX_NOTE_LENGTH)

    field_order = ["title", "description", "entry_point", "files", "link", "levers",
                   "domains", "tags", "language", "note"]

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("files") and not cleaned.get("link") and "link" not in self.errors:
            self.add_error("files", _("Add at least one file or an external link."))
        return cleaned


class VersionForm(forms.Form):
    files = _files_field(required=True)
    note = forms.CharField(
        label=_("What changed?"), max_length=MAX_NOTE_LENGTH,
        help_text=_("A short note for the history, e.g. “figures for 2026 updated”."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].error_messages["required"] = _("Choose at least one file.")
        self.fields["files"].label = _("Files of the new version")


class BrowseForm(forms.Form):
    """The filters of the library, read from the address (``?porte=…&levier=…``); anything it
    does not understand is ignored, never an error."""

    SORTS = {
        "recents": ["-published_at", "-pk"],
        "telecharges": ["-download_count", "-published_at", "-pk"],
        "titre": ["title", "pk"],
    }

    porte = forms.ChoiceField(label=_("Entry point"), required=False,
                              choices=[("", _("All entry points")),
                                       *taxonomy.EntryPoint.choices])
    levier = forms.ChoiceField(label=_("Lever"), required=False,
                               choices=[("", _("All levers")), *taxonomy.Lever.choices])
    domaine = forms.ChoiceField(
        label=_("Fragility domain"), required=False,
        choices=[("", _("All domains")), *community_taxonomy.FragilityDomain.choices],
    )
    etiquette = forms.CharField(label=_("Tag"), required=False, max_length=100)
    tri = forms.ChoiceField(label=_("Sort by"), required=False, choices=[
        ("recents", _("Newest")), ("telecharges", _("Most downloaded")), ("titre", _("Title")),
    ])

    def filters(self) -> dict:
        """The valid filters, with defaults for what was missing or not understood."""
        data = self.cleaned_data if self.is_valid() else {
            name: value for name, value in getattr(self, "cleaned_data", {}).items()
        }
        return {
            "entry_point": data.get("porte") or "",
            "lever": data.get("levier") or "",
            "domain": data.get("domaine") or "",
            "tag": " ".join((data.get("etiquette") or "").split()),
            "sort": data.get("tri") or "recents",
        }
