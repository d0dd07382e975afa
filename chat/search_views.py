"""Searching the chat history (/chat/recherche/?q=…&salon=…&auteur=…&du=…&au=…&tri=…&page=…)
and opening a message found in its room, with the messages around it
(/chat/<room>/messages/<id>/). The address carries the whole search; with HTMX, the results
are replaced as the member types, and the address follows."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from chat import permissions, selectors
from chat.history_search import SORTS, Scope, SearchParams, authors_for, search_messages
from chat.models import Message

# Messages shown after the one opened from a search (the page holds HISTORY_PAGE in all: the
# others come before it).
CONTEXT_AFTER = 10


@require_GET
def search(request):
    if not getattr(request.user, "is_member", False):
        raise PermissionDenied
    scope = Scope.for_user(request.user)
    params = SearchParams.from_get(request.GET, scope)
    page = search_messages(request.user, params, scope)
    context = {"search": page, "params": params, "results": page.results}
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "chat/search.html#results", context)
    else:
        # The whole page: the sidebar, and the choices of the room and author filters.
        sidebar = selectors.sidebar_for_user(request.user)
        response = render(request, "chat/search.html", {
            **context, "sidebar": sidebar, "sorts": list(SORTS),
            "chat_unread_total": sidebar.unread_total,  # the header badge, no other query
            "rooms": sorted(sidebar.joined, key=lambda room: room.label.casefold()),
            "authors": authors_for(scope),
        })
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def message_in_context(request, pk: int, message_pk: int):
    """A message's lasting address (search results link here): the room's page positioned on
    it, ``?before=…&message=<seq>#m-<seq>``: the messages before and after it, the message
    marked and focused (chat/views.py ``room``); older and newer pages load from there, and
    the page's relative links (older, reply) keep working. A message of a room the member may
    not see is a 404, like the room."""
    room = permissions.get_room_for_user(request.user, pk)
    seq = Message.objects.filter(room=room, pk=message_pk).values_list("seq", flat=True).first()
    if seq is None:
        raise Http404
    # A page of HISTORY_PAGE messages ending CONTEXT_AFTER after the one asked for (the latest
    # page, live, when it is among the last ones).
    before = min(seq + CONTEXT_AFTER + 1, room.last_seq + 1)
    return redirect(f"{room.get_absolute_url()}?before={before}&message={seq}#m-{seq}")
