"""Members' secret calendar addresses (events/calendars.py builds what they serve)."""

from django.db import transaction

from events import permissions
from events.models import CalendarFeed, new_token


def _require_member(actor) -> None:
    from django.core.exceptions import PermissionDenied

    if not permissions.can_list_events(actor):
        raise PermissionDenied


@transaction.atomic
def feed_for(*, actor) -> CalendarFeed:
    """The member's feed, made the first time they ask for it."""
    _require_member(actor)
    feed, _created = CalendarFeed.objects.get_or_create(member=actor)
    return feed


@transaction.atomic
def feed_revoke(*, actor) -> CalendarFeed:
    """A new secret address; the old one answers 404 from now on."""
    feed = feed_for(actor=actor)
    feed.token = new_token()
    feed.save(update_fields=["token"])
    return feed


@transaction.atomic
def feed_set_agenda(*, actor, include_agenda: bool) -> CalendarFeed:
    feed = feed_for(actor=actor)
    feed.include_agenda = include_agenda
    feed.save(update_fields=["include_agenda"])
    return feed
