"""Moderators invite people; an invitation link creates a verified member account (DESIGN.md §1)."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community.models import Invitation, Role, User, UserStatus
from community.models.membership import hash_token
from community.services.membership import invitations_send
from tests.factories import DEFAULT_PASSWORD, ApplicantFactory, MemberFactory, ModeratorFactory

pytestmark = pytest.mark.django_db

INVITATIONS = reverse("community:invitations")
ACCEPT_PREFIX = reverse("community:invitation_accept", args=["x"]).removesuffix("x/")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def invitation_path(message, site: str | None = None) -> str:
    """The single invitation link of an email, as a local path; ``site``: the address it must
    be on (SITE_URL for an e-mail sent with no request)."""
    links = [
        link for link in re.findall(r"https?://[^\s\"'<>]+", message.body)
        if ACCEPT_PREFIX in link
    ]
    assert len(links) == 1, message.body
    assert links[0].startswith((site or settings.SITE_URL) + "/")
    return urlsplit(links[0]).path


def token_of(path: str) -> str:
    return path.removeprefix(ACCEPT_PREFIX).rstrip("/")


def invite(moderator, email: str, mailoutbox, capture) -> str:
    """Invite one address through the service; return the path of the link it emailed."""
    sent_before = len(mailoutbox)
    with capture(execute=True):
        invitations_send(actor=moderator, emails=[email])
    (message,) = mailoutbox[sent_before:]
    assert message.to == [email]
    return invitation_path(message)


def account_data(**overrides) -> dict:
    data = {
        "first_name": "Inès",
        "last_name": "Invitée",
        "password1": DEFAULT_PASSWORD,
        "password2": DEFAULT_PASSWORD,
    }
    data.update(overrides)
    return data


# --- sending -------------------------------------------------------------------------------


def test_moderator_invites_several_addresses_at_once(
    as_user, moderator, member, mailoutbox, django_capture_on_commit_callbacks
):
    member_email = member.email.upper()
    typed = (
        f"ines@exemple.fr, jules@exemple.fr\nkarim@exemple.fr;{member_email}\n\n"
        "  ines@exemple.fr  "
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(moderator).post(
            INVITATIONS, {"emails": typed, "message": "Rejoins-nous pour le chantier mobilité."}
        )

    assert response.status_code == 302
    assert response["Location"] == INVITATIONS
    invited = ["ines@exemple.fr", "jules@exemple.fr", "karim@exemple.fr"]
    assert sorted(Invitation.objects.values_list("email", flat=True)) == invited
    assert not Invitation.objects.filter(email__iexact=member.email).exists()
    assert all(inv.invited_by == moderator for inv in Invitation.objects.all())
    # One email per invitee, each with its own link; the member gets nothing.
    assert sorted(message.to[0] for message in mailoutbox) == invited
    paths = [invitation_path(message, "http://testserver") for message in mailoutbox]
    assert len(set(paths)) == 3
    for message, path in zip(mailoutbox, paths, strict=True):
        invitation = Invitation.objects.get(token_hash=hash_token(token_of(path)))
        assert invitation.email == message.to[0]
        assert "Rejoins-nous pour le chantier mobilité." in message.body
    # Only a hash of the token is stored.
    assert not Invitation.objects.filter(token_hash__in=[token_of(p) for p in paths]).exists()
    # The moderator is told who was skipped, and how many were sent.
    levels = {message.level: str(message) for message in get_messages(response.wsgi_request)}
    assert set(levels) == {message_levels.SUCCESS, message_levels.WARNING}
    assert member.email in levels[message_levels.WARNING]


def test_existing_applicant_is_not_invited(moderator, mailoutbox,
                                           django_capture_on_commit_callbacks):
    applicant = ApplicantFactory()
    with django_capture_on_commit_callbacks(execute=True):
        batch = invitations_send(actor=moderator, emails=[applicant.email])
    assert batch.already_members == [applicant.email]
    assert batch.invited == []
    assert mailoutbox == []
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("ines@exemple.fr, pas-une-adresse", id="one-bad"),
        pytest.param("ines@exemple.fr\njules@@exemple.fr", id="double-at"),
        pytest.param("   ", id="blank"),
        pytest.param(" ".join(f"p{n}@exemple.fr" for n in range(51)), id="too-many"),
    ],
)
def test_invalid_addresses_send_nothing(
    as_user, moderator, mailoutbox, django_capture_on_commit_callbacks, typed
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(moderator).post(INVITATIONS, {"emails": typed})
    assert response.status_code == 200
    assert "emails" in response.context["form"].errors
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_member_cannot_invite(as_user, member, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(member).post(INVITATIONS, {"emails": "ines@exemple.fr"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()
    assert mailoutbox == []


# --- accepting -----------------------------------------------------------------------------


def test_invitation_link_creates_a_verified_member(
    client, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    path = invite(moderator, "ines@exemple.fr", mailoutbox, django_capture_on_commit_callbacks)

    page = client.get(path)
    assert page.status_code == 200
    assert "ines@exemple.fr" in page.content.decode()
    assert page.context["invitation"].email == "ines@exemple.fr"
    assert "password1" in page.context["form"].fields

    users_before = User.objects.count()
    response = client.post(path, account_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("community:onboarding")
    assert User.objects.count() == users_before + 1
    user = User.objects.get(email="ines@exemple.fr")
    assert user.status == UserStatus.MEMBER
    assert user.role == Role.MEMBER
    assert user.is_active and not user.is_staff
    assert (user.first_name, user.last_name) == ("Inès", "Invitée")
    assert user.check_password(DEFAULT_PASSWORD)
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("ines@exemple.fr", True, True)
    assert user.profile.onboarded_at is None
    invitation = Invitation.objects.get(email="ines@exemple.fr")
    assert invitation.accepted_by == user
    assert invitation.accepted_at is not None
    # Logged in, and sent to complete their profile first.
    assert client.session["_auth_user_id"] == str(user.pk)
    # The session is recorded at login, so that a suspension can end it.
    assert UserSession.objects.filter(user=user, session_key=client.session.session_key).exists()
    assert client.get(reverse("community:onboarding")).status_code == 200
    assert client.get(reverse("community:directory"))["Location"] == reverse(
        "community:onboarding"
    )


def test_new_member_can_log_in_with_the_chosen_password(
    client, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    path = invite(moderator, "ines@exemple.fr", mailoutbox, django_capture_on_commit_callbacks)
    client.post(path, account_data())
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "ines@exemple.fr", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email="ines@exemple.fr").pk)


def test_a_link_works_only_once(client, moderator, mailoutbox,
                                django_capture_on_commit_callbacks):
    path = invite(moderator, "ines@exemple.fr", mailoutbox, django_capture_on_commit_callbacks)
    client.post(path, account_data())
    client.logout()
    users_before = User.objects.count()

    assert client.get(path).status_code == 410
    response = client.post(path, account_data(first_name="Intruse"))
    assert response.status_code == 410
    assert User.objects.count() == users_before
    assert User.objects.get(email="ines@exemple.fr").first_name == "Inès"


def test_expired_invitation_is_gone(client, moderator, mailoutbox,
                                    django_capture_on_commit_callbacks):
    path = invite(moderator, "ines@exemple.fr", mailoutbox, django_capture_on_commit_callbacks)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    assert client.get(path).status_code == 410
    assert client.post(path, account_data()).status_code == 410
    assert not User.objects.filter(email="ines@exemple.fr").exists()


def test_unknown_token_is_gone(client):
    path = reverse("community:invitation_accept", args=["nimporte-quoi"])
    assert client.get(path).status_code == 410
    assert client.post(path, account_data()).status_code == 410
    assert not User.objects.filter(email="ines@exemple.fr").exists()


def test_reinviting_revokes_the_previous_link(
    client, moderator, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    first = invite(moderator, "ines@exemple.fr", mailoutbox, django_capture_on_commit_callbacks)
    second = invite(admin_user, "ines@exemple.fr", mailoutbox,
                    django_capture_on_commit_callbacks)

    assert first != second
    old = Invitation.objects.get(token_hash=hash_token(token_of(first)))
    new = Invitation.objects.get(token_hash=hash_token(token_of(second)))
    assert old.revoked_at is not None
    assert new.revoked_at is None
    assert client.get(first).status_code == 410
    assert client.post(first, account_data()).status_code == 410
    assert not User.objects.filter(email="ines@exemple.fr").exists()
    assert client.get(second).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"password2": "un-autre-mot-de-passe-2026"}, "password2", id="mismatch"),
        pytest.param({"password1": "motdepasse", "password2": "motdepasse"}, "password1",
                     id="common"),
        pytest.param({"password1": "court", "password2": "court"}, "password1", id="short"),
        pytest.param({"password1": "4815162342108", "password2": "4815162342108"},
                     "password1", id="numeric"),
        pytest.param({"password1": "ines@exemple.fr", "password2": "ines@exemple.fr"},
                     "password1", id="like-the-email"),
        pytest.param({"first_name": ""}, "first_name", id="no-first-name"),
    ],
)
def test_bad_account_form_saves_nothing(
    client, moderator, mailoutbox, django_capture_on_commit_callbacks, overrides, field
):
    path = invite(moderator, "ines@exemple.fr", mailoutbox, django_capture_on_commit_callbacks)
    users_before = User.objects.count()

    response = client.post(path, account_data(**overrides))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert User.objects.count() == users_before
    assert not EmailAddress.objects.filter(email="ines@exemple.fr").exists()
    invitation = Invitation.objects.get(email="ines@exemple.fr")
    assert invitation.accepted_at is None
    assert "_auth_user_id" not in client.session
    # The link still works afterwards.
    assert client.get(path).status_code == 200


def test_account_created_meanwhile_is_reported_not_duplicated(
    client, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    path = invite(moderator, "ines@exemple.fr", mailoutbox, django_capture_on_commit_callbacks)
    MemberFactory(email="ines@exemple.fr")
    users_before = User.objects.count()

    response = client.post(path, account_data())

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert User.objects.count() == users_before
    assert Invitation.objects.get(email="ines@exemple.fr").accepted_at is None


@pytest.mark.parametrize("method", ["get", "post"])
def test_logged_in_member_following_a_link_goes_home(
    as_user, member, moderator, mailoutbox, django_capture_on_commit_callbacks, method
):
    path = invite(moderator, "ines@exemple.fr", mailoutbox, django_capture_on_commit_callbacks)
    client = as_user(member)
    users_before = User.objects.count()

    response = getattr(client, method)(path, *([account_data()] if method == "post" else []))

    assert response.status_code == 302
    assert response["Location"] == reverse("community:home")
    invitation = Invitation.objects.get(email="ines@exemple.fr")
    assert invitation.accepted_at is None
    assert invitation.is_usable
    assert User.objects.count() == users_before
    assert client.session["_auth_user_id"] == str(member.pk)


def test_account_form_works_with_csrf_checks_on(moderator, mailoutbox,
                                                django_capture_on_commit_callbacks):
    path = invite(moderator, "ines@exemple.fr", mailoutbox, django_capture_on_commit_callbacks)
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(path)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token, "the account form lacks its CSRF token"

    assert browser.post(path, account_data()).status_code == 403  # no token: refused
    response = browser.post(path, {**account_data(), "csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302
    assert User.objects.filter(email="ines@exemple.fr", status=UserStatus.MEMBER).exists()


def test_invitation_email_text_is_verbatim_and_html_is_escaped(
    mailoutbox, django_capture_on_commit_callbacks
):
    inviter = ModeratorFactory(first_name="Zoé", last_name="O'Neil")
    note = "C'est l'occasion <b>rêvée</b> & unique."
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(actor=inviter, emails=["ines@exemple.fr"], message=note)

    (message,) = mailoutbox
    assert "Zoé O'Neil" in message.subject
    assert "&" not in message.subject.replace(" & ", "")
    assert "Zoé O'Neil" in message.body
    assert note in message.body
    html = message.alternatives[0].content
    assert "<b>rêvée</b>" not in html
    assert "C&#x27;est l&#x27;occasion &lt;b&gt;rêvée&lt;/b&gt; &amp; unique." in html
