"""Forms for joining the group and for moderators' membership decisions."""

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from community import taxonomy
from community.forms.fields import check_region_for_perimeter, metiers_field, region_field
from community.models import Role
from community.services.membership import application_submit

MAX_INVITATIONS_AT_ONCE = 50


class ApplicationSignupForm(forms.Form):
    """Extra fields of allauth's signup form: signing up is applying (*demande d'adhésion*)."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    actor_kind = forms.ChoiceField(label=_("Kind of actor"), choices=taxonomy.ActorKind.choices)
    perimeter = forms.ChoiceField(label=_("Perimeter"), choices=taxonomy.Perimeter.choices)
    region = region_field()
    metiers = metiers_field()
    motivation = forms.CharField(
        label=_("Why do you want to join?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("A few lines for the moderators: your territory, your projects."),
    )

    def clean(self):
        cleaned = super().clean()
        check_region_for_perimeter(self)
        return cleaned

    def signup(self, request, user) -> None:
        data = self.cleaned_data
        application_submit(
            user=user,
            motivation=data["motivation"],
            organisation=data["organisation"],
            actor_kind=data["actor_kind"],
            perimeter=data["perimeter"],
            region=data.get("region", ""),
            metiers=data["metiers"],
        )


class RejectApplicationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason given to the applicant"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class InvitationForm(forms.Form):
    emails = forms.CharField(
        label=_("Email addresses"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One or more addresses, separated by commas, spaces or new lines."),
    )
    message = forms.CharField(
        label=_("Personal message (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def clean_emails(self) -> list[str]:
        raw = self.cleaned_data["emails"].replace(",", " ").replace(";", " ").split()
        emails: list[str] = []
        invalid: list[str] = []
        for candidate in raw:
            try:
                validate_email(candidate)
            except ValidationError:
                invalid.append(candidate[:80])
            else:
                emails.append(candidate.lower())
        if invalid:
            raise ValidationError(
                _("These addresses are not valid: %(list)s") % {"list": ", ".join(invalid)}
            )
        if len(set(emails)) > MAX_INVITATIONS_AT_ONCE:
            raise ValidationError(
                _("At most %(max)d invitations at once.") % {"max": MAX_INVITATIONS_AT_ONCE}
            )
        return emails


class InvitationAcceptForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords do not match."))
        elif first:
            from community.models import User

            probe = User(email=self.email, first_name=cleaned.get("first_name", ""),
                         last_name=cleaned.get("last_name", ""))
            try:
                password_validation.validate_password(first, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class SuspendMemberForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the suspension"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
