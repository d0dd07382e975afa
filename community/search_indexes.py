"""The members index: what peer search knows about each approved member."""

from django.utils import translation

from community.models import User
from search.backends.base import IndexSettings
from search.registry import IndexDefinition, register
from search.stop_words import FRENCH_STOP_WORDS

# Words the network uses for the same thing; each group is made mutual below.
SYNONYM_GROUPS = [
    ["tiers-lieu", "tiers lieu", "tiers-lieux", "tiers lieux"],
    ["ess", "économie sociale et solidaire"],
    ["rse", "responsabilité sociétale", "responsabilité sociétale des entreprises"],
    ["collectivité", "commune", "mairie", "intercommunalité", "epci"],
    ["ptce", "pôle territorial de coopération économique"],
    ["odd", "objectifs de développement durable"],
]


def mutual_synonyms(groups: list[list[str]]) -> dict[str, list[str]]:
    return {word: [other for other in group if other != word] for group in groups for word in group}


MEMBER_INDEX_SETTINGS = IndexSettings(
    searchable=[
        "name", "organisation", "skills", "metier_labels", "can_help_with", "job_title",
        "looking_for", "domain_labels", "region_label", "departement", "bio",
    ],
    filterable=[
        "metiers", "region", "departement", "actor_kind", "perimeter", "domains", "skills",
        "public_directory",
    ],
    sortable=["name_sort", "onboarded_at"],
    highlighted=["skills", "name", "organisation", "can_help_with"],
    synonyms=mutual_synonyms(SYNONYM_GROUPS),
    stop_words=FRENCH_STOP_WORDS,
)


def indexable_members():
    return (
        User.objects.members()
        .filter(profile__onboarded_at__isnull=False)
        .select_related("profile")
        .prefetch_related("profile__metiers", "profile__domains", "profile__skills")
    )


def member_document(member: User) -> dict:
    """Only what members may see of each other; labels in French, the network's language."""
    profile = member.profile
    with translation.override("fr"):
        metiers = list(profile.metiers.all())
        domains = list(profile.domains.all())
        return {
            "id": member.pk,
            "name": member.display_name,
            "name_sort": f"{member.last_name} {member.first_name}".strip().casefold(),
            "organisation": profile.organisation,
            "job_title": profile.job_title,
            "actor_kind": profile.actor_kind,
            "perimeter": profile.perimeter,
            "region": profile.region or "none",
            "region_label": str(profile.get_region_display()) if profile.region else "",
            "departement": profile.departement,
            "metiers": [metier.slug for metier in metiers],
            "metier_labels": [str(metier.label) for metier in metiers],
            "domains": [domain.slug for domain in domains],
            "domain_labels": [str(domain.label) for domain in domains],
            "skills": sorted(tag.name for tag in profile.skills.all()),
            "can_help_with": profile.can_help_with,
            "looking_for": profile.looking_for,
            "bio": profile.bio,
            "photo_version": int(profile.updated_at.timestamp()) if profile.photo else 0,
            "email": member.email if profile.show_email else "",
            "contact_note": profile.contact_note,
            "public_directory": profile.public_directory_consent,
            "onboarded_at": int(profile.onboarded_at.timestamp()),
        }


def members_access_filter(user) -> dict:
    """Members see every member; anyone else only those who consented to a public directory."""
    return {} if getattr(user, "is_member", False) else {"public_directory": [True]}


register(
    IndexDefinition(
        name="members",
        settings=MEMBER_INDEX_SETTINGS,
        queryset=indexable_members,
        to_document=member_document,
        access_filter=members_access_filter,
    )
)
