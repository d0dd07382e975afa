"""Two-factor authentication with allauth's real views (DESIGN.md §8).

TOTP secrets are encrypted at rest by ``community.adapters.MFAAdapter``; moderators and admins
must turn TOTP on when ``MFA_REQUIRED_FOR_MODERATORS`` is set.
"""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth as totp_auth
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.core.cache import cache
from django.urls import reverse

from community.adapters import MFAAdapter
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("account_login")
LOGOUT_URL = reverse("account_logout")
ACTIVATE_URL = reverse("mfa_activate_totp")
AUTHENTICATE_URL = reverse("mfa_authenticate")
REAUTHENTICATE_URL = reverse("account_reauthenticate")
HOME_URL = reverse("community:home")
DIRECTORY_URL = reverse("community:directory")

# One fixed TOTP time step for the whole test: codes never straddle a 30-second boundary.
COUNTER = int(time.time()) // 30


@pytest.fixture(autouse=True)
def _fixed_totp_clock_and_clean_cache(monkeypatch):
    """Rate limits and used-code markers live in the cache: start each test with none.

    Only allauth's TOTP clock is pinned (to ``COUNTER``); the rest of time runs normally.
    """
    monkeypatch.setattr(totp_auth, "yield_hotp_counters_from_time", lambda: iter([COUNTER]))
    cache.clear()
    yield
    cache.clear()


def code_for(secret: str, counter: int = COUNTER) -> str:
    return format_hotp_value(hotp_value(secret, counter))


def wrong_code_for(secret: str) -> str:
    right = code_for(secret)
    return f"{(int(right) + 1) % 10**len(right):0{len(right)}d}"


def log_in(client, user):
    """A real login through allauth's form; returns the response."""
    return client.post(LOGIN_URL, {"login": user.email, "password": DEFAULT_PASSWORD})


def open_activation_page(client):
    """GET the activation page, going through allauth's reauthentication if it asks for it."""
    response = client.get(ACTIVATE_URL)
    if response.status_code == 302 and response["Location"].startswith(REAUTHENTICATE_URL):
        reauth = client.post(response["Location"], {"password": DEFAULT_PASSWORD})
        assert reauth.status_code == 302, reauth.context and reauth.context["form"].errors
        assert reauth["Location"] == ACTIVATE_URL
        response = client.get(ACTIVATE_URL)
    assert response.status_code == 200
    return response


def activate_totp(client) -> str:
    """Enrol through the real views; returns the clear secret."""
    page = open_activation_page(client)
    secret = page.context["form"].secret
    assert secret == client.session[totp_auth.SECRET_SESSION_KEY]
    response = client.post(ACTIVATE_URL, {"code": code_for(secret)})
    assert response.status_code == 302, response.context["form"].errors
    return secret


def give_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


# --- enrolment --------------------------------------------------------------------------------


def test_member_can_log_in_without_mfa(client, member):
    response = log_in(client, member)
    assert response.status_code == 302
    assert response["Location"] == HOME_URL
    assert client.get(DIRECTORY_URL).status_code == 200


def test_activation_requires_a_recent_authentication(as_user, member):
    """``force_login`` leaves no authentication record: allauth asks for the password again."""
    response = as_user(member).get(ACTIVATE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(REAUTHENTICATE_URL)


def test_anonymous_cannot_activate(as_user):
    response = as_user(None).get(ACTIVATE_URL)
    assert response.status_code == 302
    assert Authenticator.objects.count() == 0


def test_member_enrols_totp_and_secret_is_encrypted_at_rest(client, member):
    assert log_in(client, member).status_code == 302
    page = open_activation_page(client)
    assert "totp_url" in page.context
    secret = page.context["form"].secret
    assert secret in page.context["totp_url"]

    response = client.post(ACTIVATE_URL, {"code": code_for(secret)})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")

    totp = Authenticator.objects.get(user=member, type=Authenticator.Type.TOTP)
    stored = totp.data["secret"]
    assert stored != secret
    assert secret not in str(totp.data)
    assert MFAAdapter().decrypt(stored) == secret
    # The secret is dropped from the session once enrolled.
    assert totp_auth.SECRET_SESSION_KEY not in client.session

    recovery = Authenticator.objects.get(user=member, type=Authenticator.Type.RECOVERY_CODES)
    codes = recovery.wrap().get_unused_codes()
    assert len(codes) == 10
    assert all(code not in str(recovery.data) for code in codes)
    view = client.get(reverse("mfa_view_recovery_codes"))
    assert view.status_code == 200
    assert set(view.context["unused_codes"]) == set(codes)


def test_wrong_code_does_not_enrol(client, member):
    log_in(client, member)
    page = open_activation_page(client)
    secret = page.context["form"].secret
    response = client.post(ACTIVATE_URL, {"code": wrong_code_for(secret)})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert not Authenticator.objects.filter(user=member).exists()


def test_recovery_codes_can_be_regenerated(client, member):
    log_in(client, member)
    activate_totp(client)
    recovery = Authenticator.objects.get(user=member, type=Authenticator.Type.RECOVERY_CODES)
    old_codes = recovery.wrap().get_unused_codes()
    response = client.post(reverse("mfa_generate_recovery_codes"))
    assert response.status_code == 302
    new = Authenticator.objects.get(user=member, type=Authenticator.Type.RECOVERY_CODES)
    new_codes = new.wrap().get_unused_codes()
    assert len(new_codes) == 10
    assert set(new_codes).isdisjoint(old_codes)


def test_encryption_round_trip_uses_fresh_tokens():
    adapter = MFAAdapter()
    first, second = adapter.encrypt("JBSWY3DPEHPK3PXP"), adapter.encrypt("JBSWY3DPEHPK3PXP")
    assert first != second != "JBSWY3DPEHPK3PXP"
    assert adapter.decrypt(first) == adapter.decrypt(second) == "JBSWY3DPEHPK3PXP"


def test_explicit_encryption_key_is_used(settings):
    from cryptography.fernet import Fernet

    settings.MFA_ENCRYPTION_KEY = Fernet.generate_key().decode()
    token = MFAAdapter().encrypt("JBSWY3DPEHPK3PXP")
    assert Fernet(settings.MFA_ENCRYPTION_KEY.encode()).decrypt(token.encode()) == (
        b"JBSWY3DPEHPK3PXP"
    )


# --- logging in with TOTP ---------------------------------------------------------------------


def test_login_with_totp_after_enrolment(client, member):
    log_in(client, member)
    secret = activate_totp(client)
    client.post(LOGOUT_URL)
    assert client.get(DIRECTORY_URL).status_code == 302  # logged out

    response = log_in(client, member)
    assert response.status_code == 302
    assert response["Location"] == AUTHENTICATE_URL
    # Between the password and the code, the member is not logged in.
    pending = client.get(DIRECTORY_URL)
    assert pending.status_code == 302
    assert pending["Location"].startswith(LOGIN_URL)

    page = client.get(AUTHENTICATE_URL)
    assert page.status_code == 200

    wrong = client.post(AUTHENTICATE_URL, {"code": wrong_code_for(secret)})
    assert wrong.status_code == 200
    assert "code" in wrong.context["form"].errors
    assert client.get(DIRECTORY_URL).status_code == 302

    right = client.post(AUTHENTICATE_URL, {"code": code_for(secret)})
    assert right.status_code == 302
    assert right["Location"] == HOME_URL
    assert client.get(DIRECTORY_URL).status_code == 200


def test_totp_code_cannot_be_replayed(client, member):
    secret = give_totp(member)
    log_in(client, member)
    assert client.post(AUTHENTICATE_URL, {"code": code_for(secret)})["Location"] == HOME_URL
    client.post(LOGOUT_URL)
    log_in(client, member)
    replay = client.post(AUTHENTICATE_URL, {"code": code_for(secret)})
    assert replay.status_code == 200
    assert client.get(DIRECTORY_URL).status_code == 302


def test_recovery_code_logs_in_once(client, member):
    log_in(client, member)
    activate_totp(client)
    code = Authenticator.objects.get(
        user=member, type=Authenticator.Type.RECOVERY_CODES
    ).wrap().get_unused_codes()[0]
    client.post(LOGOUT_URL)

    log_in(client, member)
    assert client.post(AUTHENTICATE_URL, {"code": code})["Location"] == HOME_URL
    client.post(LOGOUT_URL)

    log_in(client, member)
    again = client.post(AUTHENTICATE_URL, {"code": code})
    assert again.status_code == 200
    assert client.get(DIRECTORY_URL).status_code == 302


def test_wrong_password_never_reaches_the_code_step(client, member):
    give_totp(member)
    response = client.post(LOGIN_URL, {"login": member.email, "password": "pas le bon"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.get(AUTHENTICATE_URL)["Location"].startswith(LOGIN_URL)


# --- required for moderators ------------------------------------------------------------------


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_MODERATORS = True


@pytest.mark.usefixtures("mfa_required")
def test_moderator_without_totp_is_sent_to_activation(as_user, moderator):
    response = as_user(moderator).get(DIRECTORY_URL)
    assert response.status_code == 302
    assert response["Location"] == ACTIVATE_URL


@pytest.mark.usefixtures("mfa_required")
def test_moderator_without_totp_cannot_use_home_either(as_user, moderator, member):
    """Home is a public view (it is also the landing page): it must apply the rule itself."""
    response = as_user(moderator).get(HOME_URL)
    assert response.status_code == 302
    assert response["Location"] == ACTIVATE_URL
    assert as_user(member).get(HOME_URL).status_code == 200
    give_totp(moderator)
    assert as_user(moderator).get(HOME_URL).status_code == 200


@pytest.mark.usefixtures("mfa_required")
def test_admin_without_totp_is_sent_to_activation(as_user, admin_user):
    response = as_user(admin_user).get(reverse("community:applications"))
    assert response.status_code == 302
    assert response["Location"] == ACTIVATE_URL


@pytest.mark.usefixtures("mfa_required")
def test_member_is_not_asked_for_totp(as_user, member):
    assert as_user(member).get(DIRECTORY_URL).status_code == 200


@pytest.mark.usefixtures("mfa_required")
def test_moderator_with_totp_is_let_in(as_user, moderator):
    give_totp(moderator)
    assert as_user(moderator).get(DIRECTORY_URL).status_code == 200


def test_moderator_without_totp_is_let_in_when_not_required(as_user, moderator):
    assert as_user(moderator).get(DIRECTORY_URL).status_code == 200


@pytest.mark.usefixtures("mfa_required")
def test_gated_moderator_can_enrol_and_then_log_in_with_a_code(client, moderator):
    """The whole journey: the gate must leave allauth's pages reachable."""
    assert log_in(client, moderator)["Location"] == HOME_URL
    assert client.get(HOME_URL)["Location"] == ACTIVATE_URL
    assert client.get(DIRECTORY_URL)["Location"] == ACTIVATE_URL
    secret = activate_totp(client)
    assert client.get(HOME_URL).status_code == 200
    assert client.get(DIRECTORY_URL).status_code == 200

    client.post(LOGOUT_URL)
    assert log_in(client, moderator)["Location"] == AUTHENTICATE_URL
    assert client.post(AUTHENTICATE_URL, {"code": code_for(secret)})["Location"] == HOME_URL
    assert client.get(DIRECTORY_URL).status_code == 200
