"""Helpers of the profile tests (test_profiles_*.py): the pages, pictures made with Pillow,
uploads, a valid edit to spoil and a snapshot of what an edit may change."""

import os
from io import BytesIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from community.models import Profile, User

EDIT_URL = reverse("community:profile_edit")
ONBOARDING_URL = reverse("community:onboarding")


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
