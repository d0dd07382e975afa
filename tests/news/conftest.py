"""The pages' due check (news.services.announce_due_soon) runs at most once a minute, site-wide,
through the cache, which outlives a test: every test starts as if a page had just run it, so
that no earlier test decides whether a page does it. The tests of the due check clear it."""

import pytest
from django.core.cache import cache

from news.services.announce import DUE_CHECK_EVERY, DUE_CHECK_KEY


@pytest.fixture(autouse=True)
def _due_check_just_ran():
    cache.set(DUE_CHECK_KEY, True, DUE_CHECK_EVERY)
    yield
    cache.delete(DUE_CHECK_KEY)


@pytest.fixture
def due_check_pending():
    """The next page that asks runs the due check; call it to make that true again."""

    def pending() -> None:
        cache.delete(DUE_CHECK_KEY)

    pending()
    return pending
