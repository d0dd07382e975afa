"""The forms of closing an account: the member's own (password and, where set, their second
factor, checked with allauth's own code) and the moderators' (a reason)."""

from allauth.account.forms import ReauthenticateForm
from allauth.mfa.base.forms import BaseAuthenticateForm
from allauth.mfa.utils import is_mfa_enabled
from django import forms
from django.utils.translation import gettext_lazy as _

from privacy.closure.registry import ANONYMISE, DELETE
from privacy.closure.services import MAX_REASON_LENGTH

MODE_CHOICES = [
    (ANONYMISE, _("Anonymise: what I wrote stays, signed “Former member”")),
    (DELETE, _("Delete: my posts, comments, messages and files go too")),
]


class ClosureChoiceForm(forms.Form):
    mode = forms.ChoiceField(label=_("What happens to what you wrote"), choices=MODE_CHOICES,
                             initial=ANONYMISE, widget=forms.RadioSelect)
    delete_library = forms.BooleanField(
        label=_("Delete the documents I published in the library too"), required=False,
        help_text=_("Only with “Delete”. Left unticked, documents published in the library "
                    "pass to the network, signed “Former member”, since others rely on them."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that closing my account cannot be undone"), required=True,
    )

    @property
    def keep_library(self) -> bool:
        return not self.cleaned_data.get("delete_library")


class CloseOwnAccountForm(ClosureChoiceForm):
    """The member proves it is them: their password, and a code of their second factor (an
    authenticator app's, or one of their recovery codes) when they set one."""

    password = forms.CharField(label=_("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={
                                   "autocomplete": "current-password"}))
    code = forms.CharField(
        label=_("Code of your second factor"), required=False, max_length=64,
        help_text=_("The 6-digit code of your authenticator app, or one of your recovery "
                    "codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.needs_code = is_mfa_enabled(user)
        if self.needs_code:
            self.fields["code"].required = True
        else:
            del self.fields["code"]

    def clean_password(self) -> str:
        checked = ReauthenticateForm(data={"password": self.cleaned_data["password"]},
                                     user=self.user)
        if not checked.is_valid():
            raise forms.ValidationError(checked.errors["password"])
        return self.cleaned_data["password"]

    def clean(self):
        cleaned = super().clean()
        # The code is tried only with the right password: a wrong password says so alone.
        if self.needs_code and "password" in cleaned and cleaned.get("code"):
            checked = BaseAuthenticateForm(data={"code": cleaned["code"]}, user=self.user)
            if not checked.is_valid():
                self.add_error("code", checked.errors["code"])
        return cleaned


class CloseMemberAccountForm(ClosureChoiceForm):
    """A moderator closes a member's account; the member receives the reason by e-mail."""

    reason = forms.CharField(
        label=_("Reason (sent to the member and kept in the audit log)"),
        max_length=MAX_REASON_LENGTH, widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = _("I understand that closing this account cannot be "
                                         "undone")
