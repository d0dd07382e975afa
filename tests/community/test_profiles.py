"""Onboarding, profile editing and avatar handling (DESIGN.md §8: uploads, §9: bad inputs)."""

import os
from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from community.models import Profile, User
from community.services.profiles import profile_update
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EDIT_URL = reverse("community:profile_edit")
ONBOARDING_URL = reverse("community:onboarding")


# --- helpers ----------------------------------------------------------------------------------


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (64, 64), *, noise: bool = False,
                **save_options) -> bytes:
    """A real picture made with Pillow; ``noise`` makes it incompressible (hence big)."""
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (200, 80, 40))
    buffer = BytesIO()
    image.save(buffer, format=fmt, **save_options)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def snapshot(user: User) -> dict:
    """Everything a profile edit may change, read fresh from the database."""
    user = User.objects.get(pk=user.pk)
    profile = Profile.objects.get(user=user)
    return {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "photo": profile.photo.name,
        **{
            name: getattr(profile, name)
            for name in (
                "organisation", "job_title", "actor_kind", "perimeter", "region", "departement",
                "can_help_with", "looking_for", "bio", "links", "show_email", "phone",
                "show_phone", "contact_note", "public_directory_consent", "onboarded_at",
            )
        },
        "metiers": sorted(profile.metiers.values_list("slug", flat=True)),
        "domains": sorted(profile.domains.values_list("slug", flat=True)),
        "skills": sorted(profile.skills.names()),
    }


def edit_data(**overrides) -> dict:
    """A valid profile edit; each test spoils one field."""
    data = {
        "first_name": "Marc",
        "last_name": "Membre",
        "organisation": "PTCE du Pays de Morlaix",
        "job_title": "Coordinateur",
        "actor_kind": "association",
        "perimeter": "local",
        "region": "bretagne",
        "departement": "29",
        "metiers": ["accompagnement", "dialogue-territorial"],
        "skills": "Tiers-lieux, Facilitation, Mécénat de compétences",
        "domains": ["emploi", "mobilite"],
        "can_help_with": "Monter un tiers-lieu.",
        "looking_for": "Des partenaires entreprises.",
        "bio": "Vingt ans dans l'ESS.",
        "links": "https://ptce-morlaix.fr\nhttps://www.linkedin.com/in/marc-membre",
        "show_email": "on",
        "phone": "02 98 00 00 00",
        "show_phone": "",
        "contact_note": "Par courriel, de préférence.",
        "public_directory_consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def stored_path(user: User) -> Path:
    profile = Profile.objects.get(user=user)
    return Path(profile.photo.path)


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


# --- photos -----------------------------------------------------------------------------------


def test_text_file_named_jpg_is_refused(as_user, member):
    before = snapshot(member)
    response = as_user(member).post(EDIT_URL, edit_data(
        photo=upload("photo.jpg", b"Hello, I am not a picture at all.\n" * 20, "image/jpeg"),
    ))
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors
    assert snapshot(member) == before


def test_html_named_png_is_refused(as_user, member):
    before = snapshot(member)
    response = as_user(member).post(EDIT_URL, edit_data(
        photo=upload("photo.png", b"<html><script>alert(1)</script></html>"),
    ))
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors
    assert snapshot(member) == before


def test_unaccepted_image_format_is_refused(as_user, member):
    before = snapshot(member)
    response = as_user(member).post(EDIT_URL, edit_data(
        photo=upload("photo.png", image_bytes("BMP"), "image/png"),
    ))
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors
    assert snapshot(member) == before


def test_picture_with_too_many_pixels_is_refused(as_user, member):
    """A small file that decodes to a huge bitmap (a pixel bomb) is refused before decoding."""
    buffer = BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 1_000_000
    before = snapshot(member)
    bomb = upload("bomb.png", buffer.getvalue())
    response = as_user(member).post(EDIT_URL, edit_data(photo=bomb))
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors
    assert snapshot(member) == before


def test_oversized_photo_is_refused(as_user, member, settings):
    settings.AVATAR_MAX_BYTES = 10_000
    content = image_bytes("PNG", (200, 200), noise=True)
    assert len(content) > 10_000
    Image.open(BytesIO(content)).verify()  # a real picture, only too big
    before = snapshot(member)
    response = as_user(member).post(EDIT_URL, edit_data(photo=upload("big.png", content)))
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors
    assert snapshot(member) == before


def test_bad_photo_with_other_valid_changes_saves_nothing(as_user, member):
    """A refused photo must not let the rest of the edit through."""
    before = snapshot(member)
    response = as_user(member).post(EDIT_URL, edit_data(
        organisation="Autre organisation", photo=upload("x.jpg", b"not an image", "image/jpeg"),
    ))
    assert response.status_code == 200
    assert snapshot(member) == before
    assert before["organisation"] != "Autre organisation"


def test_png_with_trailing_html_is_reencoded(as_user, member):
    payload = b"<html><body><script>alert(document.cookie)</script></body></html>"
    content = image_bytes("PNG", (80, 80)) + payload
    response = as_user(member).post(EDIT_URL, edit_data(photo=upload("polyglot.png", content)))
    assert response.status_code == 302
    stored = stored_path(member).read_bytes()
    assert stored[:4] == b"RIFF" and stored[8:12] == b"WEBP"
    assert b"<html" not in stored.lower()
    assert b"script" not in stored.lower()
    with Image.open(BytesIO(stored)) as image:
        assert image.format == "WEBP"


def test_valid_photo_is_renamed_reencoded_and_stripped(as_user, member):
    exif = Image.Exif()
    exif[0x010F] = "Appareil Espion"  # Make
    exif[0x0110] = "Modèle X"  # Model
    exif[0x0132] = "2026:01:01 12:00:00"  # DateTime
    original = image_bytes("JPEG", (640, 480), exif=exif)
    with Image.open(BytesIO(original)) as probe:
        assert probe.getexif()  # the upload really carries EXIF metadata
    response = as_user(member).post(EDIT_URL, edit_data(
        photo=upload("Marc-Membre-passeport.jpg", original, "image/jpeg"),
    ))
    assert response.status_code == 302
    profile = Profile.objects.get(user=member)
    name = profile.photo.name
    assert name.startswith("avatars/")
    assert "Marc" not in name and "passeport" not in name
    assert name.endswith(".webp")
    path = Path(profile.photo.path)
    assert path.is_file()
    with Image.open(path) as stored:
        assert stored.format == "WEBP"
        assert max(stored.size) <= 512
        assert not stored.getexif()
        assert "exif" not in stored.info
        assert "xmp" not in stored.info
    assert b"Espion" not in path.read_bytes()


def test_two_uploads_get_different_random_names(as_user, member, other_member):
    for user in (member, other_member):
        as_user(user).post(EDIT_URL, edit_data(photo=upload("me.png", image_bytes())))
    first, second = (Profile.objects.get(user=u).photo.name for u in (member, other_member))
    assert first and second and first != second


def test_photo_is_served_to_members_only(as_user, member, other_member):
    as_user(member).post(EDIT_URL, edit_data(photo=upload("me.png", image_bytes())))
    url = reverse("community:member_photo", args=[member.pk])

    response = as_user(other_member).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content)
    assert body == stored_path(member).read_bytes()

    anonymous = as_user(None).get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))


def test_photo_of_member_without_photo_is_404(as_user, member, other_member):
    response = as_user(other_member).get(reverse("community:member_photo", args=[member.pk]))
    assert response.status_code == 404


def test_photo_is_not_served_to_applicants(as_user, member, applicant):
    as_user(member).post(EDIT_URL, edit_data(photo=upload("me.png", image_bytes())))
    response = as_user(applicant).get(reverse("community:member_photo", args=[member.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("community:application_status")


def test_photo_can_be_removed(as_user, member, django_capture_on_commit_callbacks):
    client = as_user(member)
    client.post(EDIT_URL, edit_data(photo=upload("me.png", image_bytes())))
    path = stored_path(member)
    assert path.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(EDIT_URL, edit_data(remove_photo="on"))
    assert response.status_code == 302
    assert Profile.objects.get(user=member).photo.name == ""
    assert not path.exists()
    photo_url = reverse("community:member_photo", args=[member.pk])
    assert client.get(photo_url).status_code == 404


def test_replacing_the_photo_deletes_the_old_file(as_user, member,
                                                  django_capture_on_commit_callbacks):
    client = as_user(member)
    client.post(EDIT_URL, edit_data(photo=upload("one.png", image_bytes())))
    old_path = stored_path(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(EDIT_URL, edit_data(photo=upload("two.png", image_bytes("PNG", (30, 30)))))
    new_path = stored_path(member)
    assert new_path != old_path
    assert new_path.is_file()
    assert not old_path.exists()


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
