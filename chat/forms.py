"""Forms of the chat pages. The services check the rules again; the forms give readable errors."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from chat.models import MAX_MESSAGE_LENGTH
from community.models import User

MAX_PRIVATE_ROOM_INVITES = 50


class PublicRoomForm(forms.Form):
    """A themed room open to every member (moderators only)."""

    name = forms.CharField(label=_("Name of the room"), max_length=80)
    topic = forms.CharField(
        label=_("Topic (optional)"), max_length=300, required=False,
        help_text=_("One sentence to say what the room is for."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "public")
        super().__init__(*args, **kwargs)


def members_from_emails(value: str, *, actor=None) -> list[User]:
    """The approved members behind email addresses separated by commas, semicolons, spaces or
    new lines (at most ``MAX_PRIVATE_ROOM_INVITES``), without ``actor``; a ValidationError
    names the addresses that are not valid or not those of members."""
    raw = value.replace(",", " ").replace(";", " ").split()
    emails = list(dict.fromkeys(candidate.lower() for candidate in raw))
    invalid = []
    for email in emails:
        try:
            validate_email(email)
        except ValidationError:
            invalid.append(email[:80])
    if invalid:
        raise ValidationError(
            _("These addresses are not valid: %(list)s") % {"list": ", ".join(invalid)}
        )
    if len(emails) > MAX_PRIVATE_ROOM_INVITES:
        raise ValidationError(
            _("At most %(max)d members at once.") % {"max": MAX_PRIVATE_ROOM_INVITES}
        )
    found = {
        user.email.lower(): user
        for user in User.objects.members()
        .annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
    }
    # Accounts are looked up case-insensitively without revealing which ones exist
    # but are not approved members: both get the same answer.
    unknown = [email for email in emails if email not in found]
    if unknown:
        raise ValidationError(
            _("These addresses are not those of members: %(list)s")
            % {"list": ", ".join(unknown)}
        )
    people = [user for user in found.values() if user != actor]
    if not people:
        raise ValidationError(_("Invite at least one other member."))
    return people


class _MembersByEmail:
    """``clean_members`` of the forms that invite members by email (``self.actor`` excluded)."""

    def clean_members(self) -> list[User]:
        return members_from_emails(self.cleaned_data["members"], actor=self.actor)


class PrivateRoomForm(_MembersByEmail, forms.Form):
    """A room for a few invited members: a working group, a project team."""

    name = forms.CharField(label=_("Name of the room"), max_length=80)
    topic = forms.CharField(label=_("Topic (optional)"), max_length=300, required=False)
    members = forms.CharField(
        label=_("Members to invite"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Their email addresses, separated by commas, spaces or new lines. "
                    "You can start a conversation with one person from their profile."),
    )

    def __init__(self, *args, actor=None, **kwargs):
        kwargs.setdefault("prefix", "private")
        super().__init__(*args, **kwargs)
        self.actor = actor


class RoomInviteForm(_MembersByEmail, forms.Form):
    """More members for an existing private room (its creator, on the room page)."""

    members = forms.CharField(
        label=_("Invite members"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "email"}),
        help_text=_("Their email addresses, separated by commas or spaces."),
    )

    def __init__(self, *args, actor=None, **kwargs):
        kwargs.setdefault("prefix", "invite")
        super().__init__(*args, **kwargs)
        self.actor = actor


class MessageForm(forms.Form):
    """The composer: the same fields whether the socket or a plain form post sends them."""

    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_MESSAGE_LENGTH}),
    )
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    # A fresh id per rendered form: posting the same form twice stores one message.
    client_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("client_id", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)


class MessageEditForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_MESSAGE_LENGTH}),
    )
