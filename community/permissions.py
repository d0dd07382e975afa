"""Who may do what in the community app. Views, templates and services all ask here."""

from django.http import Http404

from community.models import Role, User


def can_moderate_members(user) -> bool:
    """Review applications, send invitations, suspend and reactivate members."""
    return bool(getattr(user, "is_moderator", False))


def can_set_roles(user) -> bool:
    return bool(getattr(user, "is_platform_admin", False))


def can_suspend_member(actor, member: User) -> bool:
    if not can_moderate_members(actor) or actor.pk == member.pk:
        return False
    # Moderators act on members; only admins act on moderators and admins.
    return member.role == Role.MEMBER or can_set_roles(actor)


def can_view_member(user, member: User) -> bool:
    if not getattr(user, "is_member", False):
        return False
    return member.is_member or can_moderate_members(user)


def can_edit_profile(user, profile) -> bool:
    return getattr(user, "is_member", False) and profile.user_id == user.pk


def get_member_for_user(user, pk: int) -> User:
    """The member ``pk`` as ``user`` may see them, or 404."""
    member = User.objects.select_related("profile").filter(pk=pk).first()
    if member is None or not can_view_member(user, member):
        raise Http404
    return member
