"""The closing pages: who may open them, what a wrong password or code does (a French error,
nothing changed, never a 500), moderators and administrators (issue 14, item 2)."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from community.models import Role, User, UserStatus
from moderation.models import AuditEntry
from tests.factories import DEFAULT_PASSWORD, AdminFactory, ModeratorFactory

pytestmark = pytest.mark.django_db

OWN = reverse("privacy:close_own_account")


def _member_url(member) -> str:
    return reverse("privacy:close_member_account", args=[member.pk])


def _closed(user) -> bool:
    user.refresh_from_db()
    return user.status == UserStatus.CLOSED


def _post_own(client, **changes):
    data = {"mode": "anonymise", "password": DEFAULT_PASSWORD, "confirm": "on", **changes}
    return client.post(OWN, data)


def test_the_page_shows_what_will_happen_before_anything_does(as_user, member):
    response = as_user(member).get(OWN)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ce qui va se passer" in page and "Dans tous les cas" in page
    assert "Votre mot de passe" in page
    assert not _closed(member)


@pytest.mark.parametrize("who", [None, "applicant"])
def test_only_signed_in_members_reach_the_page(as_user, applicant, who):
    response = as_user(applicant if who else None).get(OWN)
    assert response.status_code == 302
    assert not _closed(applicant)


def test_closing_with_the_password_logs_out_and_closes(as_user, member):
    client = as_user(member)
    response = _post_own(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:closure_done")
    assert _closed(member)
    # The session is gone: the next page is the login's.
    assert client.get(reverse("community:directory")).status_code == 302
    assert "Votre compte est fermé" in client.get(reverse("privacy:closure_done")).content.decode()


@pytest.mark.parametrize("changes, message", [
    ({"password": "pas-le-bon"}, "Mot de passe incorrect"),
    ({"confirm": ""}, "Ce champ est obligatoire"),
    ({"mode": "tout-effacer"}, "Sélectionnez un choix valide"),
])
def test_bad_input_changes_nothing(as_user, member, changes, message):
    response = _post_own(as_user(member), **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not _closed(member)
    assert member.emailaddress_set.exists()


def _totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def test_a_second_factor_is_asked_and_checked(as_user, member):
    code = _totp(member)
    client = as_user(member)
    assert "Code de votre second facteur" in client.get(OWN).content.decode()
    missing = _post_own(client)
    assert missing.status_code == 200 and not _closed(member)
    wrong = _post_own(client, code="000000" if code != "000000" else "111111")
    assert wrong.status_code == 200 and "Code incorrect" in wrong.content.decode()
    assert not _closed(member)
    assert _post_own(client, code=code).status_code == 302
    assert _closed(member)
    assert not Authenticator.objects.filter(user=member).exists()


def test_a_recovery_code_does_too(as_user, member):
    _totp(member)
    recovery = Authenticator.objects.get(user=member, type=Authenticator.Type.RECOVERY_CODES)
    code = recovery.wrap().get_unused_codes()[0]
    assert _post_own(as_user(member), code=code).status_code == 302
    assert _closed(member)


def test_the_last_admin_cannot_close_their_account(as_user, admin_user):
    response = _post_own(as_user(admin_user))
    assert response.status_code == 200
    assert "dernier administrateur" in response.content.decode()
    assert not _closed(admin_user)


def test_an_admin_may_leave_when_another_remains(as_user, admin_user):
    AdminFactory()
    assert _post_own(as_user(admin_user)).status_code == 302
    assert _closed(admin_user)


# --- Moderators ------------------------------------------------------------------------------


def _post_member(client, member, **changes):
    data = {"mode": "anonymise", "reason": "Demande reçue par courrier.", "confirm": "on",
            **changes}
    return client.post(_member_url(member), data)


def test_a_moderator_closes_a_members_account_with_a_reason(as_user, moderator, member):
    page = as_user(moderator).get(reverse("community:member_detail", args=[member.pk]))
    assert _member_url(member) in page.content.decode()
    response = _post_member(as_user(moderator), member)
    assert response.status_code == 302
    assert _closed(member)
    line = AuditEntry.objects.get(action=AuditEntry.Action.ACCOUNT_CLOSED)
    assert line.actor == moderator and line.reason == "Demande reçue par courrier."
    assert line.target_repr == f"Ancien membre #{member.pseudonym}"


def test_a_reason_is_required(as_user, moderator, member):
    response = _post_member(as_user(moderator), member, reason="  ")
    assert response.status_code == 200
    assert not _closed(member)


@pytest.mark.parametrize("target_role", [Role.MODERATOR, Role.ADMIN])
def test_a_moderator_cannot_close_a_moderators_or_an_admins_account(as_user, moderator,
                                                                   target_role):
    target = (ModeratorFactory if target_role == Role.MODERATOR else AdminFactory)()
    assert as_user(moderator).get(_member_url(target)).status_code == 403
    assert _post_member(as_user(moderator), target).status_code == 403
    assert not _closed(target)


def test_an_admin_closes_a_moderators_account(as_user, admin_user):
    target = ModeratorFactory()
    assert _post_member(as_user(admin_user), target).status_code == 302
    assert _closed(target)


def test_nobody_closes_the_last_admin(as_user, admin_user):
    other_admin = AdminFactory()
    assert _post_member(as_user(other_admin), admin_user).status_code == 302
    response = _post_member(as_user(admin_user), other_admin)  # admin_user is closed now
    assert response.status_code in (302, 403)
    assert not _closed(other_admin)
    # The last admin: a clear error on the page, even for an admin's own request.
    response = _post_own(as_user(other_admin))
    assert "dernier administrateur" in response.content.decode()
    assert not _closed(other_admin)


@pytest.mark.parametrize("who", ["member", "other_member"])
def test_members_cannot_close_others(as_user, member, other_member, who):
    actor = member if who == "member" else other_member
    target = other_member if who == "member" else member
    assert as_user(actor).get(_member_url(target)).status_code == 403
    assert not _closed(target)


def test_ones_own_account_is_closed_on_ones_own_page(as_user, moderator):
    assert as_user(moderator).get(_member_url(moderator)).status_code == 403


def test_a_closed_account_cannot_log_in(client, member):
    from privacy.closure.services import account_close

    email = member.email
    account_close(actor=member, member=member)
    assert not client.login(email=email, password=DEFAULT_PASSWORD)
    assert not User.objects.filter(email=email).exists()
    response = client.post(reverse("account_login"), {"login": email,
                                                      "password": DEFAULT_PASSWORD})
    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in client.session


def test_a_closed_account_is_closed_once(moderator, member):
    from django.core.exceptions import ValidationError

    from privacy.closure.services import account_close

    account_close(actor=moderator, member=member, reason="Demande")
    member.refresh_from_db()
    with pytest.raises(ValidationError):
        account_close(actor=moderator, member=member, reason="Demande")


def test_a_moderator_leaving_withdraws_their_unused_invitations(admin_user, moderator):
    from community.models import Invitation
    from community.services.membership import invitations_send
    from privacy.closure.services import account_close

    invitations_send(actor=moderator, emails=["nouvelle@exemple.fr", "jamais@exemple.fr"])
    Invitation.objects.filter(email="jamais@exemple.fr").update(
        accepted_at="2026-01-01T00:00:00Z")
    account_close(actor=moderator, member=moderator)
    assert not Invitation.objects.usable().exists()
    assert not Invitation.objects.filter(invited_by=moderator).exists()


def test_an_applicants_pending_application_is_withdrawn(moderator, applicant):
    from community.models import Application
    from privacy.closure.services import account_close

    account_close(actor=moderator, member=applicant, reason="Demande par téléphone")
    assert not Application.objects.filter(user=applicant).exists()
    applicant.refresh_from_db()
    assert applicant.status == UserStatus.CLOSED
