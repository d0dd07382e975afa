"""factory_boy factories of the agenda: for data in bulk and for the moderation tests of every
kind (tests/moderation/conftest.py); tests of behaviour go through events.services."""

from datetime import timedelta

import factory
from django.utils import timezone

from tests.factories import MemberFactory


class EventFactory(factory.django.DjangoModelFactory):
    """A member's proposed event in ten days, online, pending unless told otherwise; its
    creator is its organiser."""

    class Meta:
        model = "events.Event"
        skip_postgeneration_save = True

    created_by = factory.SubFactory(MemberFactory)
    moderation_status = "pending"
    title = factory.Sequence(lambda n: f"Webconférence numéro {n}")
    kind = "webinaire"
    summary = factory.Sequence(lambda n: f"Résumé de l'événement {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=2))
    online_url = "https://visio.exemple.fr/salle"

    @factory.post_generation
    def organised(obj, create, extracted, **kwargs):
        if create and obj.created_by_id:
            obj.organisers.add(obj.created_by)
