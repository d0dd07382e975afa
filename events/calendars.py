"""Calendar files (RFC 5545) built with the ``icalendar`` library: one event's ``.ics`` and a
member's feed.

What keeps subscribed calendars from duplicating or shifting events (Google, Outlook):

- ``UID``: the event's ``uid``, given at creation and never regenerated (an edit keeps it);
- ``SEQUENCE``: the event's ``sequence``, raised by every change of date, time or place, and
  by a cancellation (events/services/events.py), so that programs replace their copy;
- ``DTSTAMP``: when the file was made (UTC), ``LAST-MODIFIED`` the event's last change;
- times in the event's own zone (``TZID=Europe/Paris``, ``Indian/Reunion``...) with the
  matching ``VTIMEZONE`` (``add_missing_timezones``), so a meeting at 10:00 in Paris stays at
  10:00 across the change to summer time (built once per zone and span, ``_vtimezone``);
- a cancelled event stays in the feed with ``STATUS:CANCELLED`` (a program that never sees it
  again would keep it for ever);
- an occurrence of a series is an override of the series (``UID`` of the series and
  ``RECURRENCE-ID``: its original start), under a master ``VEVENT`` whose ``RDATE`` lists the
  occurrences in the file; moved one by one, each keeps its RECURRENCE-ID.
"""

from collections import defaultdict
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar, Timezone
from icalendar import Event as VEvent

from config.site import absolute_url
from events.models import Event

PRODID = "-//Catalyse//Agenda du réseau//FR"


@lru_cache(maxsize=64)
def _vtimezone(name: str, first_year: int, last_year: int) -> Timezone:
    """The VTIMEZONE of ``name`` with its transitions over those years only: computed once
    per process (icalendar's default span, 1970-2038, costs ~80 ms a zone at every request)."""
    return Timezone.from_tzinfo(ZoneInfo(name), name, date(first_year, 1, 1),
                                date(last_year + 1, 1, 1))


def _location(event: Event) -> str:
    return ", ".join(part for part in (event.address, event.commune) if part)


def _fill(component: VEvent, event: Event, *, stamp: datetime, show_link: bool) -> None:
    zone = event.zone
    component.add("summary", event.title)
    component.add("dtstart", event.starts_at.astimezone(zone))
    component.add("dtend", event.ends_at.astimezone(zone))
    component.add("dtstamp", stamp)
    component.add("last-modified", event.updated_at.astimezone(UTC))
    component.add("sequence", event.sequence)
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    description = event.summary
    url = absolute_url(event.get_absolute_url())
    if show_link and event.online_url:
        description += f"\n\n{event.online_url}"
    component.add("description", f"{description}\n\n{url}")
    component.add("url", url)
    location = _location(event)
    if location:
        component.add("location", location)
    elif show_link and event.online_url:
        component.add("location", event.online_url)


def build_calendar(events: list[Event], *, name: str, show_link=lambda event: False) -> bytes:
    """The calendar of ``events``; ``show_link(event)`` says whether the online link goes in
    (registrants and organisers only, events/permissions.py)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    if events:
        first = min(event.original_start or event.starts_at for event in events).year - 1
        last = max(event.ends_at for event in events).year + 1
        for name in sorted({event.time_zone for event in events}):
            calendar.add_component(_vtimezone(name, first, last))
    series: dict[int, list[Event]] = defaultdict(list)
    for event in events:
        if event.series_id and event.original_start:
            series[event.series_id].append(event)
            continue
        component = VEvent()
        component.add("uid", event.uid)
        _fill(component, event, stamp=stamp, show_link=show_link(event))
        calendar.add_component(component)
    for occurrences in series.values():
        occurrences.sort(key=lambda event: event.original_start)
        first = occurrences[0]
        zone = first.zone
        master = VEvent()
        master.add("uid", first.series.uid)
        master.add("summary", first.series.title)
        master.add("dtstart", first.original_start.astimezone(zone))
        master.add("dtend", first.original_start.astimezone(zone)
                   + (first.ends_at - first.starts_at))
        master.add("dtstamp", stamp)
        if len(occurrences) > 1:
            master.add("rdate", [event.original_start.astimezone(zone)
                                 for event in occurrences[1:]])
        calendar.add_component(master)
        for event in occurrences:
            component = VEvent()
            component.add("uid", event.series.uid)
            component.add("recurrence-id", event.original_start.astimezone(zone))
            _fill(component, event, stamp=stamp, show_link=show_link(event))
            calendar.add_component(component)
    return calendar.to_ical()
