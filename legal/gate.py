"""Is the member's acceptance of the current charter known? Asked by community's gate
(community/middleware.py) on every page, so it must cost no query in the common case.

The current version's number is kept in the cache (shared in production: Redis) and the number
the member accepted in their session, put there when they log in or accept. Only when the two
differ, on the first page after a new version is published or when the cache was emptied, does
the gate ask the database, which stays the truth: a cached number that is too high (a version
created then rolled back) is corrected there, and a publication empties the cache (signals
below), so a member learns of a new version at their next page.
"""

from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from legal.models import CharterAcceptance, CharterVersion
from legal.selectors import published_charters

CACHE_KEY = "legal:charter:current"
CACHE_SECONDS = 300  # a bound on staleness should one process's cache miss a publication
SESSION_KEY = "legal_charter_version"


def _current_number_from_database() -> int:
    number = published_charters().order_by("-number").values_list("number", flat=True).first()
    cache.set(CACHE_KEY, number or 0, CACHE_SECONDS)
    return number or 0


def current_charter_number() -> int:
    """The number of the version every member must have accepted (0: none published)."""
    number = cache.get(CACHE_KEY)
    return _current_number_from_database() if number is None else number


def _accepted(user, number: int) -> bool:
    return CharterAcceptance.objects.filter(user=user, version__number=number).exists()


def remember_acceptance(request, number: int) -> None:
    """After ``charter_accept``: this session knows, the next page costs nothing."""
    if hasattr(request, "session"):
        request.session[SESSION_KEY] = number


def charter_needs_acceptance(request) -> bool:
    """True when the signed-in person has not accepted the current charter."""
    current = current_charter_number()
    if not current or request.session.get(SESSION_KEY) == current:
        return False
    current = _current_number_from_database()  # the cache may be stale: the database decides
    if not current:
        return False
    if _accepted(request.user, current):
        remember_acceptance(request, current)
        return False
    return True


def forget_current_charter() -> None:
    """Now and after the commit: a page rendered meanwhile may have cached the old number."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


@receiver(post_save, sender=CharterVersion, dispatch_uid="legal_charter_saved")
@receiver(post_delete, sender=CharterVersion, dispatch_uid="legal_charter_deleted")
def _charter_changed(sender, **kwargs) -> None:
    forget_current_charter()


@receiver(user_logged_in, dispatch_uid="legal_charter_on_login")
def _remember_on_login(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    current = _current_number_from_database()
    if current and _accepted(user, current):
        remember_acceptance(request, current)
