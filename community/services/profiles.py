"""Writes to member profiles."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from community import permissions
from community.models import FragilityDomain, Metier, Profile, User
from legal.models import CharterVersion
from legal.services import charter_accept
from search.sync import schedule as schedule_index_update

PROFILE_FIELDS = (
    "organisation", "job_title", "actor_kind", "perimeter", "region", "departement",
    "can_help_with", "looking_for", "bio", "links", "show_email", "phone", "show_phone",
    "contact_note", "public_directory_consent",
)
USER_FIELDS = ("first_name", "last_name")


@transaction.atomic
def profile_update(*, actor: User, profile: Profile, changes: dict) -> Profile:
    """Apply validated changes (a form's cleaned data) to a profile and its owner's name.

    ``changes`` may hold ``photo`` (an already re-encoded file), ``remove_photo``, ``metiers``,
    ``domains`` (slugs) and ``skills`` (names), besides plain fields.
    """
    if not permissions.can_edit_profile(actor, profile):
        raise PermissionDenied
    user = profile.user
    for name in USER_FIELDS:
        if name in changes:
            setattr(user, name, changes[name])
    user.save(update_fields=[*USER_FIELDS])
    for name in PROFILE_FIELDS:
        if name in changes:
            setattr(profile, name, changes[name])
    old_photo = profile.photo.name if profile.photo else ""
    if changes.get("photo"):
        profile.photo.save(changes["photo"].name, changes["photo"], save=False)
    elif changes.get("remove_photo"):
        profile.photo = ""
    profile.save()
    if old_photo and old_photo != (profile.photo.name if profile.photo else ""):
        storage = profile.photo.storage
        transaction.on_commit(lambda: storage.delete(old_photo))
    if "metiers" in changes:
        profile.metiers.set(Metier.objects.filter(slug__in=changes["metiers"]))
    if "domains" in changes:
        profile.domains.set(FragilityDomain.objects.filter(slug__in=changes["domains"]))
    if "skills" in changes:
        profile.skills.set(changes["skills"], clear=True)
    schedule_index_update("members", [user.pk])
    return profile


@transaction.atomic
def profile_complete_onboarding(
    *, actor: User, profile: Profile, changes: dict, charter_version: CharterVersion | None = None
) -> Profile:
    """The first profile, and the acceptance of the charter in force shown with it (if any)."""
    profile = profile_update(actor=actor, profile=profile, changes=changes)
    if charter_version is not None:
        charter_accept(actor=actor, version=charter_version)
    if profile.onboarded_at is None:
        profile.onboarded_at = timezone.now()
        profile.save(update_fields=["onboarded_at"])
        schedule_index_update("members", [actor.pk])
    return profile
