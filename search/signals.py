"""An admin's change to the vocabulary reaches the indexes once committed, without a deploy."""

import logging

from django.db import transaction

from search.backends.base import SearchUnavailable

logger = logging.getLogger(__name__)


def vocabulary_changed(sender, **kwargs) -> None:
    transaction.on_commit(_reconfigure)


def _reconfigure() -> None:
    from search.indexing import reconfigure_vocabulary_indexes

    try:
        reconfigure_vocabulary_indexes()
    except SearchUnavailable:
        # The next ``search_reindex`` (or process start) applies it.
        logger.warning("Search vocabulary saved; the engine could not take it yet", exc_info=True)
