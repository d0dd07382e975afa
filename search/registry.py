"""What each app indexes. An app declares an index in its ``search_indexes.py``::

    register(IndexDefinition(
        name="members",
        settings=IndexSettings(searchable=[...], filterable=[...]),
        queryset=lambda: User.objects.members().select_related("profile"),
        to_document=member_document,
        access_filter=lambda user: {},
    ))

``queryset`` returns exactly the objects that belong in the index, shaped for ``to_document``:
an object that left it (a suspended member, a hidden post) is deleted from the index on sync.
``access_filter`` returns the filters that every search by ``user`` must carry.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet

from search.backends.base import Filters, IndexSettings


@dataclass(frozen=True)
class IndexDefinition:
    name: str
    settings: IndexSettings
    queryset: Callable[[], QuerySet]
    to_document: Callable[[Model], dict[str, Any]]
    access_filter: Callable[[Any], Filters]
    # The network's vocabulary (search/vocabulary.py) is added to ``settings`` when configured.
    uses_vocabulary: bool = False

    def effective_settings(self) -> IndexSettings:
        """The settings the engine is given: ``settings`` plus the current vocabulary."""
        if not self.uses_vocabulary:
            return self.settings
        from search.vocabulary import current_vocabulary, vocabulary_settings

        return vocabulary_settings(self.settings, current_vocabulary())

    def documents_for(self, ids: list[Any]) -> tuple[list[dict[str, Any]], list[str]]:
        """Documents of the given ids that belong in the index, and the ids that do not."""
        objects = list(self.queryset().filter(pk__in=ids))
        documents = [self.to_document(obj) for obj in objects]
        present = {str(obj.pk) for obj in objects}
        return documents, [str(pk) for pk in ids if str(pk) not in present]


_indexes: dict[str, IndexDefinition] = {}


def register(definition: IndexDefinition) -> IndexDefinition:
    _indexes[definition.name] = definition
    return definition


def get_index(name: str) -> IndexDefinition:
    try:
        return _indexes[name]
    except KeyError:
        raise LookupError(f"No search index named {name!r}") from None


def all_indexes() -> list[IndexDefinition]:
    return list(_indexes.values())
