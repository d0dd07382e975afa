"""The feed's entries rendered once for every reader who would see the same HTML (issue 20).

A page of the feed is twenty entries (a news item's card, a welcome, a project, document or
event published), each through ``news/_entry.html``: dates, typography, links, the "New" badge,
costing more in the template than in the database. Here each entry's HTML is kept in Django's
cache under a digest of everything the template reads for it: the event's stored fields, its
target as the page loaded it (a news item with its author; a welcomed member with their
profile), whether it is new for this reader (``is_new``) and may be reported by them
(``can_report``), the language, the time zone and the templates' source. As for the wall's posts
(walls/fragments.py): nothing to invalidate by hand, nothing stale; an edit, a new photo, a
hidden item or a new deployment are other keys, and a reader's own state is in their key, never
in a shared entry. The entries hold no form, so no CSRF token.
"""

import hashlib
from functools import cache

from django.core.cache import cache as default_cache
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from config.fragments import person, row
from news.models import ActivityEvent

ENTRY_TEMPLATE = "news/_entry.html"
# Every template an entry's HTML comes from: their source is part of each key.
TEMPLATES = (ENTRY_TEMPLATE, "news/_card.html", "news/_meta.html", "news/_new_badge.html",
             "community/_avatar.html")
TIMEOUT = 6 * 3600  # seconds; keys are content digests, so this only frees memory
KEY_PREFIX = "news:entry:"


@cache
def _templates_digest() -> str:
    digest = hashlib.blake2b(digest_size=8)
    for name in TEMPLATES:
        digest.update(get_template(name).template.source.encode())
    return digest.hexdigest()


def _target(event: ActivityEvent) -> tuple:
    """What the template reads of the target: only news items and welcomed members are read
    (the other kinds show the event's own snapshot)."""
    if event.kind == ActivityEvent.Kind.NEWS_PUBLISHED:
        item = event.target
        return (row(item), person(getattr(item, "author", None)),
                getattr(item, "can_report", None))
    if event.kind == ActivityEvent.Kind.MEMBER_WELCOMED:
        return person(event.target)
    return ()


def entry_key(event: ActivityEvent) -> str:
    values = (_templates_digest(), translation.get_language(),
              timezone.get_current_timezone_name(), row(event), event.is_new, _target(event))
    digest = hashlib.blake2b(repr(values).encode(), digest_size=20)
    return f"{KEY_PREFIX}{event.pk}:{digest.hexdigest()}"


def _render(event: ActivityEvent) -> str:
    return get_template(ENTRY_TEMPLATE).template.render(
        Context({"event": event}, autoescape=True))


def prerender(entries, *, cache=None) -> None:
    """Give each entry of a page ``fragment``: its HTML, from the cache (one round trip for the
    page) or rendered now and kept. The entries come from news/selectors.py ``feed_page``, with
    ``is_new``, and from the view with their news items' ``can_report``."""
    if not entries:
        return
    cache = cache or default_cache
    keys = {event.pk: entry_key(event) for event in entries}
    found = cache.get_many(list(keys.values()))
    missing = {}
    for event in entries:
        html = found.get(keys[event.pk])
        if html is None:
            html = missing[keys[event.pk]] = _render(event)
        event.fragment = mark_safe(html)  # noqa: S308 (our templates' autoescaped output)
    if missing:
        cache.set_many(missing, TIMEOUT)
