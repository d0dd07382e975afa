from community.models.members import FragilityDomain, Metier, Profile, Role, User, UserStatus
from community.models.membership import Application, Invitation

__all__ = [
    "Application",
    "FragilityDomain",
    "Invitation",
    "Metier",
    "Profile",
    "Role",
    "User",
    "UserStatus",
]
