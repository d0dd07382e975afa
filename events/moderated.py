"""What the moderation queue and ``moderation.services.decide`` may do with events
(moderation/registry.py). A member's proposal waits in the queue's "waiting for a decision"
section; approving it publishes it (``events.services.event_decided``), rejecting it tells its
author why. Hiding and restoring a published event are the same decision pages."""

from django.utils.translation import gettext as _

from events import permissions
from events.models import Event
from events.services import event_decided
from moderation.links import decision_url
from moderation.registry import TargetActions, moment, register


def describe_event(event: Event) -> str:
    return _("Event “%(title)s” proposed by %(author)s, %(time)s") % {
        "title": event.title,
        "author": event.created_by.display_name if event.created_by else _("Former member"),
        "time": moment(event.created_at),
    }


def event_actions(moderator, event: Event) -> TargetActions:
    if not permissions.can_view_event(moderator, event):
        return TargetActions()
    view_url = event.get_absolute_url()
    if event.is_hidden:
        return TargetActions(view_url=view_url, removed=True)
    remove_url = decision_url(event, "hide") if event.is_published else ""
    return TargetActions(view_url=view_url, remove_url=remove_url)


def event_excerpt(event: Event) -> str:
    return f"{event.title}\n{event.summary}\n{event.description}".strip()


def register_moderated() -> None:
    register(
        Event,
        queryset=lambda: (Event.objects.select_related("created_by", "project")
                          .prefetch_related("organisers")),
        actions=event_actions,
        author=lambda event: event.created_by,
        describe=describe_event,
        url=lambda event: event.get_absolute_url(),
        on_decided=event_decided,
        excerpt=event_excerpt,
        submitted_at=lambda event: event.created_at,
    )
