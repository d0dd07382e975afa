"""Permissions in states that the role fixtures of the permission matrix
(test_permissions_matrix.py) do not cover: suspended members, members without onboarding,
moderators acting on admins, hidden profiles."""

import pytest
from django.urls import reverse

from community.models import User, UserStatus
from tests.community.permission_cases import (
    _fresh_rate_limits,  # noqa: F401  (an autouse fixture)
    _webp,
)
from tests.factories import (
    AdminFactory,
    ApplicantFactory,
    MemberFactory,
    ModeratorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# --- states that the role fixtures do not cover --------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"status": UserStatus.SUSPENDED}, id="status-suspended"),
        pytest.param({"status": UserStatus.SUSPENDED, "is_active": False}, id="inactive"),
    ],
)
def test_suspended_member_is_logged_out_and_sent_to_login(as_user, member, change):
    client = as_user(member)
    assert client.get(reverse("community:directory")).status_code == 200
    User.objects.filter(pk=member.pk).update(**change)

    response = client.get(reverse("community:directory"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")
    assert not response.wsgi_request.user.is_authenticated
    if change.get("is_active", True):
        # Still "active" for Django, so the gate itself must end the session.
        assert "_auth_user_id" not in client.session
    follow_up = client.get(reverse("community:profile_edit"))
    assert follow_up["Location"].startswith(reverse("account_login"))


def test_member_without_onboarding_is_sent_to_welcome_page(as_user):
    newcomer = UserFactory(status=UserStatus.MEMBER)
    client = as_user(newcomer)
    onboarding = reverse("community:onboarding")
    assert onboarding == "/bienvenue/"

    for name in ("community:directory", "community:profile_edit", "community:home"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"] == onboarding, name
    assert client.get(onboarding).status_code == 200
    # Pages open to applicants stay out of a member's way.
    assert client.get(reverse("community:application_status"))["Location"] == "/"


def test_moderator_cannot_suspend_an_admin_or_a_moderator(as_user, moderator, admin_user):
    other_moderator = ModeratorFactory()
    client = as_user(moderator)
    for target in (admin_user, other_moderator):
        url = reverse("community:member_suspend", args=[target.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": "Abus."}).status_code == 403
        target.refresh_from_db()
        assert target.status == UserStatus.MEMBER
        assert target.is_active
    # Nobody suspends themselves either, not even an admin.
    own = reverse("community:member_suspend", args=[admin_user.pk])
    assert as_user(admin_user).post(own, {"reason": "Test."}).status_code == 403
    # An admin may act on a moderator.
    url = reverse("community:member_suspend", args=[other_moderator.pk])
    assert as_user(admin_user).get(url).status_code == 200


def test_moderator_cannot_reactivate_a_suspended_admin(as_user, moderator):
    suspended_admin = AdminFactory(status=UserStatus.SUSPENDED, is_active=False)
    url = reverse("community:member_reactivate", args=[suspended_admin.pk])
    assert as_user(moderator).post(url).status_code == 403
    suspended_admin.refresh_from_db()
    assert suspended_admin.status == UserStatus.SUSPENDED


@pytest.mark.parametrize("kind", ["applicant", "suspended"])
def test_hidden_profiles_are_404_for_members_but_visible_to_moderators(
    as_user, member, moderator, kind
):
    if kind == "applicant":
        hidden = ApplicantFactory()
    else:
        hidden = MemberFactory(status=UserStatus.SUSPENDED, is_active=False)
    hidden.profile.photo.save("photo.webp", _webp(), save=True)
    detail = reverse("community:member_detail", args=[hidden.pk])
    photo = reverse("community:member_photo", args=[hidden.pk])

    assert as_user(member).get(detail).status_code == 404
    assert as_user(member).get(photo).status_code == 404
    assert as_user(moderator).get(detail).status_code == 200
    response = as_user(moderator).get(photo)
    response.close()
    assert response.status_code == 200


def test_unknown_member_is_404(as_user, member, moderator):
    url = reverse("community:member_detail", args=[987654])
    assert as_user(member).get(url).status_code == 404
    assert as_user(moderator).get(url).status_code == 404
