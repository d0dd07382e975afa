"""Member profile, onboarding and directory filter forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community import taxonomy
from community.forms.fields import (
    LinksField,
    SkillsField,
    check_region_for_perimeter,
    metiers_field,
    region_field,
)
from community.images import reencode_avatar
from community.models import Profile


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
        check_region_for_perimeter(self)
        return cleaned

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


class DirectoryFilterForm(forms.Form):
    metier = forms.ChoiceField(
        label=_("Trade"), choices=[("", _("All trades")), *taxonomy.Metier.choices], required=False
    )
    region = forms.ChoiceField(
        label=_("Region"),
        choices=[
            ("", _("All regions")), ("none", _("National networks")), *taxonomy.Region.choices
        ],
        required=False,
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}

