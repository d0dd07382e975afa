"""Onboarding says which fields are required before the member submits, and fills in what is
already known (the names of the account, what the member said when applying), so that a new
member types only what nobody knows yet."""

from html.parser import HTMLParser

import pytest

from community.models import Metier, Profile
from community.services.membership import application_approve
from tests.community.profiles import ONBOARDING_URL
from tests.factories import ApplicantFactory, UserFactory

pytestmark = pytest.mark.django_db


class FormReader(HTMLParser):
    """The onboarding form as a browser would submit it untouched, and how each field is
    labelled: label or legend text (with what is hidden from screen readers apart)."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self.required_inputs: set[str] = set()
        self.labels: dict[str, str] = {}  # input id or group name -> visible label text
        self.legends: list[str] = []
        self._label_for = None
        self._legend = None
        self._select = None
        self._in_form = False
        self._textarea = None
        self.legend_note = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("enctype") == "multipart/form-data":
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            if "required" in attrs:
                self.required_inputs.add(name)
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.values.setdefault(name, []).append(attrs.get("value", "on"))
            elif kind != "file":
                self.values.setdefault(name, []).append(attrs.get("value", ""))
        elif tag == "select" and name:
            self._select = name
            if "required" in attrs:
                self.required_inputs.add(name)
            self.values.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = [""]
            if "required" in attrs:
                self.required_inputs.add(name)
        elif tag == "label" and attrs.get("for"):
            self._label_for = attrs["for"]
            self.labels[self._label_for] = ""
        elif tag == "legend":
            self._legend = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "label":
            self._label_for = None
        elif tag == "legend" and self._legend is not None:
            self.legends.append(self._legend)
            self._legend = None

    def handle_data(self, data):
        if not self._in_form:
            return
        if "Les champs marqués * sont obligatoires" in data:
            self.legend_note = True
        if self._textarea:
            self.values[self._textarea][0] += data
        if self._label_for is not None:
            self.labels[self._label_for] += data
        if self._legend is not None:
            self._legend += data


def read(client) -> FormReader:
    response = client.get(ONBOARDING_URL)
    assert response.status_code == 200
    reader = FormReader()
    reader.feed(response.content.decode())
    reader.form = response.context["form"]
    return reader


def test_each_required_field_is_marked_before_submitting(as_user):
    new_member = UserFactory(first_name="Nina", last_name="Nouvelle")
    page = read(as_user(new_member))
    assert page.legend_note
    required = {name for name, field in page.form.fields.items() if field.required}
    assert {"first_name", "last_name", "organisation", "actor_kind", "perimeter", "metiers",
            "skills", "can_help_with"} <= required
    for name, field in page.form.fields.items():
        if name == "metiers":  # a group of checkboxes: its legend says it
            legend = next(text for text in page.legends if text.startswith("Métiers"))
            assert ("*" in legend and "(obligatoire)" in legend) == field.required
            continue
        label = page.labels[f"id_{name}"]
        assert ("*" in label) == field.required, name
        assert (name in page.required_inputs) == field.required, name
    assert "*" not in page.labels["id_job_title"] and "*" not in page.labels["id_photo"]


def test_what_the_member_said_when_applying_is_filled_in(as_user, moderator):
    applicant = ApplicantFactory(first_name="Aline", last_name="Candidate")
    applicant.profile.metiers.set(Metier.objects.filter(slug="accompagnement"))
    application_approve(actor=moderator, application=applicant.application)
    client = as_user(applicant)
    page = read(client)
    assert page.values["first_name"] == ["Aline"] and page.values["last_name"] == ["Candidate"]
    assert page.values["organisation"] == ["Mairie de Quimperlé"]
    assert page.values["actor_kind"] == ["collectivite"]
    assert page.values["perimeter"] == ["local"] and page.values["region"] == ["bretagne"]
    assert page.values["metiers"] == ["accompagnement"]
    # Submitting the page as it comes needs only what nobody knew yet.
    data = dict(page.values)
    response = client.post(ONBOARDING_URL, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"skills", "can_help_with", "charter"}  # the charter: legal/
    data.update(skills="Urbanisme", can_help_with="Monter un PTCE.", charter="on")
    assert client.post(ONBOARDING_URL, data).status_code == 302
    profile = Profile.objects.get(user=applicant)
    assert profile.onboarded_at is not None and profile.organisation == "Mairie de Quimperlé"


def test_the_region_follows_from_the_departement(as_user):
    new_member = UserFactory(first_name="Nina", last_name="Nouvelle")
    response = as_user(new_member).post(ONBOARDING_URL, {
        "first_name": "Nina", "last_name": "Nouvelle", "organisation": "La Fabrique",
        "actor_kind": "association", "perimeter": "local", "region": "", "departement": "31",
        "metiers": ["accompagnement"], "skills": "Tiers-lieux", "can_help_with": "Ouvrir.",
        "charter": "on",
    })
    assert response.status_code == 302
    assert Profile.objects.get(user=new_member).region == "occitanie"
