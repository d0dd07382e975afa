"""Suspending and reactivating members, and changing roles (DESIGN.md §1, §8)."""

import re
from importlib import import_module
from urllib.parse import urlsplit

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from community.models import Role, User, UserStatus
from community.services.membership import invitations_send
from tests.factories import DEFAULT_PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts failed logins in the cache; each test starts with a clean slate."""
    cache.clear()
    yield
    cache.clear()


def real_login(email: str, password: str = DEFAULT_PASSWORD) -> Client:
    """Log in through allauth's form, as a browser does, so that usersessions sees the session."""
    client = Client()
    response = client.post(LOGIN, {"login": email, "password": password})
    assert response.status_code == 302, response.content[:500]
    return client


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def session_exists(session_key: str) -> bool:
    return import_module(settings.SESSION_ENGINE).SessionStore().exists(session_key)


def last_message_level(response) -> int:
    """The level of the message the action added (a real login leaves its own message too)."""
    return [message.level for message in get_messages(response.wsgi_request)][-1]


@pytest.fixture
def target(db) -> User:
    return MemberFactory(first_name="Sam", last_name="Suspendu", email="sam@exemple.fr")


def suspend(moderator, member, capture, reason="Messages insultants sur le mur régional."):
    with capture(execute=True):
        return real_login(moderator.email).post(
            reverse("community:member_suspend", args=[member.pk]), {"reason": reason}
        )


# --- suspension ----------------------------------------------------------------------------


def test_suspension_ends_the_members_session_at_once(
    moderator, target, mailoutbox, django_capture_on_commit_callbacks
):
    member_browser = real_login(target.email)
    assert member_browser.get(reverse("community:directory")).status_code == 200
    session_key = member_browser.session.session_key
    assert UserSession.objects.filter(user=target, session_key=session_key).exists()

    reason = "Démarchage commercial répété, malgré l'avertissement du 3 mars."
    response = suspend(moderator, target, django_capture_on_commit_callbacks, reason=reason)

    assert response.status_code == 302
    assert response["Location"] == reverse("community:suspended_members")
    target.refresh_from_db()
    assert target.status == UserStatus.SUSPENDED
    assert target.is_active is False
    # The session is gone from the store, not merely refused.
    assert not session_exists(session_key)
    assert not UserSession.objects.filter(user=target).exists()
    # The very next request of the member's browser is anonymous.
    response = member_browser.get(reverse("community:directory"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN + "?next=")
    assert not is_logged_in(member_browser)
    # The email tells them why.
    assert [message.to for message in mailoutbox] == [[target.email]]
    assert reason in mailoutbox[0].body  # plain text: the apostrophe is not an HTML entity
    assert "malgré l&#x27;avertissement" in mailoutbox[0].alternatives[0].content


def test_suspension_ends_every_session_but_not_the_moderators(
    moderator, target, django_capture_on_commit_callbacks
):
    laptop, phone = real_login(target.email), real_login(target.email)
    assert UserSession.objects.filter(user=target).count() == 2
    moderator_browser = real_login(moderator.email)

    with django_capture_on_commit_callbacks(execute=True):
        moderator_browser.post(
            reverse("community:member_suspend", args=[target.pk]), {"reason": "Spam."}
        )

    for browser in (laptop, phone):
        assert browser.get(reverse("community:home")).status_code == 200  # the landing page
        assert not is_logged_in(browser)
    assert moderator_browser.get(reverse("community:suspended_members")).status_code == 200
    assert list(
        moderator_browser.get(reverse("community:suspended_members")).context["members"]
    ) == [target]


def test_suspended_member_cannot_log_in_again(
    moderator, target, django_capture_on_commit_callbacks
):
    suspend(moderator, target, django_capture_on_commit_callbacks)

    browser = Client()
    response = browser.post(LOGIN, {"login": target.email, "password": DEFAULT_PASSWORD})

    assert not is_logged_in(browser)
    # Only someone who knows the password learns that the account is inactive.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_inactive")
    assert browser.get(response["Location"]).status_code == 200
    wrong = Client().post(LOGIN, {"login": target.email, "password": "pas-le-bon-2026"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors
    follow_up = browser.get(reverse("community:directory"))
    assert follow_up["Location"].startswith(LOGIN)


def test_reactivation_restores_access(
    moderator, target, mailoutbox, django_capture_on_commit_callbacks
):
    old_browser = real_login(target.email)
    suspend(moderator, target, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        response = real_login(moderator.email).post(
            reverse("community:member_reactivate", args=[target.pk])
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("community:suspended_members")
    target.refresh_from_db()
    assert target.status == UserStatus.MEMBER
    assert target.is_active is True
    assert [message.to for message in mailoutbox] == [[target.email], [target.email]]
    # The session ended by the suspension does not come back ...
    assert not is_logged_in(old_browser)
    assert old_browser.get(reverse("community:directory"))["Location"].startswith(LOGIN)
    # ... but the member can log in again and use the platform.
    browser = real_login(target.email)
    assert browser.get(reverse("community:directory")).status_code == 200


def test_reactivating_an_active_member_is_an_error(
    moderator, target, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = real_login(moderator.email).post(
            reverse("community:member_reactivate", args=[target.pk])
        )
    assert response.status_code == 302
    assert last_message_level(response) == message_levels.ERROR
    assert mailoutbox == []


@pytest.mark.parametrize("reason", ["", "   "])
def test_suspending_without_a_reason_rerenders_with_an_error(
    moderator, target, mailoutbox, django_capture_on_commit_callbacks, reason
):
    member_browser = real_login(target.email)

    response = suspend(moderator, target, django_capture_on_commit_callbacks, reason=reason)

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert response.context["member"] == target
    target.refresh_from_db()
    assert target.status == UserStatus.MEMBER
    assert target.is_active
    assert mailoutbox == []
    assert member_browser.get(reverse("community:directory")).status_code == 200


def test_member_cannot_suspend(member, target, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = real_login(member.email).post(
            reverse("community:member_suspend", args=[target.pk]), {"reason": "Je n'aime pas."}
        )
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.status == UserStatus.MEMBER
    assert mailoutbox == []


# --- roles ---------------------------------------------------------------------------------


def set_role(actor: User, member: User, role: str):
    return real_login(actor.email).post(
        reverse("community:member_role", args=[member.pk]), {"role": role}
    )


@pytest.mark.parametrize(
    ("role", "staff"),
    [(Role.MODERATOR, False), (Role.ADMIN, True), (Role.MEMBER, False)],
)
def test_admin_sets_a_members_role(admin_user, target, role, staff):
    response = set_role(admin_user, target, role)

    assert response.status_code == 302
    assert response["Location"] == reverse("community:member_detail", args=[target.pk])
    assert last_message_level(response) == message_levels.SUCCESS
    target.refresh_from_db()
    assert target.role == role
    assert target.is_staff is staff
    assert target.is_superuser is staff


def test_promoted_moderator_gets_the_desk_and_demotion_takes_it_back(admin_user, target):
    set_role(admin_user, target, Role.MODERATOR)
    assert real_login(target.email).get(reverse("community:applications")).status_code == 200

    set_role(admin_user, target, Role.ADMIN)
    target.refresh_from_db()
    assert (target.is_staff, target.is_superuser) == (True, True)
    assert real_login(target.email).get(f"/{settings.ADMIN_URL}").status_code == 200

    set_role(admin_user, target, Role.MEMBER)
    target.refresh_from_db()
    assert (target.role, target.is_staff, target.is_superuser) == (Role.MEMBER, False, False)
    assert real_login(target.email).get(reverse("community:applications")).status_code == 403


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.ADMIN, Role.MEMBER])
def test_moderator_cannot_set_roles(moderator, target, role):
    response = set_role(moderator, target, role)
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.role == Role.MEMBER
    assert target.is_staff is False


def test_moderator_cannot_promote_themselves(moderator):
    response = set_role(moderator, moderator, Role.ADMIN)
    assert response.status_code == 403
    moderator.refresh_from_db()
    assert moderator.role == Role.MODERATOR
    assert moderator.is_staff is False


@pytest.mark.parametrize("role", [Role.MEMBER, Role.MODERATOR])
def test_admin_cannot_change_their_own_role(admin_user, role):
    response = set_role(admin_user, admin_user, role)

    assert response.status_code == 302
    assert last_message_level(response) == message_levels.ERROR
    admin_user.refresh_from_db()
    assert admin_user.role == Role.ADMIN
    assert (admin_user.is_staff, admin_user.is_superuser) == (True, True)


def test_unknown_role_is_refused(admin_user, target):
    response = set_role(admin_user, target, "superhero")
    assert response.status_code == 302
    assert last_message_level(response) == message_levels.ERROR
    target.refresh_from_db()
    assert target.role == Role.MEMBER


def test_suspension_ends_the_session_opened_by_an_invitation(
    moderator, mailoutbox, django_capture_on_commit_callbacks
):
    """An invited member is logged in by the invitation page, not by the login form."""
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(actor=moderator, emails=["ines@exemple.fr"])
    link = re.search(r"https?://\S+/invitation/\S+/", mailoutbox[0].body).group(0)
    browser = Client()
    browser.post(urlsplit(link).path, {
        "first_name": "Inès", "last_name": "Invitée",
        "password1": DEFAULT_PASSWORD, "password2": DEFAULT_PASSWORD,
    })
    invited = User.objects.get(email="ines@exemple.fr")
    session_key = browser.session.session_key
    assert browser.session["_auth_user_id"] == str(invited.pk)

    suspend(moderator, invited, django_capture_on_commit_callbacks)

    assert not session_exists(session_key)
    assert not is_logged_in(browser)
