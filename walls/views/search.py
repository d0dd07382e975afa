"""Searching the walls: /mur/recherche/?q=… (``mur``: one wall, ``tri=recents``: newest
first, ``page``). The address carries the whole search; with HTMX, the results are replaced
as the reader types, and the address follows."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from walls import permissions, selectors
from walls.search import SORTS, SearchParams, search_posts


@require_GET
def search(request):
    if not permissions.can_search_walls(request.user):
        raise PermissionDenied
    walls = selectors.walls_for_sidebar()
    params = SearchParams.from_get(request.GET, walls)
    page = search_posts(request.user, params)
    fragment = bool(request.htmx) and not request.htmx.history_restore_request
    template = "walls/search.html#results" if fragment else "walls/search.html"
    response = render(request, template, {
        **page.template_context(),
        "walls": walls,
        "sorts": list(SORTS),
        "can_create_wall": permissions.can_create_wall(request.user),
    })
    patch_vary_headers(response, ["HX-Request"])
    return response
