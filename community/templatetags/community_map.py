"""``{% region_map_data region_counts map_base_query as map %}`` for the members map template."""

from django import template
from django.http import QueryDict
from django.urls import reverse

from community.map import region_map

register = template.Library()


@register.simple_tag(takes_context=True)
def region_map_data(context, region_counts, base_query: str = "", prepared=None) -> dict:
    """The map (community.map.region_map) plus each region's directory link and whether the
    current search is filtered by it.

    ``base_query`` is the current search as a query string; its ``region`` and ``page`` are
    replaced, since choosing a region starts a new list. A page of another app passes its map
    already made (``prepared``: its own counts, words and links), drawn by the same template.
    """
    if prepared:
        return prepared
    data = region_map(region_counts or {})
    query = QueryDict(str(base_query or "").lstrip("?&"), mutable=True)
    for key in ("region", "page"):
        query.pop(key, None)
    kept = query.urlencode()
    prefix = f"{reverse('community:directory')}?{kept + '&' if kept else ''}region="
    request = context.get("request")
    chosen = set(request.GET.getlist("region")) if request is not None else set()
    for region in data["regions"]:
        region["href"] = prefix + region["slug"]
        region["current"] = region["slug"] in chosen
    data["no_region_href"] = prefix + "none"
    data["no_region_current"] = "none" in chosen
    return data
