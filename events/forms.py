"""Forms of the agenda. The services check every rule again (events/services/events.py
``clean_event``); the forms give readable errors on the right fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.models import FragilityDomain, Metier
from community.taxonomy import Region
from events.models import (
    MAX_ADDRESS_LENGTH,
    MAX_ANSWER_LENGTH,
    MAX_DESCRIPTION_LENGTH,
    MAX_LINK_LENGTH,
    MAX_SUMMARY_LENGTH,
    MAX_TITLE_LENGTH,
    Event,
)
from events.taxonomy import DEFAULT_TIME_ZONE, EventKind

DATETIME_INPUT_FORMAT = "%Y-%m-%dT%H:%M"
TEXT_FIELDS = ("title", "kind", "summary", "description", "time_zone", "address", "commune",
               "region", "online_url", "questions")
OPTIONAL_FIELDS = ("starts_at", "ends_at", "capacity", "registration_opens_at",
                   "registration_closes_at")
INPUT_FORMATS = [DATETIME_INPUT_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M"]


class LocalDateTimeField(forms.DateTimeField):
    """A date and time as the organiser typed it, in the event's time zone (chosen in the same
    form): returned naive, the service reads it in that zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT_FORMAT)

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("input_formats", INPUT_FORMATS)
        super().__init__(**kwargs)

    def to_python(self, value):
        result = super().to_python(value)
        return result.replace(tzinfo=None) if result is not None else None


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_LENGTH)
    kind = forms.ChoiceField(label=_("Kind of event"), choices=[("", "—"), *EventKind.choices])
    summary = forms.CharField(
        label=_("Summary"), max_length=MAX_SUMMARY_LENGTH,
        help_text=_("One or two sentences: what the agenda shows."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_SUMMARY_LENGTH}))
    description = forms.CharField(
        label=_("Description (optional)"), required=False, strip=False,
        help_text=_("Markdown is accepted: **bold**, *italics*, lists, [links](https://…)."),
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": MAX_DESCRIPTION_LENGTH}))
    starts_at = LocalDateTimeField(label=_("Start"))
    ends_at = LocalDateTimeField(label=_("End"))
    time_zone = forms.CharField(
        label=_("Time zone"), initial=DEFAULT_TIME_ZONE, max_length=64,
        help_text=_("The times above are in this zone: Europe/Paris for metropolitan France, "
                    "Indian/Reunion for La Réunion…"),
        widget=forms.TextInput(attrs={"list": "event-time-zones", "autocomplete": "off"}))
    address = forms.CharField(label=_("Address (optional)"), required=False,
                              max_length=MAX_ADDRESS_LENGTH)
    commune = forms.CharField(label=_("Town (optional)"), required=False, max_length=100)
    region = forms.ChoiceField(label=_("Region (optional)"), required=False,
                               choices=[("", "—"), *Region.choices])
    online_url = forms.CharField(
        label=_("Online link (optional)"), required=False, max_length=MAX_LINK_LENGTH,
        help_text=_("The visio link, starting with https://: shown only to registrants and "
                    "organisers."))
    capacity = forms.IntegerField(label=_("Number of seats (optional)"), required=False,
                                  min_value=1, help_text=_("Leave empty for no limit."))
    registration_opens_at = LocalDateTimeField(label=_("Registration opens (optional)"),
                                               required=False)
    registration_closes_at = LocalDateTimeField(label=_("Registration closes (optional)"),
                                                required=False)
    questions = forms.CharField(
        label=_("Questions asked at registration (optional)"), required=False,
        help_text=_("One per line, at most three: dietary needs, what do you expect?…"),
        widget=forms.Textarea(attrs={"rows": 3}))
    audience = forms.ChoiceField(
        label=_("For whom?"), initial=Event.Audience.NETWORK, widget=forms.RadioSelect,
        choices=[(Event.Audience.NETWORK, Event.Audience.NETWORK.label),
                 (Event.Audience.PUBLIC, Event.Audience.PUBLIC.label)])
    domains = forms.ModelMultipleChoiceField(
        label=_("Fragility domains"), required=False, queryset=FragilityDomain.objects.all(),
        widget=forms.CheckboxSelectMultiple)
    metiers = forms.ModelMultipleChoiceField(
        label=_("Trades"), required=False, queryset=Metier.objects.all(),
        widget=forms.CheckboxSelectMultiple)
    tags = forms.CharField(label=_("Tags (optional)"), required=False, max_length=300,
                           help_text=_("Separated by commas."))

    def __init__(self, *args, project=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if project is not None:
            del self.fields["audience"]

    def clean_tags(self) -> list[str]:
        tags = [" ".join(tag.split()) for tag in self.cleaned_data["tags"].split(",")]
        return [tag[:50] for tag in tags if tag][:10]

    def service_fields(self) -> dict:
        """The keyword arguments of ``event_create`` / ``event_edit``."""
        data = self.cleaned_data
        fields = {name: data.get(name) or "" for name in TEXT_FIELDS}
        fields.update({name: data.get(name) for name in OPTIONAL_FIELDS})
        if "audience" in self.fields:
            fields["audience"] = data.get("audience") or Event.Audience.NETWORK
        return fields

    @staticmethod
    def initial_for(event: Event) -> dict:
        def local(value):
            return value.astimezone(event.zone).replace(tzinfo=None) if value else None

        return {
            "title": event.title, "kind": event.kind, "summary": event.summary,
            "description": event.description, "starts_at": local(event.starts_at),
            "ends_at": local(event.ends_at), "time_zone": event.time_zone,
            "address": event.address, "commune": event.commune, "region": event.region,
            "online_url": event.online_url, "capacity": event.capacity,
            "registration_opens_at": local(event.registration_opens_at),
            "registration_closes_at": local(event.registration_closes_at),
            "questions": event.questions, "audience": event.audience,
            "domains": list(event.domains.all()), "metiers": list(event.metiers.all()),
            "tags": ", ".join(tag.name for tag in event.tags.all()),
        }


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled? (optional, told to the registrants)"), required=False,
        max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class RegistrationForm(forms.Form):
    """The event's optional questions, one field each."""

    def __init__(self, *args, event: Event, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questions = event.question_list
        for index, question in enumerate(self.questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question, required=False, max_length=MAX_ANSWER_LENGTH,
                widget=forms.TextInput())

    def answers(self) -> dict:
        return {question: self.cleaned_data.get(f"answer_{index}", "")
                for index, question in enumerate(self.questions)}


class AddPersonForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the member to register"))


class RecordForm(forms.Form):
    replay_url = forms.CharField(label=_("Replay link"), required=False,
                                 max_length=MAX_LINK_LENGTH)
    minutes = forms.CharField(
        label=_("Minutes and key takeaways"), required=False,
        help_text=_("Markdown is accepted."), widget=forms.Textarea(attrs={"rows": 8}))


class CoverForm(forms.Form):
    cover = forms.FileField(label=_("Cover picture (PNG, JPEG or WebP)"))


class FollowUpProjectForm(forms.Form):
    title = forms.CharField(label=_("Title of the project"), max_length=150)
    summary = forms.CharField(label=_("In a sentence"), max_length=300,
                              widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpQuestionForm(forms.Form):
    body = forms.CharField(label=_("Your question to peers"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 4}))


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Slides or document (PDF, office, picture, text)"))


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Code shown at the meeting"), max_length=12)
