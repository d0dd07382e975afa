"""Profile editing, and who may edit a profile (DESIGN.md §9: bad inputs)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from community.models import Profile
from community.services.profiles import profile_update
from tests.community.profiles import EDIT_URL, edit_data, snapshot

pytestmark = pytest.mark.django_db


# --- profile edit -----------------------------------------------------------------------------


def test_profile_edit_page_shows_current_values(as_user, member):
    response = as_user(member).get(EDIT_URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert sorted(form["skills"].value().split(", ")) == ["Facilitation", "Tiers-lieux"]
    assert form["metiers"].value() == ["accompagnement"]


def test_profile_edit_saves_everything(as_user, member):
    response = as_user(member).post(EDIT_URL, edit_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("community:member_detail", args=[member.pk])
    saved = snapshot(member)
    assert saved["organisation"] == "PTCE du Pays de Morlaix"
    assert saved["departement"] == "29"
    assert saved["metiers"] == ["accompagnement", "dialogue-territorial"]
    assert saved["domains"] == ["emploi", "mobilite"]
    assert saved["skills"] == sorted(["Tiers-lieux", "Facilitation", "Mécénat de compétences"])
    assert saved["links"] == [
        "https://ptce-morlaix.fr", "https://www.linkedin.com/in/marc-membre",
    ]
    assert saved["show_email"] is True
    assert saved["show_phone"] is False
    assert saved["phone"] == "02 98 00 00 00"
    assert saved["contact_note"] == "Par courriel, de préférence."
    assert saved["public_directory_consent"] is True
    assert saved["onboarded_at"] is not None


def test_national_network_may_have_no_region(as_user, member):
    response = as_user(member).post(EDIT_URL, edit_data(perimeter="national", region="",
                                                        departement=""))
    assert response.status_code == 302
    assert snapshot(member)["region"] == ""


def test_duplicate_trades_and_skills_are_collapsed(as_user, member):
    response = as_user(member).post(EDIT_URL, edit_data(
        metiers=["accompagnement", "accompagnement"],
        skills="Tiers-lieux, tiers-lieux,  ,Tiers-lieux",
    ))
    assert response.status_code == 302
    saved = snapshot(member)
    assert saved["metiers"] == ["accompagnement"]
    assert saved["skills"] == ["Tiers-lieux"]


BAD_EDITS = {
    "unknown-metier": ("metiers", {"metiers": ["accompagnement", "astrologie"]}),
    "five-metiers": ("metiers", {"metiers": [
        "accompagnement", "dialogue-territorial", "experimentations-collectives",
        "gestion-d-un-lieu", "cinquieme-metier",
    ]}),
    "no-metier": ("metiers", {"metiers": []}),
    "unknown-region": ("region", {"region": "atlantis"}),
    "local-actor-without-region": ("region", {"perimeter": "local", "region": ""}),
    "regional-actor-without-region": ("region", {"perimeter": "regional", "region": ""}),
    "departement-99": ("departement", {"departement": "99"}),
    "departement-script": ("departement", {"departement": "<script>"}),
    "departement-2C": ("departement", {"departement": "2C"}),
    "six-links": ("links", {"links": "\n".join(f"https://exemple{n}.fr" for n in range(6))}),
    "javascript-link": ("links", {"links": "https://ok.fr\njavascript:alert(1)"}),
    "data-link": ("links", {"links": "data:text/html,<script>alert(1)</script>"}),
    "twenty-one-skills": ("skills", {"skills": ", ".join(f"Compétence {n}" for n in range(21))}),
    "overlong-skill": ("skills", {"skills": "x" * 61}),
    "unknown-domain": ("domains", {"domains": ["astrologie"]}),
    "unknown-actor-kind": ("actor_kind", {"actor_kind": "secte"}),
    "missing-organisation": ("organisation", {"organisation": ""}),
    "missing-last-name": ("last_name", {"last_name": ""}),
}


@pytest.mark.parametrize("field, overrides", BAD_EDITS.values(), ids=BAD_EDITS.keys())
def test_bad_profile_edit_is_rejected_and_nothing_saved(as_user, member, field, overrides):
    before = snapshot(member)
    # The spoiled field must be the only reason for refusal: the other fields also change.
    response = as_user(member).post(EDIT_URL, edit_data(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert snapshot(member) == before


def test_valid_edit_is_accepted_as_the_baseline_of_the_bad_ones(as_user, member):
    """Guard for the parametrised test above: without the spoiled field, it saves."""
    assert as_user(member).post(EDIT_URL, edit_data()).status_code == 302


def test_contact_preferences_are_respected_on_the_profile_page(as_user, member, other_member):
    client = as_user(member)
    client.post(EDIT_URL, edit_data(show_email="", show_phone="", phone="06 11 22 33 44"))
    page = as_user(other_member).get(reverse("community:member_detail", args=[member.pk]))
    assert member.email not in page.content.decode()
    assert "06 11 22 33 44" not in page.content.decode()
    client.post(EDIT_URL, edit_data(show_email="on", show_phone="on", phone="06 11 22 33 44"))
    page = as_user(other_member).get(reverse("community:member_detail", args=[member.pk]))
    assert member.email in page.content.decode()
    assert "06 11 22 33 44" in page.content.decode()


# --- ownership --------------------------------------------------------------------------------


def test_service_refuses_to_edit_someone_elses_profile(member, other_member):
    before = snapshot(member)
    with pytest.raises(PermissionDenied):
        profile_update(
            actor=other_member, profile=member.profile,
            changes={"organisation": "Piraté", "first_name": "Pirate"},
        )
    assert snapshot(member) == before


def test_service_refuses_applicant_and_anonymous_actors(applicant):
    from django.contrib.auth.models import AnonymousUser

    for actor in (applicant, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            profile_update(actor=actor, profile=applicant.profile, changes={"bio": "x"})


def test_profile_page_only_edits_the_logged_in_member(as_user, member, other_member):
    before = snapshot(member)
    response = as_user(other_member).post(
        EDIT_URL, edit_data(organisation="Organisation d'Odile", user=member.pk,
                            profile=member.profile.pk),
    )
    assert response.status_code == 302
    assert snapshot(member) == before
    assert Profile.objects.get(user=other_member).organisation == "Organisation d'Odile"


def test_anonymous_cannot_reach_profile_edit(as_user):
    response = as_user(None).get(EDIT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
