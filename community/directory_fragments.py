"""The directory's filters, map and result cards rendered once for the same content (issue 20,
issue 12 "Performance").

The members page spent four times the search engine's time around it, most of it in templates:
≈ 60 filter options, the map's 18 regions and its table, 24 cards. None of that depends on who
reads it beyond what the search returned: the counts and hits are already filtered for the
reader, and the HTML is a function of them. So each piece is kept in Django's cache under a
digest of exactly what its template reads (the facet groups and their counts, the map's counts,
the regions chosen, the search's query string; a card's fields with their highlights), the
language and the templates' source. A change of any of these is another key: nothing to
invalidate, nothing stale; entries expire after ``TIMEOUT`` or are culled.
"""

import hashlib
import json
from functools import cache

from django.core.cache import cache as default_cache
from django.template import Context
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

FACETS_TEMPLATE = "community/_directory_facets.html"
CARD_TEMPLATE = "community/_search_result.html"
TEMPLATES = (FACETS_TEMPLATE, "community/_region_map.html", CARD_TEMPLATE)
TIMEOUT = 6 * 3600  # seconds; keys are content digests, so this only frees memory


@cache
def _templates_digest() -> str:
    digest = hashlib.blake2b(digest_size=8)
    for name in TEMPLATES:
        digest.update(get_template(name).template.source.encode())
    return digest.hexdigest()


def _key(kind: str, *parts) -> str:
    text = json.dumps([_templates_digest(), translation.get_language(), *parts],
                      default=str, sort_keys=True)
    return f"community:{kind}:{hashlib.blake2b(text.encode(), digest_size=20).hexdigest()}"


def _render(name: str, values: dict) -> str:
    return get_template(name).template.render(Context(values, autoescape=True))


def prerender(context: dict, *, request, cache=None) -> None:
    """Put ``facets_html`` in the directory's ``context`` and give each card ``html``: from the
    cache in one round trip, or rendered now and kept."""
    cache = cache or default_cache
    chosen_regions = sorted(request.GET.getlist("region"))
    facets_values = {
        "facet_groups": context["facet_groups"],
        "search_unavailable": context["search_unavailable"],
        "region_counts": context["region_counts"],
        "map_base_query": context["map_base_query"],
    }
    facets_key = _key("facets", facets_values, chosen_regions)
    card_keys = [_key("card", card) for card in context["cards"]]
    found = cache.get_many([facets_key, *card_keys])
    missing: dict[str, str] = {}

    def kept(key: str, render) -> SafeString:
        html = found.get(key)
        if html is None:
            html = missing[key] = render()
        return mark_safe(html)  # noqa: S308 (our templates' output, autoescaped)

    context["facets_html"] = kept(facets_key, lambda: _render(
        FACETS_TEMPLATE, {**facets_values, "request": request}))
    for card, key in zip(context["cards"], card_keys, strict=True):
        card["html"] = kept(key, lambda card=card: _render(CARD_TEMPLATE, {"card": card}))
    if missing:
        cache.set_many(missing, TIMEOUT)
