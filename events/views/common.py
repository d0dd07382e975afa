from datetime import timedelta
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from events import permissions, selectors
from events.models import Event
from moderation.links import decision_url

JOIN_OPENS_BEFORE = timedelta(minutes=10)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def join_is_live(event: Event, now=None) -> bool:
    """"Rejoindre" works from ten minutes before the start to the end."""
    now = now or timezone.now()
    return event.starts_at - JOIN_OPENS_BEFORE <= now <= event.ends_at


def abilities(user, event: Event) -> SimpleNamespace:
    """What ``user`` may do with ``event`` (events/permissions.py): never decided by a
    template."""
    here = event.get_absolute_url()
    moderator = permissions.is_moderator(user)

    def decision(allowed: bool, name: str) -> str:
        return decision_url(event, name, next_url=here) if moderator and allowed else ""

    registration = permissions.registration_of(user, event)
    return SimpleNamespace(
        manage=permissions.can_manage_event(user, event),
        edit=permissions.can_edit_event(user, event),
        cancel=permissions.can_cancel_event(user, event),
        register=permissions.can_register(user, event),
        unregister=permissions.can_cancel_registration(user, event),
        see_link=permissions.can_see_online_link(user, event),
        join_live=permissions.can_see_online_link(user, event) and join_is_live(event),
        registrations=permissions.can_see_registrations(user, event),
        check_in=permissions.can_check_in(user, event) and registration is not None
        and registration.attended_at is None,
        approve=decision(event.is_pending, "approve"),
        reject=decision(event.is_pending, "reject"),
        hide=decision(event.is_published, "hide"),
        restore=decision(event.is_hidden, "restore"),
        follow_up=permissions.can_follow_up(user, event),
        registration=registration,
        position=selectors.waitlist_position(event, registration),
    )
