"""The header's bell: the member's unread notifications, one query per page that shows it."""

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications import permissions, selectors
from notifications.models import Notification


def notifications_badge(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not permissions.can_view_notifications(user):
        return {}
    return {
        # Lazy: pages that never print the bell (fragments, errors) do not pay for the query.
        # A dict, so that ``notifications_badge.unread`` is a real int for the plural forms.
        "notifications_badge": SimpleLazyObject(
            lambda: {"unread": selectors.unread_count(user)}
        ),
        "notifications_strings": js_strings(),  # a few catalogue look-ups, no query
    }


def js_strings() -> dict:
    """What static/js/notifications.js writes on the page, translated like every other string."""
    return {
        "unread_one": ngettext("%(counter)s unread notification",
                               "%(counter)s unread notifications", 1),
        "unread_other": ngettext("%(counter)s unread notification",
                                 "%(counter)s unread notifications", 2),
        "announce": _("New notification (%(kind)s): %(text)s"),
        "kinds": {value: str(label) for value, label in Notification.Kind.choices},
    }
