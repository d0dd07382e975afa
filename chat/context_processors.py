"""The header's live "Chat" badge: the member's unread messages, one query per page."""

from django.utils.functional import SimpleLazyObject

from chat import selectors


def chat_unread(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_member", False):
        return {}
    # Lazy: pages that never print the badge (fragments, errors) do not pay for the query.
    return {"chat_unread_total": SimpleLazyObject(lambda: selectors.unread_total(user))}
