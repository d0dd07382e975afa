"""Who may see and do what in the agenda. Views, services, calendars, the search index, the
moderation queue and templates (through the views) all ask here.

The rules:

- Only approved members see events at all (applicants, suspended and anonymous people none:
  404). The ``public`` audience is kept for the showcase to come; until it exists, such an
  event is seen by members like a network event.
- An event for the whole network is seen by every member once published. An event for a
  project's members is seen by that project's accepted members; moderators see it only if the
  project is not private (DESIGN.md §7: they never read what a private project keeps among
  its members).
- A proposal (``pending``), a rejected or a hidden event is seen only by its organisers and
  the moderators.
- Moderators publish events; a member proposes one, which waits in the moderation queue; a
  project's owners create their project's events, published at once. Whoever creates an event
  is its first organiser.
- Organisers and moderators edit an event and cancel it (never delete it), close its
  registration, add people, mark attendance, add the replay and the minutes.
- A member registers for a published event they see, that is not cancelled, has not started,
  and whose registration is open; they cancel their own registration only.
- The online link is shown only to confirmed registrants and organisers; everyone else sees
  that there is one, and how to get it (register).
- E-mail addresses in the attendee export: moderators and organisers only (they are the only
  ones who export).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from events.models import Event, Registration
from moderation import permissions as moderation_permissions
from projects import permissions as project_permissions

_ORGANISERS = "_organiser_ids"
_REGISTRATIONS = "_registration_cache"


def _is_member(user) -> bool:
    return bool(getattr(user, "is_member", False))


def is_moderator(user) -> bool:
    return moderation_permissions.can_moderate(user)


def organiser_ids(event: Event) -> set[int]:
    """The organisers' ids: from the prefetched rows when there are, else one query, cached."""
    cached = getattr(event, _ORGANISERS, None)
    if cached is None:
        cached = {user.pk for user in event.organisers.all()}
        setattr(event, _ORGANISERS, cached)
    return cached


def forget(event: Event) -> None:
    for name in (_ORGANISERS, _REGISTRATIONS):
        if hasattr(event, name):
            delattr(event, name)


def remember_registrations(events, user, registrations) -> None:
    """Fill the registration cache of ``events`` for ``user`` (selectors, for a whole page)."""
    by_event = {registration.event_id: registration for registration in registrations}
    for event in events:
        getattr(event, _REGISTRATIONS, None) or setattr(event, _REGISTRATIONS, {})
        getattr(event, _REGISTRATIONS)[user.pk] = by_event.get(event.pk)


def registration_of(user, event: Event) -> Registration | None:
    """``user``'s registration row (any status) or None: one query, then cached."""
    if not getattr(user, "is_authenticated", False) or event.pk is None:
        return None
    cache = getattr(event, _REGISTRATIONS, None)
    if cache is None:
        cache = {}
        setattr(event, _REGISTRATIONS, cache)
    if user.pk not in cache:
        cache[user.pk] = Registration.objects.filter(event=event, member=user).first()
    return cache[user.pk]


def is_organiser(user, event: Event) -> bool:
    return _is_member(user) and user.pk in organiser_ids(event)


def is_registrant(user, event: Event) -> bool:
    """A confirmed registration (not the waitlist, not cancelled)."""
    registration = registration_of(user, event) if _is_member(user) else None
    return registration is not None and registration.is_confirmed


def _reaches_audience(user, event: Event) -> bool:
    if event.audience != Event.Audience.PROJECT:
        return True
    project = event.project
    if project_permissions.is_project_member(user, project):
        return True
    return is_moderator(user) and not project.is_private


def can_view_event(user, event: Event) -> bool:
    if not _is_member(user):
        return False
    if is_organiser(user, event):
        return True
    if not _reaches_audience(user, event):
        return False
    return event.is_published or is_moderator(user)


def can_show_publicly(event: Event) -> bool:
    """For the public showcase to come (public/ app, DESIGN.md §2): only a published event
    whose organisers chose the ``public`` audience, not cancelled nor hidden; never its online
    link, registrants or documents (those stay behind the member rules above)."""
    return (event.audience == Event.Audience.PUBLIC and event.is_published
            and not event.is_cancelled)


def can_list_events(user) -> bool:
    return _is_member(user)


def can_propose_event(user) -> bool:
    """Every member proposes; moderators' events are published at once."""
    return _is_member(user)


def can_publish_event(user) -> bool:
    return is_moderator(user)


def can_create_project_event(user, project) -> bool:
    """A project's owners create its events (published at once), while the project is open."""
    return project_permissions.can_edit_project(user, project)


def can_manage_event(user, event: Event) -> bool:
    """Edit, close registration, add people, attendance, replay: organisers and moderators,
    while the event is not cancelled nor hidden."""
    if not can_view_event(user, event) or event.is_cancelled or event.is_hidden:
        return False
    return is_organiser(user, event) or is_moderator(user)


def can_edit_event(user, event: Event) -> bool:
    return can_manage_event(user, event)


def can_cancel_event(user, event: Event) -> bool:
    return can_manage_event(user, event) and not event.is_past()


def can_register(user, event: Event) -> bool:
    """Register (or join the waitlist): the service says why not, in French, when it refuses."""
    if not can_view_event(user, event) or not event.is_published:
        return False
    registration = registration_of(user, event)
    if registration is not None and registration.status != Registration.Status.CANCELLED:
        return False
    return event.registration_state() == "open"


def can_cancel_registration(user, event: Event) -> bool:
    registration = registration_of(user, event) if can_view_event(user, event) else None
    return (registration is not None and registration.status != Registration.Status.CANCELLED
            and not event.has_started())


def can_see_online_link(user, event: Event) -> bool:
    """Confirmed registrants and organisers; nobody else, moderators included."""
    if not event.online_url or not can_view_event(user, event) or event.is_cancelled:
        return False
    return is_organiser(user, event) or is_registrant(user, event)


def can_see_registrations(user, event: Event) -> bool:
    """The list of registrants, answers and attendance: organisers and moderators."""
    return can_view_event(user, event) and (is_organiser(user, event) or is_moderator(user))


def can_export_emails(user, event: Event) -> bool:
    return can_see_registrations(user, event)


def can_check_in(user, event: Event) -> bool:
    """A registrant checks in with the code shown at the meeting, from its start to its end
    (and the day after, for those who forgot)."""
    return is_registrant(user, event) and event.has_started()


def can_follow_up(user, event: Event) -> bool:
    """"Donner une suite": once it has started, any member who sees a published event starts
    a project or asks peers a question that links back to it (their own rights there apply)."""
    return (can_view_event(user, event) and event.is_published and not event.is_cancelled
            and event.has_started())


def get_event_for_user(user, pk, *, manage: bool = False) -> Event:
    """The event ``pk`` if ``user`` may see it (else 404); with ``manage``, also if they may
    run it (else 403)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    event = (Event.objects.select_related("project", "created_by", "series", "discussion")
             .prefetch_related("organisers").filter(pk=pk).first())
    if event is None or not can_view_event(user, event):
        raise Http404
    if manage and not can_manage_event(user, event):
        raise PermissionDenied
    return event
