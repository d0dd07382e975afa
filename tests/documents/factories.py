"""factory_boy factories for the documents app: data in bulk and the moderation app's tests
(tests/moderation/conftest.py finds ``DocumentFactory`` here). Tests of behaviour go through
documents.services."""

import factory
from django.utils import timezone

from tests.factories import MemberFactory


class DocumentFactory(factory.django.DjangoModelFactory):
    """A library document with an external link (no file), by a new member."""

    class Meta:
        model = "documents.Document"

    title = factory.Sequence(lambda n: f"Fiche pratique numéro {n}")
    description = "Une fiche pour démarrer une coopération territoriale."
    entry_point = "outils"
    link = "https://exemple.fr/fiche"
    author = factory.SubFactory(MemberFactory)
    published_at = factory.LazyFunction(timezone.now)
