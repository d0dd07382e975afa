"""The addresses of moderation actions on one item, for the queue and for the owning apps'
pages (a "Restore…" link on a hidden post, say)."""

from functools import cache
from urllib.parse import urlencode

from django.db.models import Model
from django.urls import get_script_prefix, get_urlconf, reverse


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url}, safe='/')}" if next_url else url


_PK = 987654321  # a stand-in key, replaced by the item's in the address reversed once


@cache
def _decision_parts(urlconf, prefix: str, label: str, decision: str) -> tuple[str, str]:
    """The decision page's address around its item's key, reversed once per kind and decision
    (and URL configuration and script prefix): the queue and a moderator's wall ask for one or
    two per item, a hundred ``reverse()`` a page (issue 20)."""
    url = reverse("moderation:decide", args=[label, _PK, decision], urlconf=urlconf)
    head, tail = url.split(f"/{_PK}/")
    return f"{head}/", f"/{tail}"


def decision_url(item: Model, decision: str, *, next_url: str = "") -> str:
    """The page (GET) and endpoint (POST) of ``decision`` on ``item``; ``next_url``: where to
    go back to afterwards, a path of this site."""
    head, tail = _decision_parts(get_urlconf(), get_script_prefix(), item._meta.label_lower,
                                 decision)
    return _with_next(f"{head}{int(item.pk)}{tail}", next_url)


def warn_url(item: Model, *, next_url: str = "") -> str:
    """The page where a moderator warns the author of ``item``."""
    url = reverse("moderation:item_warn", args=[item._meta.label_lower, item.pk])
    return _with_next(url, next_url)
