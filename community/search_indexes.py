"""The members index: what peer search knows about each approved member."""

from django.utils import translation

from community.models import User
from search.backends.base import IndexSettings
from search.documents import sort_text
from search.registry import IndexDefinition, register
from search.stop_words import FRENCH_STOP_WORDS

# Synonyms kept for the other indexes (walls, projects) that import them; the members index
# uses the network's whole vocabulary (search/vocabulary.json, editable in the admin). "EPCI"
# is an intercommunality, not any town hall: "collectivité" finds it, one way, in the vocabulary.
SYNONYM_GROUPS = [
    ["tiers-lieu", "tiers lieu", "tiers-lieux", "tiers lieux"],
    ["ess", "économie sociale et solidaire"],
    ["rse", "responsabilité sociétale", "responsabilité sociétale des entreprises"],
    ["epci", "intercommunalité", "intercommunalités", "communauté de communes"],
    ["ptce", "pôle territorial de coopération économique"],
    ["odd", "objectifs de développement durable"],
]


def mutual_synonyms(groups: list[list[str]]) -> dict[str, list[str]]:
    return {word: [other for other in group if other != word] for group in groups for word in group}


# Most telling first. What a member is looking for comes last: a search for a skill finds those
# who have it before those who need it.
MEMBER_INDEX_SETTINGS = IndexSettings(
    searchable=[
        "name", "organisation", "skills", "metier_labels", "can_help_with", "job_title",
        "domain_labels", "region_label", "departement", "bio", "looking_for",
    ],
    filterable=[
        "metiers", "region", "departement", "actor_kind", "perimeter", "domains", "skills",
        "public_directory",
    ],
    sortable=["name_sort", "onboarded_at"],
    highlighted=["skills", "name", "organisation", "can_help_with"],
    stop_words=FRENCH_STOP_WORDS,
    # All the words first, then fewer, the most common dropped first: a need typed as a
    # sentence still finds who matches its rarest words.
    matching_strategy="frequency",
    tie_breaker="name_sort",
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
            "name_sort": sort_text(f"{member.last_name} {member.first_name}".strip()),
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
        uses_vocabulary=True,
    )
)
