from collections import Counter
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count
from django.db.models.functions import Lower

from community.models import Application, Profile, Role, User, UserStatus
from community.taxonomy import Region

LOGINS = {
    "admin@demo.catalyse.localhost": ("catalyse-admin-2026", Role.ADMIN),
    "animatrice@demo.catalyse.localhost": ("catalyse-anim-2026", Role.MODERATOR),
    "membre@demo.catalyse.localhost": ("catalyse-membre-2026", Role.MEMBER),
}


@pytest.fixture
def seeded(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SITE_URL = "http://192.0.2.10:8123"  # as ./catalyse demo sets it from HOST and PORT
    first = StringIO()
    call_command("seed_demo", stdout=first)
    snapshot = sorted(User.objects.values_list("email", flat=True))
    second = StringIO()
    call_command("seed_demo", stdout=second)
    return {"first": first.getvalue(), "second": second.getvalue(), "snapshot": snapshot}


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_realistic(seeded):
    emails = list(User.objects.values_list("email", flat=True))
    assert sorted(emails) == seeded["snapshot"]  # the second run added nothing
    assert not User.objects.annotate(e=Lower("email")).values("e").annotate(
        n=Count("id")).filter(n__gt=1).exists()

    members = User.objects.members()
    assert 330 <= members.count() <= 380
    profiles = Profile.objects.filter(user__in=members)
    assert profiles.filter(onboarded_at__isnull=True).count() == 0
    assert EmailAddress.objects.filter(user__in=members, verified=True, primary=True).count() \
        == members.count()

    shares = Counter(profiles.values_list("perimeter", flat=True))
    total = sum(shares.values())
    assert abs(shares["local"] / total - 0.62) < 0.05
    assert abs(shares["regional"] / total - 0.08) < 0.04
    assert abs(shares["national"] / total - 0.30) < 0.05
    assert not profiles.filter(perimeter="national").exclude(region="").exists()
    assert set(profiles.exclude(region="").values_list("region", flat=True)) == set(Region.values)

    assert not profiles.annotate(n=Count("metiers")).filter(n=0).exists()
    assert all(profile.skills.exists() for profile in profiles)

    for email, (password, role) in LOGINS.items():
        user = authenticate(None, email=email, password=password)
        assert user is not None and user.email == email and user.role == role
        assert user.is_member and user.profile.is_onboarded
    assert authenticate(None, email="admin@demo.catalyse.localhost", password="nope") is None
    assert User.objects.get(email="admin@demo.catalyse.localhost").is_superuser

    pending = Application.objects.filter(status=Application.Status.PENDING)
    assert pending.count() == 4
    assert all(a.user.status == UserStatus.APPLICANT for a in pending)
    assert User.objects.filter(status=UserStatus.SUSPENDED, is_active=False).count() == 1

    assert "catalyse-demo-2026" in seeded["first"]
    assert "URL : http://192.0.2.10:8123 " in seeded["second"]  # the address served
