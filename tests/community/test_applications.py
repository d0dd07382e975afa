"""Applying to join (signup is applying) and the moderators' decisions (DESIGN.md §1, §8)."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from community.models import Application, User, UserStatus
from tests.factories import DEFAULT_PASSWORD, ApplicantFactory

pytestmark = pytest.mark.django_db

SIGNUP = "/comptes/signup/"
NEW_EMAIL = "nina.nouvelle@exemple.fr"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts signups and logins in the cache; each test starts with a clean slate."""
    cache.clear()
    yield
    cache.clear()


def signup_data(**overrides) -> dict:
    data = {
        "email": NEW_EMAIL,
        "password1": DEFAULT_PASSWORD,
        "password2": DEFAULT_PASSWORD,
        "first_name": "Nina",
        "last_name": "Nouvelle",
        "organisation": "PTCE du Pays de Morlaix",
        "actor_kind": "association",
        "perimeter": "local",
        "region": "bretagne",
        "metiers": ["dialogue-territorial", "accompagnement"],
        "motivation": "Je coordonne un pôle territorial de coopération économique.",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def links_in(message) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", message.body)


def local_path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def message_levels_of(response) -> list[int]:
    return [message.level for message in get_messages(response.wsgi_request)]


# --- signing up ---------------------------------------------------------------------------


def test_signup_creates_an_applicant_with_application_and_profile(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP, signup_data())

    assert response.status_code == 302
    user = User.objects.get(email=NEW_EMAIL)
    assert user.status == UserStatus.APPLICANT
    assert (user.first_name, user.last_name) == ("Nina", "Nouvelle")
    assert user.check_password(DEFAULT_PASSWORD)
    application = user.application
    assert application.status == Application.Status.PENDING
    assert application.motivation.startswith("Je coordonne")
    profile = user.profile
    assert profile.organisation == "PTCE du Pays de Morlaix"
    assert (profile.actor_kind, profile.perimeter, profile.region) == (
        "association", "local", "bretagne"
    )
    assert sorted(profile.metiers.values_list("slug", flat=True)) == [
        "accompagnement", "dialogue-territorial"
    ]
    assert profile.onboarded_at is None
    assert user.emailaddress_set.get().verified is False
    # The verification email.
    assert [message.to for message in mailoutbox] == [[NEW_EMAIL]]
    assert any("/comptes/confirm-email/" in link for link in links_in(mailoutbox[0]))


def test_national_network_may_apply_without_region(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP, signup_data(perimeter="national", region=""))
    assert response.status_code == 302
    assert User.objects.get(email=NEW_EMAIL).profile.region == ""


def test_confirmed_applicant_only_sees_the_status_page(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP, signup_data())
    (link,) = [link for link in links_in(mailoutbox[0]) if "/confirm-email/" in link]
    confirm = local_path(link)

    # GET shows the confirmation page (ACCOUNT_CONFIRM_EMAIL_ON_GET is off) ...
    assert client.get(confirm).status_code == 200
    assert not User.objects.get(email=NEW_EMAIL).emailaddress_set.get().verified
    # ... and POST confirms.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm)
    assert response.status_code == 302
    assert User.objects.get(email=NEW_EMAIL).emailaddress_set.get().verified
    # Confirming logs the applicant in (same browser) and shows their status.
    assert response["Location"] == reverse("community:application_status")
    assert client.session["_auth_user_id"] == str(User.objects.get(email=NEW_EMAIL).pk)
    assert client.get(reverse("community:directory"))["Location"] == reverse(
        "community:application_status"
    )

    # Logging in with a fresh browser works, and leads to the status page only.
    browser = Client()
    response = browser.post(
        reverse("account_login"), {"login": NEW_EMAIL, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert browser.get(response["Location"])["Location"] == reverse(
        "community:application_status"
    )
    status_page = browser.get(reverse("community:application_status"))
    assert status_page.status_code == 200
    assert status_page.context["application"] == Application.objects.get(user__email=NEW_EMAIL)
    for name in ("community:home", "community:directory", "community:profile_edit",
                 "community:onboarding"):
        response = browser.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"] == reverse("community:application_status"), name
    for name in ("community:applications", "community:invitations"):
        assert browser.get(reverse(name))["Location"] == reverse("community:application_status")


def test_unconfirmed_applicant_cannot_log_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP, signup_data())
    browser = Client()
    browser.post(reverse("account_login"), {"login": NEW_EMAIL, "password": DEFAULT_PASSWORD})
    assert "_auth_user_id" not in browser.session


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"region": "atlantide"}, "region", id="unknown-region"),
        pytest.param(
            {"metiers": ["dialogue-territorial", "experimentations-collectives",
                         "accompagnement", "gestion-d-un-lieu", "astrologie"]},
            "metiers",
            id="five-metiers-one-unknown",
        ),
        pytest.param({"metiers": None}, "metiers", id="no-metier"),
        pytest.param({"motivation": None}, "motivation", id="missing-motivation"),
        pytest.param({"motivation": "   "}, "motivation", id="blank-motivation"),
        pytest.param({"region": ""}, "region", id="local-actor-without-region"),
        pytest.param({"perimeter": "regional", "region": ""}, "region",
                     id="regional-actor-without-region"),
        pytest.param({"actor_kind": "ovni"}, "actor_kind", id="unknown-actor-kind"),
        pytest.param({"organisation": ""}, "organisation", id="missing-organisation"),
        pytest.param({"password2": "autre-mot-de-passe-2026"}, "password2",
                     id="password-mismatch"),
        pytest.param({"email": "pas-une-adresse"}, "email", id="bad-email"),
    ],
)
def test_bad_application_input_saves_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks, overrides, field
):
    users_before = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP, signup_data(**overrides))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert User.objects.count() == users_before
    assert not Application.objects.exists()
    assert mailoutbox == []


def test_second_application_from_same_email_saves_nothing_and_warns_the_owner(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    existing = ApplicantFactory(email=NEW_EMAIL)
    users_before = User.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP, signup_data(email=NEW_EMAIL.upper()))

    # Same answer as a fresh signup: nothing reveals that the address is known.
    assert response.status_code == 302
    assert User.objects.count() == users_before
    assert Application.objects.count() == 1
    assert Application.objects.get().user == existing
    assert existing.profile.organisation == "Mairie de Quimperlé"
    assert [message.to for message in mailoutbox] == [[NEW_EMAIL]]


# --- moderators' decisions ----------------------------------------------------------------


@pytest.fixture
def pending(db) -> Application:
    return ApplicantFactory(first_name="Paul", email="paul.postulant@exemple.fr").application


def test_moderator_approves(as_user, moderator, pending, mailoutbox,
                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(moderator).post(
            reverse("community:application_approve", args=[pending.pk])
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("community:applications")
    pending.refresh_from_db()
    assert pending.status == Application.Status.APPROVED
    assert pending.decided_by == moderator
    assert pending.decided_at is not None
    applicant = pending.user
    applicant.refresh_from_db()
    assert applicant.status == UserStatus.MEMBER
    assert applicant.is_member
    assert [message.to for message in mailoutbox] == [["paul.postulant@exemple.fr"]]
    # Sent during the moderator's request: the link is to the address they used (config/site.py).
    login_url = "http://testserver" + reverse("account_login")
    assert login_url in links_in(mailoutbox[0])
    assert login_url in mailoutbox[0].alternatives[0].content

    # The new member logs in and is asked to complete their profile.
    browser = Client()
    browser.post(reverse("account_login"),
                 {"login": applicant.email, "password": DEFAULT_PASSWORD})
    assert browser.get(reverse("community:directory"))["Location"] == reverse(
        "community:onboarding"
    )


def test_approving_twice_reports_an_error_and_sends_one_email(
    as_user, moderator, admin_user, pending, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("community:application_approve", args=[pending.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = as_user(moderator).post(url)
    assert message_levels_of(first) == [message_levels.SUCCESS]

    with django_capture_on_commit_callbacks(execute=True):
        second = as_user(admin_user).post(url)

    assert second.status_code == 302
    assert message_levels_of(second) == [message_levels.ERROR]
    assert len(mailoutbox) == 1
    pending.refresh_from_db()
    assert pending.decided_by == moderator


def test_rejecting_an_approved_application_is_refused(
    as_user, moderator, pending, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_user(moderator).post(reverse("community:application_approve", args=[pending.pk]))
        response = as_user(moderator).post(
            reverse("community:application_reject", args=[pending.pk]), {"reason": "Trop tard."}
        )
    assert message_levels_of(response) == [message_levels.ERROR]
    pending.refresh_from_db()
    assert pending.status == Application.Status.APPROVED
    assert pending.rejection_reason == ""
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("reason", ["", "   "])
def test_reject_requires_a_reason(as_user, moderator, pending, mailoutbox,
                                  django_capture_on_commit_callbacks, reason):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(moderator).post(
            reverse("community:application_reject", args=[pending.pk]), {"reason": reason}
        )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    pending.refresh_from_db()
    assert pending.status == Application.Status.PENDING
    assert mailoutbox == []


def test_moderator_rejects_with_a_reason(
    as_user, moderator, pending, mailoutbox, django_capture_on_commit_callbacks
):
    reason = "Votre structure n'intervient pas dans le champ des tiers-lieux & PTCE du réseau."
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(moderator).post(
            reverse("community:application_reject", args=[pending.pk]), {"reason": reason}
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("community:applications")
    pending.refresh_from_db()
    assert pending.status == Application.Status.REJECTED
    assert pending.rejection_reason == reason
    assert pending.decided_by == moderator
    applicant = pending.user
    applicant.refresh_from_db()
    assert applicant.status == UserStatus.APPLICANT
    assert [message.to for message in mailoutbox] == [[applicant.email]]
    # Verbatim in the text part (no HTML entities), escaped in the HTML part.
    assert reason in mailoutbox[0].body
    assert "&#x27;" not in mailoutbox[0].body
    assert "n&#x27;intervient" in mailoutbox[0].alternatives[0].content

    status_page = as_user(applicant).get(reverse("community:application_status"))
    assert status_page.status_code == 200
    assert escape(reason) in status_page.content.decode()
    # Still outside the group.
    assert as_user(applicant).get(reverse("community:directory"))["Location"] == reverse(
        "community:application_status"
    )


def test_member_cannot_decide_applications(
    as_user, member, pending, mailoutbox, django_capture_on_commit_callbacks
):
    client = as_user(member)
    with django_capture_on_commit_callbacks(execute=True):
        approve = client.post(reverse("community:application_approve", args=[pending.pk]))
        reject = client.post(
            reverse("community:application_reject", args=[pending.pk]), {"reason": "Non."}
        )
    assert approve.status_code == 403
    assert reject.status_code == 403
    pending.refresh_from_db()
    assert pending.status == Application.Status.PENDING
    assert pending.user.status == UserStatus.APPLICANT
    assert mailoutbox == []


def test_applicant_cannot_approve_themselves(as_user, pending):
    response = as_user(pending.user).post(
        reverse("community:application_approve", args=[pending.pk])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("community:application_status")
    pending.refresh_from_db()
    assert pending.status == Application.Status.PENDING


def test_unknown_application_is_404(as_user, moderator):
    response = as_user(moderator).post(reverse("community:application_approve", args=[999999]))
    assert response.status_code == 404


def test_moderation_desk_lists_pending_applications(as_user, moderator, pending):
    response = as_user(moderator).get(reverse("community:applications"))
    assert response.status_code == 200
    assert list(response.context["pending"]) == [pending]


def test_signup_form_works_with_csrf_checks_on(mailoutbox, django_capture_on_commit_callbacks):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(SIGNUP)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token, "the signup form lacks its CSRF token"
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(SIGNUP, {**signup_data(), "csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302
    assert Application.objects.filter(user__email=NEW_EMAIL).exists()
