"""Reads of the agenda, shaped so that a page costs a constant number of queries whatever the
number of events and registrations. What a member may see is events/permissions.py, written
here once more in SQL (``visible_events``) for lists."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from documents.models import Document
from events import permissions
from events.models import Event, Registration
from moderation.models import ModerationStatus
from projects.models import Project, ProjectMembership

Status = Registration.Status


def visible_events(user) -> QuerySet:
    """The published events ``user`` sees in lists (the same rules as ``can_view_event``)."""
    if not permissions.can_list_events(user):
        return Event.objects.none()
    mine = ProjectMembership.objects.filter(member=user.pk, state=ProjectMembership.State.MEMBER)
    reach = ~Q(audience=Event.Audience.PROJECT) | Q(project__in=mine.values("project_id"))
    if permissions.is_moderator(user):
        reach |= Q(audience=Event.Audience.PROJECT) & ~Q(
            project__visibility=Project.Visibility.PRIVATE)
    return Event.objects.filter(reach, moderation_status=ModerationStatus.PUBLISHED)


def attach_counts(events: list[Event]) -> None:
    """``confirmed_count`` and ``waitlist_count`` on each event of a page, in one grouped
    query over those events only (annotating the whole listing made its count and its page
    join every registration: 60 ms on 30,000 of them)."""
    counts: dict[tuple[int, str], int] = {
        (row["event_id"], row["status"]): row["n"]
        for row in Registration.objects.filter(event__in=[event.pk for event in events])
        .exclude(status=Status.CANCELLED).values("event_id", "status")
        .annotate(n=Count("pk")).order_by()
    }
    for event in events:
        event.confirmed_count = counts.get((event.pk, Status.CONFIRMED), 0)
        event.waitlist_count = counts.get((event.pk, Status.WAITLISTED), 0)


@dataclass
class AgendaFilters:
    when: str = "upcoming"  # or "past"
    kind: str = ""
    region: str = ""
    metier: str = ""
    domain: str = ""
    mode: str = ""  # "online", "in_person" or ""
    mine: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return bool(self.kind or self.region or self.metier or self.domain or self.mode
                    or self.mine)


def agenda(user, filters: AgendaFilters, *, now: datetime | None = None) -> QuerySet:
    """Upcoming events soonest first, or past events latest first, filtered."""
    now = now or timezone.now()
    events = visible_events(user)
    if filters.when == "past":
        events = events.past(now).order_by("-starts_at", "-pk")
    else:
        events = events.upcoming(now).order_by("starts_at", "pk")
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.region:
        events = events.filter(region=filters.region)
    if filters.metier:
        events = events.filter(metiers=filters.metier)
    if filters.domain:
        events = events.filter(domains=filters.domain)
    if filters.mode == "online":
        events = events.exclude(online_url="")
    elif filters.mode == "in_person":
        events = events.exclude(address="", commune="")
    if filters.mine:
        events = events.filter(registrations__member=user.pk,
                               registrations__status__in=[Status.CONFIRMED, Status.WAITLISTED])
    return events.select_related("project")


def region_counts(user, filters: AgendaFilters, *, now: datetime | None = None
                  ) -> dict[str, int]:
    """How many events of the list each region has (``""``: those without a region),
    whatever region is chosen: the agenda's map, and the list's own count (``list_count``),
    in one grouped query."""
    others = replace(filters, region="")
    rows = (agenda(user, others, now=now).order_by().values("region")
            .annotate(n=Count("pk", distinct=True)).values_list("region", "n"))
    return dict(rows)


def list_count(counts: dict[str, int], filters: AgendaFilters) -> int:
    """The number of events of the list, from ``region_counts``: the query the paginator
    would make again."""
    return counts.get(filters.region, 0) if filters.region else sum(counts.values())


def remember_for_page(user, events: list[Event]) -> None:
    """The member's registrations for a page of events, in one query (permissions' cache)."""
    rows = Registration.objects.filter(member=user.pk, event__in=[event.pk for event in events])
    permissions.remember_registrations(events, user, rows)
    for event in events:
        event.my_registration = permissions.registration_of(user, event)


def month(user, first_day: date) -> list[list[dict]]:
    """The weeks of the month of ``first_day`` (Monday first), each day with its events:
    what the accessible month table shows. One query."""
    first_day = first_day.replace(day=1)
    start = first_day - timedelta(days=first_day.weekday())
    next_month = (first_day + timedelta(days=32)).replace(day=1)
    end = next_month + timedelta(days=(7 - next_month.weekday()) % 7)
    zone = timezone.get_current_timezone()
    low = datetime.combine(start, datetime.min.time(), zone)
    high = datetime.combine(end, datetime.min.time(), zone)
    by_day: dict[date, list[Event]] = {}
    for event in (visible_events(user).filter(starts_at__gte=low, starts_at__lt=high)
                  .order_by("starts_at", "pk")):
        by_day.setdefault(event.starts_at.astimezone(zone).date(), []).append(event)
    weeks, day = [], start
    while day < end:
        weeks.append([{"date": day + timedelta(days=offset),
                       "in_month": (day + timedelta(days=offset)).month == first_day.month,
                       "events": by_day.get(day + timedelta(days=offset), [])}
                      for offset in range(7)])
        day += timedelta(days=7)
    return weeks


def registrations_of(event: Event) -> dict[str, list[Registration]]:
    """Confirmed and waiting registrations of one event, with their members, in one query."""
    rows = (event.registrations.exclude(status=Status.CANCELLED)
            .select_related("member__profile").order_by("queued_at", "pk"))
    grouped: dict[str, list[Registration]] = {Status.CONFIRMED: [], Status.WAITLISTED: []}
    for row in rows:
        grouped[row.status].append(row)
    return grouped


def counts(event: Event) -> dict[str, int]:
    row = event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Status.WAITLISTED)),
    )
    return row


def waitlist_position(event: Event, registration: Registration | None) -> int | None:
    if registration is None or not registration.is_waitlisted:
        return None
    ahead = event.registrations.filter(status=Status.WAITLISTED).filter(
        Q(queued_at__lt=registration.queued_at)
        | Q(queued_at=registration.queued_at, pk__lt=registration.pk)).count()
    return ahead + 1


def projects_i_run(user, *, limit: int = 10) -> list[Project]:
    """The open projects ``user`` owns, for "an event of my project" links (one query)."""
    if not permissions.can_list_events(user):
        return []
    return list(Project.objects.filter(
        memberships__member=user.pk, memberships__state=ProjectMembership.State.MEMBER,
        memberships__role=ProjectMembership.Role.OWNER,
        moderation_status=ModerationStatus.PUBLISHED, archived_at__isnull=True,
    ).order_by("title")[:limit])


def my_next_events(user, *, limit: int = 5, now: datetime | None = None) -> list[Event]:
    """The home page's "my next events": confirmed or waiting, not over, soonest first."""
    if not permissions.can_list_events(user):
        return []
    now = now or timezone.now()
    mine = Registration.objects.filter(member=user.pk, status__in=[Status.CONFIRMED,
                                                                   Status.WAITLISTED])
    return list(Event.objects.published().upcoming(now)
                .filter(pk__in=mine.values("event_id"))
                .prefetch_related(Prefetch("registrations", queryset=mine,
                                           to_attr="my_rows"))
                .order_by("starts_at", "pk")[:limit])


def feed_events(feed, *, now: datetime | None = None) -> list[Event]:
    """What a member's calendar feed holds: the events they registered for (confirmed or
    waiting; cancelled ones too, so that calendars learn of it), and the whole agenda they see
    if they chose it; from 90 days back. One query."""
    now = now or timezone.now()
    member = feed.member
    events = visible_events(member).filter(ends_at__gte=now - timedelta(days=90))
    if not feed.include_agenda:
        mine = Registration.objects.filter(member=member.pk, status__in=[Status.CONFIRMED,
                                                                         Status.WAITLISTED])
        events = events.filter(pk__in=mine.values("event_id"))
    return list(events.select_related("series").order_by("starts_at", "pk"))


def registered_ids(member, events: list[Event]) -> set[int]:
    """Of ``events``, those ``member`` holds a confirmed seat for (the online link goes in)."""
    return set(Registration.objects.filter(
        member=member.pk, status=Status.CONFIRMED, event__in=[event.pk for event in events],
    ).values_list("event_id", flat=True))


def organised_ids(member, events: list[Event]) -> set[int]:
    return set(Event.organisers.through.objects.filter(
        user_id=member.pk, event_id__in=[event.pk for event in events],
    ).values_list("event_id", flat=True))


def linked_documents(event: Event, user) -> list:
    """The library documents linked to ``event`` that ``user`` may read now (the documents
    app's rule, documents.selectors.visible_filter: published, in the library or in a project
    they see): one query for the links (none more when there are none, the common case), one
    for which of their documents the reader may read."""
    from documents import permissions as document_permissions
    from documents.selectors import visible_filter
    from events.models import EventLibraryDocument

    if not document_permissions.can_browse_library(user):
        return []
    links = list(EventLibraryDocument.objects.filter(event=event)
                 .select_related("document__project").order_by("created_at", "pk"))
    if not links:
        return []
    readable = set(Document.objects.filter(
        visible_filter(user), pk__in=[link.document_id for link in links],
    ).values_list("pk", flat=True))
    return [link for link in links if link.document_id in readable]


PICKER_SIZE = 10


def library_choices(user, event: Event, query: str) -> tuple[list, bool]:
    """The documents an organiser may link: what the library's search finds for ``query``
    (documents.search, restricted to what they may read), or their newest readable documents
    without a query; those already linked are left out. Returns the documents and whether the
    search engine was unavailable (the database answered)."""
    from documents.search import search_documents
    from documents.selectors import visible_filter

    linked = set(event.library_links.values_list("document_id", flat=True))
    if query.strip():
        page = search_documents(user, query)
        found = [result.document for result in page.results]
        unavailable = page.search_unavailable
    else:
        found = list(Document.objects.filter(visible_filter(user))
                     .select_related("project").order_by("-published_at", "-pk")
                     [:PICKER_SIZE + len(linked)])
        unavailable = False
    choices = [document for document in found if document.pk not in linked]
    return choices[:PICKER_SIZE], unavailable
