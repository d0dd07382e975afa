"""factory_boy factories of the news feed. For data in bulk and for the moderation tests of every
kind (tests/moderation/conftest.py); tests of behaviour go through news.services."""

from datetime import timedelta

import factory
from django.utils import timezone

from tests.factories import MemberFactory


def _published_at(item):
    """A published (or hidden) item came out an hour ago; a pending or rejected one, never."""
    if item.moderation_status in ("published", "hidden"):
        return timezone.now() - timedelta(hours=1)
    return None


class NewsItemFactory(factory.django.DjangoModelFactory):
    """A member's news item, pending unless told otherwise."""

    class Meta:
        model = "news.NewsItem"

    author = factory.SubFactory(MemberFactory)
    moderation_status = "pending"
    title = factory.Sequence(lambda n: f"Actualité numéro {n}")
    summary = factory.Sequence(lambda n: f"Résumé de l'actualité {n}")
    body = ""
    html = ""
    published_at = factory.LazyAttribute(_published_at)
    # A published item made here was announced when it came out (news/services/announce.py):
    # the due check leaves it alone.
    announced_at = factory.LazyAttribute(
        lambda item: item.published_at if item.moderation_status == "published" else None
    )
