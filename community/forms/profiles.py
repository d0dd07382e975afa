"""Member profile, onboarding and directory filter forms."""

import unicodedata
from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community import taxonomy
from community.forms.fields import (
    MAX_SKILL_LENGTH,
    LinksField,
    SkillsField,
    check_region_for_perimeter,
    metiers_field,
    region_field,
)
from community.images import reencode_avatar
from community.models import Profile
from legal.forms import charter_checkbox
from legal.selectors import current_charter
from search.query import MAX_QUERY_LENGTH, clean_query


class ProfileForm(forms.ModelForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
        help_text=_(
            "JPEG, PNG, WebP or GIF, 3 MB at most. It is resized and its metadata removed."
        ),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)
    region = region_field()
    metiers = metiers_field()
    domains = forms.MultipleChoiceField(
        label=_("Fragility domains I work on"),
        choices=taxonomy.FragilityDomain.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    skills = SkillsField(required=False)
    links = LinksField()

    class Meta:
        model = Profile
        fields = [
            "organisation", "job_title", "actor_kind", "perimeter", "region", "departement",
            "can_help_with", "looking_for", "bio", "show_email", "phone", "show_phone",
            "contact_note", "public_directory_consent",
        ]
        widgets = {
            "can_help_with": forms.Textarea(attrs={"rows": 3}),
            "looking_for": forms.Textarea(attrs={"rows": 3}),
            "bio": forms.Textarea(attrs={"rows": 5}),
        }

    field_order = [
        "first_name", "last_name", "photo", "remove_photo", "organisation", "job_title",
        "actor_kind", "perimeter", "region", "departement", "metiers", "skills", "domains",
        "can_help_with", "looking_for", "bio", "links", "show_email", "phone", "show_phone",
        "contact_note", "public_directory_consent",
    ]

    def __init__(self, *args, instance: Profile, **kwargs):
        initial = kwargs.pop("initial", {}) or {}
        if not kwargs.get("data"):
            initial.update(
                first_name=instance.user.first_name,
                last_name=instance.user.last_name,
                metiers=[metier.slug for metier in instance.metiers.all()],
                domains=[domain.slug for domain in instance.domains.all()],
                skills=[tag.name for tag in instance.skills.all()],
                links=instance.links,
            )
        super().__init__(*args, instance=instance, initial=initial, **kwargs)
        for name in ("organisation", "actor_kind", "perimeter"):
            self.fields[name].required = True

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        return reencode_avatar(upload)

    def clean(self):
        cleaned = super().clean()
        self.default_region()
        check_region_for_perimeter(self)
        return cleaned

    def default_region(self) -> None:
        """The profile page keeps the region as the member set it."""

    def changes(self) -> dict:
        """What the profile service should apply."""
        return dict(self.cleaned_data)


class OnboardingForm(ProfileForm):
    """The first profile a new member completes: what peers need to find them."""

    class Meta(ProfileForm.Meta):
        fields = [
            "organisation", "job_title", "actor_kind", "perimeter", "region", "departement",
            "can_help_with", "looking_for",
        ]

    field_order = [
        "first_name", "last_name", "photo", "organisation", "job_title", "actor_kind",
        "perimeter", "region", "departement", "metiers", "skills", "can_help_with",
        "looking_for",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("domains", "links", "remove_photo"):
            self.fields.pop(name)
        self.fields["skills"].required = True
        self.fields["can_help_with"].required = True
        # The charter in force, accepted with the profile (legal/): a required box.
        self.charter_version = current_charter()
        if self.charter_version is not None:
            self.fields["charter"] = charter_checkbox(label=format_html(
                gettext(
                    'I have read and I accept the <a href="{url}" target="_blank" rel="noopener">'
                    'community charter<span class="visually-hidden"> (opens in a new tab)'
                    "</span></a>."
                ),
                url=reverse("legal:charter"),
            ))

    def default_region(self) -> None:
        """A new member who gave their département is not asked for its region as well."""
        cleaned = self.cleaned_data
        if not cleaned.get("region") and cleaned.get("departement"):
            cleaned["region"] = taxonomy.DEPARTEMENT_REGIONS.get(cleaned["departement"], "")


# Peer search (*Membres*) ---------------------------------------------------------------------

SEARCH_QUERY_MAX_LENGTH = MAX_QUERY_LENGTH
MAX_SKILL_FILTERS = 5

# URL parameter -> field of the members index.
FACET_FIELDS = {
    "metier": "metiers",
    "region": "region",
    "actor_kind": "actor_kind",
    "perimeter": "perimeter",
    "domain": "domains",
    "skill": "skills",
}


def region_filter_choices() -> list[tuple[str, str]]:
    return [("none", _("National networks")), *taxonomy.Region.choices]


def facet_choices() -> dict[str, list[tuple[str, str]]]:
    """The known values of each closed facet, in the taxonomy's order, with their labels."""
    return {
        "metier": taxonomy.Metier.choices,
        "region": region_filter_choices(),
        "actor_kind": taxonomy.ActorKind.choices,
        "perimeter": taxonomy.Perimeter.choices,
        "domain": taxonomy.FragilityDomain.choices,
    }


def _facet_field(label) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, required=False, widget=forms.CheckboxSelectMultiple
    )


def _drop_invisible(text: str) -> str:
    """Zero-width and other format characters (soft hyphen, BOM...) go: pasted inside a word,
    they would split it in two."""
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def _clean_text(text: str) -> str:
    """Invisible characters go, control characters become spaces, spaces collapse."""
    kept = "".join(
        " " if unicodedata.category(char)[0] == "C" else char for char in _drop_invisible(text)
    )
    return " ".join(kept.split())


class SkillFilterField(forms.Field):
    """Skills are free text: any value is accepted, within the caps the form applies."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            return [value]
        return [str(item) for item in value]


class DirectoryFilterForm(forms.Form):
    """Peer search: a query and combinable facets, all carried by the URL.

    Bad input never invalidates the form: unknown facet values, over-long or surplus skills
    are dropped and ``ignored_filters`` says so; an over-long query is shortened and
    ``query_shortened`` says so. Within a facet values combine with OR, across facets with AND.
    """

    q = forms.CharField(
        label=_("Search"),
        required=False,
        strip=False,
        widget=forms.SearchInput(
            attrs={
                "maxlength": SEARCH_QUERY_MAX_LENGTH,
                "autocomplete": "off",
                "spellcheck": "false",
                "placeholder": _("e.g. tiers-lieux, mécénat, Bretagne..."),
                "aria-describedby": "search-hint",
            }
        ),
    )
    metier = _facet_field(_("Trades"))
    region = _facet_field(_("Region"))
    actor_kind = _facet_field(_("Kind of actor"))
    perimeter = _facet_field(_("Perimeter"))
    domain = _facet_field(_("Fragility domains"))
    skill = SkillFilterField(label=_("Skills"), required=False)
    page = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *args, **kwargs):
        self.ignored_filters = False
        self.query_shortened = False
        if data is not None:
            data = self._sanitize(data)
        super().__init__(data, *args, **kwargs)
        for name, choices in facet_choices().items():
            self.fields[name].choices = choices

    def _sanitize(self, data) -> MultiValueDict:
        """Keep what the search understands, and remember whether anything was dropped."""
        if not hasattr(data, "getlist"):
            data = MultiValueDict(
                {k: list(v) if isinstance(v, list | tuple) else [v] for k, v in data.items()}
            )
        clean = MultiValueDict()
        raw_query = _drop_invisible(" ".join(str(value) for value in data.getlist("q") if value))
        query = clean_query(raw_query)
        self.query_shortened = len(_clean_text(raw_query)) > SEARCH_QUERY_MAX_LENGTH
        clean.setlist("q", [query])
        for name, choices in facet_choices().items():
            known = {value for value, _label in choices}
            wanted = [value for value in data.getlist(name) if value]
            kept = list(dict.fromkeys(value for value in wanted if value in known))
            if len(kept) != len(set(wanted)):
                self.ignored_filters = True
            clean.setlist(name, kept)
        skills: list[str] = []
        for raw in data.getlist("skill"):
            skill = _clean_text(str(raw))
            if not skill or skill.casefold() in {s.casefold() for s in skills}:
                continue
            if len(skill) > MAX_SKILL_LENGTH or len(skills) == MAX_SKILL_FILTERS:
                self.ignored_filters = True
                continue
            skills.append(skill)
        clean.setlist("skill", skills)
        clean.setlist("page", data.getlist("page")[:1])
        return clean

    def filters(self) -> dict[str, list[str]]:
        """The structured filters of the members index (only the facets in use)."""
        if not self.is_valid():
            return {}
        return {
            index_field: list(self.cleaned_data[name])
            for name, index_field in FACET_FIELDS.items()
            if self.cleaned_data.get(name)
        }

    @property
    def query(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""

    @property
    def page_number(self) -> str:
        return self.cleaned_data.get("page", "") if self.is_valid() else ""

    def params(self) -> list[tuple[str, str]]:
        """The search's state as URL parameters, without the page."""
        if not self.is_valid():
            return []
        pairs = [("q", self.query)] if self.query else []
        for name in FACET_FIELDS:
            pairs.extend((name, value) for value in self.cleaned_data.get(name) or [])
        return pairs

    def querystring(self, *, without: tuple[str, str | None] | None = None, **extra) -> str:
        """The current state as a query string, minus one value (``(name, value)``) or all the
        values of a parameter (``(name, None)``), plus ``extra`` parameters."""
        pairs = [
            (name, value) for name, value in self.params()
            if without is None or (name != without[0] or without[1] not in (None, value))
        ]
        pairs.extend((name, str(value)) for name, value in extra.items())
        return urlencode(pairs)
