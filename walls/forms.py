"""Forms of the walls. The services check every rule again; the forms give readable errors."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community import taxonomy
from community.forms.fields import SkillsField
from documents.uploads import CheckedFilesField
from walls import services
from walls.models import MAX_BODY_LENGTH, MAX_WALL_DESCRIPTION_LENGTH, MAX_WALL_NAME_LENGTH


class _BodyForm(forms.Form):
    """The text of a post or comment. The length is checked by the service's rule (the
    browser's ``maxlength`` counts a line break once, the server twice: "\\r\\n")."""

    body = forms.CharField(strip=False)

    def clean_body(self) -> str:
        return services.clean_body(self.cleaned_data["body"])


def _textarea(rows: int, **attrs) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "maxlength": MAX_BODY_LENGTH, **attrs})


class PostForm(_BodyForm):
    """A new post, with optional attachments (checked by documents.safety: bind the form with
    ``request.FILES``)."""

    body = forms.CharField(
        label=_("Your message"), strip=False,
        widget=_textarea(4, placeholder=_("Share news, a question, a resource…")),
        help_text=_("Markdown is accepted; mention a member with @ followed by their name."),
    )
    files = CheckedFilesField(label=_("Attachments (optional)"), required=False)


class PostEditForm(_BodyForm):
    body = forms.CharField(label=_("Your message"), strip=False, widget=_textarea(10))


class CommentForm(_BodyForm):
    body = forms.CharField(label=_("Your comment"), strip=False, widget=_textarea(2))
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class CommentEditForm(_BodyForm):
    body = forms.CharField(label=_("Your comment"), strip=False, widget=_textarea(5))


class WallForm(forms.Form):
    """A themed wall (moderators)."""

    name = forms.CharField(label=_("Name of the wall"), max_length=MAX_WALL_NAME_LENGTH)
    description = forms.CharField(
        label=_("Description (optional)"), max_length=MAX_WALL_DESCRIPTION_LENGTH,
        required=False, help_text=_("One sentence to say what the wall is for."),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_WALL_DESCRIPTION_LENGTH}),
    )


class QuestionForm(_BodyForm):
    """A question to peers (*demande d'aide*): the need, the skills it calls for, and
    optionally a trade and a region."""

    body = forms.CharField(
        label=_("Your question"), strip=False, widget=_textarea(6),
        help_text=_("Describe your need; Markdown is accepted."),
    )
    skills = SkillsField(
        label=_("Skills you are looking for"), required=False, max_length=500,
        help_text=_("Separate skills with commas, e.g. Tiers-lieux, Mécénat de compétences."),
    )
    metier = forms.ChoiceField(label=_("Trade"), required=False,
                               choices=[("", _("Any trade")), *taxonomy.Metier.choices])
    region = forms.ChoiceField(label=_("Region"), required=False,
                               choices=[("", _("Any region")), *taxonomy.Region.choices])

    def clean_skills(self) -> list[str]:
        return services.clean_skills(self.cleaned_data["skills"])


class QuestionFilterForm(forms.Form):
    """The filters of the list of questions (GET)."""

    metier = forms.ChoiceField(label=_("Trade"), required=False,
                               choices=[("", _("Any trade")), *taxonomy.Metier.choices])
    region = forms.ChoiceField(label=_("Region"), required=False,
                               choices=[("", _("Any region")), *taxonomy.Region.choices])
    competence = forms.CharField(label=_("Skill"), required=False, max_length=100)
    statut = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("Open questions")), ("resolues", _("Answered questions"))],
    )
