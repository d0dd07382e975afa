"""The addresses of moderation actions on one item, for the queue and for the owning apps'
pages (a "Restore…" link on a hidden post, say)."""

from urllib.parse import urlencode

from django.db.models import Model
from django.urls import reverse


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url}, safe='/')}" if next_url else url


def decision_url(item: Model, decision: str, *, next_url: str = "") -> str:
    """The page (GET) and endpoint (POST) of ``decision`` on ``item``; ``next_url``: where to
    go back to afterwards, a path of this site."""
    url = reverse("moderation:decide", args=[item._meta.label_lower, item.pk, decision])
    return _with_next(url, next_url)


def warn_url(item: Model, *, next_url: str = "") -> str:
    """The page where a moderator warns the author of ``item``."""
    url = reverse("moderation:item_warn", args=[item._meta.label_lower, item.pk])
    return _with_next(url, next_url)
