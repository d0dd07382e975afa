"""Reads of the community app, shaped so that each page costs a constant number of queries."""

from django.db.models import Prefetch, QuerySet

from community.models import Application, Invitation, Metier, User, UserStatus


def directory_members(*, metier: str = "", region: str = "") -> QuerySet[User]:
    """Approved members who completed their profile, for the directory (*Membres*)."""
    members = (
        User.objects.members()
        .filter(profile__onboarded_at__isnull=False)
        .select_related("profile")
        .prefetch_related(
            Prefetch("profile__metiers", queryset=Metier.objects.order_by("slug")),
            "profile__skills",
        )
        .order_by("last_name", "first_name", "pk")
    )
    if metier:
        members = members.filter(profile__metiers__slug=metier)
    if region == "none":
        members = members.filter(profile__region="")
    elif region:
        members = members.filter(profile__region=region)
    return members


def member_with_profile(member: User) -> User:
    return (
        User.objects.select_related("profile")
        .prefetch_related("profile__metiers", "profile__domains", "profile__skills")
        .get(pk=member.pk)
    )


def pending_applications() -> QuerySet[Application]:
    return (
        Application.objects.filter(status=Application.Status.PENDING)
        .select_related("user__profile")
        .prefetch_related("user__profile__metiers")
        .order_by("created_at")
    )


def recent_decisions(limit: int = 20) -> QuerySet[Application]:
    return (
        Application.objects.exclude(status=Application.Status.PENDING)
        .select_related("user", "decided_by")
        .order_by("-decided_at")[:limit]
    )


def recent_invitations(limit: int = 50) -> QuerySet[Invitation]:
    return Invitation.objects.select_related("invited_by", "accepted_by").order_by("-created_at")[
        :limit
    ]


def newest_members(limit: int = 6) -> QuerySet[User]:
    return directory_members().order_by("-profile__onboarded_at")[:limit]


def suspended_members() -> QuerySet[User]:
    return User.objects.filter(status=UserStatus.SUSPENDED).select_related("profile").order_by(
        "last_name"
    )


def pending_application_count() -> int:
    return Application.objects.filter(status=Application.Status.PENDING).count()
