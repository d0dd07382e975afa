"""The agenda's heaviest pieces made once and kept while what they show is unchanged: each
event's card, the map of events by region, the filter form, and a member's calendar feed
(issue 13, "Performance").

Profiled with ``bench/events.py --profile`` (2,000 events, 30,000 registrations): the agenda
spent two thirds of its time rendering its 30 cards, the map's 18 regions and table and its
filter form, a feed four fifths of its time in ``icalendar`` building and folding lines.
None of that depends on who reads beyond what the piece shows (a card's event, its seat
counts and the reader's own registration state; the map's counts; the filters chosen; a
feed's events and which of them carry the online link). So each piece is kept in Django's
cache (Redis in production, shared by every process) under a digest of exactly those values,
the language and the template's source, as the members page does
(community/directory_fragments.py): a change of any of them is another key, so nothing is
ever invalidated and nothing stale is shown; entries expire after ``TIMEOUT`` or are culled.
The database queries stay those of the page (constant, asserted in the tests); the cache adds
a few round trips per page (one ``get_many`` for the cards).

A cached feed keeps the ``DTSTAMP`` of the moment its content was first built: the same
content is served with the same stamp, which RFC 5545 allows (the stamp of the object's
creation) and which spares calendar programs a false change.
"""

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import asdict
from functools import cache

from django.core.cache import cache as default_cache
from django.http import QueryDict
from django.template import Context
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from community.map_asset import region_map_asset
from config.site import absolute_url
from events import calendars
from events.models import Event
from events.region_map import RESET, agenda_map

CARD_TEMPLATE = "events/_card.html"
FILTERS_TEMPLATE = "events/_filters.html"
MAP_TEMPLATE = "community/_region_map.html"
TIMEOUT = 6 * 3600  # seconds; keys are content digests, so this only frees memory


@cache
def _source_digest(name: str) -> str:
    return hashlib.blake2b(get_template(name).template.source.encode(),
                           digest_size=8).hexdigest()


def _key(kind: str, *parts) -> str:
    text = json.dumps([translation.get_language(), *parts], default=str, sort_keys=True)
    return f"events:{kind}:{hashlib.blake2b(text.encode(), digest_size=20).hexdigest()}"


def _render(name: str, values: dict) -> str:
    return get_template(name).template.render(Context(values, autoescape=True))


def _card_values(event: Event) -> list:
    """Everything templates/events/_card.html reads."""
    registration = getattr(event, "my_registration", None)
    return [event.pk, event.title, event.kind, event.starts_at, event.time_zone, event.commune,
            event.region, bool(event.online_url), event.cancelled_at is not None,
            event.summary, event.capacity, event.confirmed_count, event.waitlist_count,
            registration.status if registration is not None else ""]


def prerender_cards(events: list[Event], *, store=None) -> None:
    """Give each event of a page its ``card_html``: from the cache in one round trip, or
    rendered now and kept. The events carry ``confirmed_count``, ``waitlist_count`` and
    ``my_registration`` (events.selectors.attach_counts and remember_for_page)."""
    store = store or default_cache
    digest = _source_digest(CARD_TEMPLATE)
    keys = [_key("card", digest, _card_values(event)) for event in events]
    found = store.get_many(keys)
    missing: dict[str, str] = {}
    for event, key in zip(events, keys, strict=True):
        html = found.get(key)
        if html is None:
            html = missing[key] = _render(CARD_TEMPLATE, {"event": event})
        event.card_html = mark_safe(html)  # noqa: S308 (our template's output, autoescaped)
    if missing:
        store.set_many(missing, TIMEOUT)


def map_html(counts: Mapping[str, int], *, chosen: str, query: QueryDict,
             store=None) -> SafeString:
    """The agenda's map (events.region_map) for these counts, chosen region and filters."""
    store = store or default_cache
    kept = sorted((key, value) for key, values in query.lists() if key not in RESET
                  for value in values)
    key = _key("map", _source_digest(MAP_TEMPLATE), region_map_asset().version,
               sorted(counts.items()), chosen, kept)
    html = store.get(key)
    if html is None:
        data = agenda_map(counts, chosen=chosen, query=query)
        html = _render(MAP_TEMPLATE, {"prepared_map": data})
        store.set(key, html, TIMEOUT)
    return mark_safe(html)  # noqa: S308 (our template's output, autoescaped)


def filters_html(filters, *, options: Callable[[], dict], store=None) -> SafeString:
    """The agenda's filter form (templates/events/_filters.html) for these filters: its
    options' labels (``options()``, called only when the form is rendered) depend only on the
    language."""
    store = store or default_cache
    key = _key("filters", _source_digest(FILTERS_TEMPLATE), asdict(filters))
    html = store.get(key)
    if html is None:
        html = _render(FILTERS_TEMPLATE, {"filters": filters, **options()})
        store.set(key, html, TIMEOUT)
    return mark_safe(html)  # noqa: S308 (our template's output, autoescaped)


def _feed_values(event: Event, link: bool) -> list:
    """Everything events.calendars puts in the file for one event."""
    series = [event.series.uid, event.series.title] if event.series_id else None
    return [event.pk, event.uid, event.sequence, event.title, event.summary, event.starts_at,
            event.ends_at, event.time_zone, event.updated_at, event.cancelled_at is not None,
            event.address, event.commune, event.online_url if link else "",
            event.original_start, event.series_id, series]


def calendar_body(events: list[Event], *, name: str,
                  show_link: Callable[[Event], bool], store=None) -> bytes:
    """``events.calendars.build_calendar`` for these events, from the cache when the same
    content was built before (for any member: the key is the content, not the reader)."""
    store = store or default_cache
    values = [_feed_values(event, show_link(event)) for event in events]
    key = _key("feed", name, absolute_url("/"), values)
    body = store.get(key)
    if body is None:
        body = calendars.build_calendar(events, name=name, show_link=show_link)
        store.set(key, body, TIMEOUT)
    return body
