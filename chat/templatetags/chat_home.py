"""``{% my_rooms %}``: the home page's "Mes salons" block, the rooms and conversations a member
belongs to with their unread messages, most recently active first (two queries, like the chat
sidebar it reads)."""

from django import template

from chat.selectors import sidebar_for_user

register = template.Library()

HOME_ROOMS = 5


@register.inclusion_tag("chat/_home_rooms.html", takes_context=True)
def my_rooms(context):
    user = context["user"]
    rooms = []
    if user.is_authenticated:
        sidebar = sidebar_for_user(user)
        rooms = [room for room in sidebar.joined if room.archived_at is None]
        # The selector sorts by last message: keep that order across the sidebar's sections.
        rooms.sort(key=lambda room: room.last_message_at.timestamp() if room.last_message_at
                   else 0, reverse=True)
    return {"rooms": rooms[:HOME_ROOMS]}
