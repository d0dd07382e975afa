"""A profile photo leaves storage with its profile, however the profile goes: a rejected
applicant's account deleted by retention (privacy/retention/), a user deleted in the admin, a
cascade. The services that replace or remove a photo delete the old file themselves."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete

from community.models import Profile

logger = logging.getLogger(__name__)


def _photo_of_deleted_profile(sender, instance: Profile, **kwargs) -> None:
    name = instance.photo.name if instance.photo else ""
    if not name:
        return
    storage = instance.photo.storage

    def delete() -> None:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("could not delete the photo %s of a deleted profile", name,
                           exc_info=True)

    transaction.on_commit(delete)


def connect_signals() -> None:
    """community/apps.py connects it."""
    post_delete.connect(_photo_of_deleted_profile, sender=Profile,
                        dispatch_uid="community_profile_photo")
