"""factory_boy factories of the projects. For data in bulk and for the moderation tests of every
kind (tests/moderation/conftest.py); tests of behaviour go through projects.services."""

import factory
from django.utils import timezone

from tests.factories import MemberFactory


class ProjectFactory(factory.django.DjangoModelFactory):
    """A member's project open to the network, run by its creator (without its wall and room,
    which projects.services.project_create adds)."""

    class Meta:
        model = "projects.Project"
        skip_postgeneration_save = True

    created_by = factory.SubFactory(MemberFactory)
    title = factory.Sequence(lambda n: f"Projet numéro {n}")
    summary = factory.Sequence(lambda n: f"Résumé du projet {n}")

    @factory.post_generation
    def owner(obj, create, extracted, **kwargs):
        if create and obj.created_by_id:
            obj.memberships.create(member=obj.created_by, role="owner", state="member",
                                   joined_at=timezone.now())
