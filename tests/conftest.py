"""Role fixtures shared by every test: one per kind of person who uses the platform."""

import pytest
from django.test import Client

from search.backends import reset_backend_cache
from search.indexing import forget_configuration
from tests.factories import (
    AdminFactory,
    ApplicantFactory,
    MemberFactory,
    ModeratorFactory,
)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MFA_REQUIRED_FOR_MODERATORS = False
    # Every test gets its own embedded search index; nothing touches var/.
    settings.SEARCH_BACKEND = {
        "BACKEND": "search.backends.embedded.EmbeddedBackend",
        "OPTIONS": {"path": str(tmp_path / "search")},
    }
    reset_backend_cache()
    forget_configuration()
    yield
    reset_backend_cache()
    forget_configuration()


@pytest.fixture
def applicant(db):
    return ApplicantFactory(first_name="Aline", last_name="Candidate")


@pytest.fixture
def member(db):
    return MemberFactory(first_name="Marc", last_name="Membre")


@pytest.fixture
def other_member(db):
    return MemberFactory(first_name="Odile", last_name="Autre", onboarded__region="occitanie")


@pytest.fixture
def moderator(db):
    return ModeratorFactory(first_name="Claire", last_name="Animatrice")


@pytest.fixture
def admin_user(db):
    return AdminFactory(first_name="Adam", last_name="Admin")


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_user():
    """``as_user(user)`` returns a test client logged in as that user (``None``: anonymous)."""
    return client_for
