"""The composer's @mention suggestions (static/js/mentions.js), apart from chat/views.py to
keep that file short."""

from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from chat import permissions, selectors


@require_GET
def room_members(request, pk: int):
    """At most 8 members of the room whose name matches ``q`` (accents and case ignored), not
    the person asking. Whoever may not see the room gets a 404, as for the room page."""
    room = permissions.get_room_for_user(request.user, pk)
    people = selectors.mention_suggestions(room, request.GET.get("q", ""), exclude=request.user)
    response = JsonResponse(
        {"members": [{"id": person.pk, "name": person.display_name} for person in people]}
    )
    add_never_cache_headers(response)
    return response
