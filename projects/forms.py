"""Forms of the projects. The services check every rule again; the forms give readable errors
next to the right field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community import taxonomy
from config.forms import NamesField
from projects.models import (
    MAX_DESCRIPTION_LENGTH,
    MAX_SUMMARY_LENGTH,
    MAX_TASK_TITLE_LENGTH,
    MAX_TITLE_LENGTH,
    PartnershipKind,
    Project,
    ProjectMembership,
    Task,
)
from projects.services.membership import MAX_MESSAGE_LENGTH
from projects.services.projects import MAX_TAG_LENGTH, MAX_TAGS
from projects.services.work import clean_date


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _checkboxes(label, choices, help_text="") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, choices=choices, required=False,
                                     widget=forms.CheckboxSelectMultiple, help_text=help_text)


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_LENGTH)
    summary = forms.CharField(
        label=_("Summary"), max_length=MAX_SUMMARY_LENGTH,
        help_text=_("One sentence: what the project does, for whom, where."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": MAX_DESCRIPTION_LENGTH}),
        help_text=_("Markdown is accepted: **bold**, *italics*, lists, links."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Project.Status.choices,
                               initial=Project.Status.IDEA)
    visibility = forms.ChoiceField(
        label=_("Who can see it"), choices=Project.Visibility.choices,
        initial=Project.Visibility.MEMBERS, widget=forms.RadioSelect,
        help_text=_("A project for its members only is invisible to everyone else, the "
                    "moderators included; its members invite the people they want."),
    )
    regions = _checkboxes(_("Regions"), taxonomy.Region.choices)
    domains = _checkboxes(_("Fragility domains"), taxonomy.FragilityDomain.choices)
    metiers = _checkboxes(_("Trades involved"), taxonomy.Metier.choices)
    partnerships = _checkboxes(_("Kinds of partnership"), PartnershipKind.choices)
    tags = NamesField(max_names=MAX_TAGS, max_name_length=MAX_TAG_LENGTH,
                      label=_("Tags"), required=False, max_length=600,
                      help_text=_("Separate tags with commas, e.g. tiers-lieu, mobilité."))

    @classmethod
    def initial_for(cls, project: Project) -> dict:
        return {
            "title": project.title, "summary": project.summary,
            "description": project.description, "status": project.status,
            "visibility": project.visibility, "regions": project.region_slugs,
            "domains": [d.pk for d in project.domains.all()],
            "metiers": [m.pk for m in project.metiers.all()],
            "partnerships": project.partnership_slugs,
            "tags": [tag.name for tag in project.tags.all()],
        }


class ProjectFilterForm(forms.Form):
    """The list's filters (GET). Unknown values are simply ignored by the view."""

    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    region = forms.ChoiceField(label=_("Region"), required=False,
                               choices=[("", _("All regions")), *taxonomy.Region.choices])
    domain = forms.ChoiceField(label=_("Fragility domain"), required=False,
                               choices=[("", _("All domains")),
                                        *taxonomy.FragilityDomain.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status")), *Project.Status.choices])
    metier = forms.ChoiceField(label=_("Trade"), required=False,
                               choices=[("", _("All trades")), *taxonomy.Metier.choices])
    mine = forms.BooleanField(label=_("Only my projects"), required=False)


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("A word for the owners (optional)"), required=False,
        max_length=MAX_MESSAGE_LENGTH, widget=forms.Textarea(attrs={"rows": 2}),
    )


class InviteForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("Member to invite"), queryset=None, empty_label=_("Choose a member"),
        error_messages={"invalid_choice": _("Choose a member of the network who is not in "
                                            "the project yet.")},
    )
    role = forms.ChoiceField(label=_("Role"), choices=ProjectMembership.Role.choices,
                             initial=ProjectMembership.Role.CONTRIBUTOR)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = candidates


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ProjectMembership.Role.choices)


class TaskForm(forms.Form):
    # Prefixed: the tasks page shows this form next to the milestone form, and both have a
    # title and a date; without prefixes their ids would collide (id_title, id_due_on).
    prefix = "task"
    title = forms.CharField(label=_("Task"), max_length=MAX_TASK_TITLE_LENGTH)
    assignee = forms.ModelChoiceField(
        label=_("Assigned to"), queryset=None, required=False, empty_label=_("Nobody yet"),
        error_messages={"invalid_choice": _("A task is given to a member of the project.")},
    )
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DateInput(),
                             input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    status = forms.ChoiceField(label=_("Status"), choices=Task.Status.choices,
                               initial=Task.Status.TO_DO)
    milestone = forms.ModelChoiceField(
        label=_("Milestone"), queryset=None, required=False, empty_label=_("None"),
        error_messages={"invalid_choice": _("Choose a milestone of this project.")},
    )

    def __init__(self, *args, members, milestones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = members
        self.fields["milestone"].queryset = milestones

    def clean_due_on(self):
        return clean_date(self.cleaned_data.get("due_on"))


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Task.Status.choices)


class MilestoneForm(forms.Form):
    prefix = "milestone"
    title = forms.CharField(label=_("Milestone"), max_length=MAX_TASK_TITLE_LENGTH)
    due_on = forms.DateField(label=_("Date"), widget=DateInput(),
                             input_formats=["%Y-%m-%d", "%d/%m/%Y"])

    def clean_due_on(self):
        return clean_date(self.cleaned_data.get("due_on"))
