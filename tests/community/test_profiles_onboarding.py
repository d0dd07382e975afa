"""Onboarding: a new member completes their profile first (DESIGN.md §9: bad inputs)."""

from io import BytesIO

import pytest
from django.urls import reverse
from PIL import Image

from community.models import Profile
from tests.community.profiles import ONBOARDING_URL, upload
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- onboarding -------------------------------------------------------------------------------


@pytest.fixture
def new_member(db):
    """A member who was just approved and has not completed their profile."""
    user = UserFactory(first_name="Nina", last_name="Nouvelle")
    assert user.profile.onboarded_at is None
    return user


def test_new_member_is_sent_to_onboarding(as_user, new_member):
    response = as_user(new_member).get(reverse("community:directory"))
    assert response.status_code == 302
    assert response["Location"] == ONBOARDING_URL


def test_onboarding_shows_the_form(as_user, new_member):
    response = as_user(new_member).get(ONBOARDING_URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert {"metiers", "skills", "can_help_with", "region"} <= set(form.fields)
    assert "links" not in form.fields


def test_onboarding_completes_the_profile(as_user, new_member):
    client = as_user(new_member)
    response = client.post(ONBOARDING_URL, {
        "first_name": "Nina",
        "last_name": "Nouvelle",
        "organisation": "Tiers-lieu La Fabrique",
        "actor_kind": "association",
        "perimeter": "local",
        "region": "occitanie",
        "departement": "31",
        "metiers": ["gestion-d-un-lieu", "accompagnement"],
        "skills": "Tiers-lieux, Facilitation",
        "can_help_with": "Ouvrir un tiers-lieu rural.",
        "charter": "on",
        "looking_for": "Des mécènes.",
    })
    assert response.status_code == 302
    assert response["Location"] == reverse("community:home")
    profile = Profile.objects.get(user=new_member)
    assert profile.onboarded_at is not None
    assert profile.organisation == "Tiers-lieu La Fabrique"
    assert profile.region == "occitanie"
    assert profile.departement == "31"
    assert sorted(profile.metiers.values_list("slug", flat=True)) == [
        "accompagnement", "gestion-d-un-lieu",
    ]
    assert sorted(profile.skills.names()) == ["Facilitation", "Tiers-lieux"]
    assert client.get(reverse("community:home")).status_code == 200
    assert client.get(reverse("community:directory")).status_code == 200
    # Once onboarded, the onboarding page sends the member home.
    assert client.get(ONBOARDING_URL)["Location"] == reverse("community:home")


def test_onboarding_accepts_a_photo(as_user, new_member):
    buffer = BytesIO()
    Image.new("RGB", (100, 100), (10, 120, 60)).save(buffer, format="PNG")
    response = as_user(new_member).post(ONBOARDING_URL, {
        "first_name": "Nina", "last_name": "Nouvelle", "organisation": "Réseau national",
        "actor_kind": "collectif", "perimeter": "national", "region": "",
        "metiers": ["dialogue-territorial"], "skills": "Animation de réseau",
        "can_help_with": "Mettre en relation.", "photo": upload("nina.png", buffer.getvalue()),
        "charter": "on",
    })
    assert response.status_code == 302
    profile = Profile.objects.get(user=new_member)
    assert profile.onboarded_at is not None
    assert profile.region == ""
    assert profile.photo.name.startswith("avatars/") and profile.photo.name.endswith(".webp")


def test_onboarding_requires_trades_and_skills(as_user, new_member):
    response = as_user(new_member).post(ONBOARDING_URL, {
        "first_name": "Nina", "last_name": "Nouvelle", "organisation": "X",
        "actor_kind": "association", "perimeter": "local", "region": "occitanie",
        "skills": " , ", "can_help_with": "Tout.",
    })
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "metiers" in errors
    assert "skills" in errors
    assert Profile.objects.get(user=new_member).onboarded_at is None
