from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # Each app declares what it indexes in its own ``search_indexes.py``.
        autodiscover_modules("search_indexes")
        # ... and the kinds of result of the global search in ``search_sections.py``
        # (search/everywhere.py).
        autodiscover_modules("search_sections")
        from django.db.models.signals import post_delete, post_save

        from search.models import VocabularyEntry
        from search.signals import vocabulary_changed

        post_save.connect(vocabulary_changed, sender=VocabularyEntry)
        post_delete.connect(vocabulary_changed, sender=VocabularyEntry)
