"""The events index: what search knows about each event of the agenda.

One document per published event (cancelled ones too, marked: a member looking for last
month's webconference finds that it was cancelled). Pending, rejected and hidden events are
not in the index at all.

Access (search/access.py): an event for the whole network carries ``members``. An event for
the members of a private project carries that project's key, which only its members hold
(moderators do not: DESIGN.md §7). An event for the members of a project open to the network
is left out of the index: no key is held by exactly that project's members, and search must
never show more than the event page (events/permissions.py) would; they find it on the
project's page and in the agenda.

Sync: events/services/notices.py schedules the event on every write that changes what is
indexed (published, edited, cancelled, a moderation decision).
"""

from django.utils import translation

from community.search_indexes import SYNONYM_GROUPS, mutual_synonyms
from events.models import Event
from moderation.models import ModerationStatus
from search.access import AUDIENCE, MEMBERS, audience_filter, audience_key
from search.backends.base import IndexSettings
from search.documents import plain_text
from search.registry import IndexDefinition, register
from search.stop_words import FRENCH_STOP_WORDS

EVENTS_INDEX = "events"

EVENT_INDEX_SETTINGS = IndexSettings(
    searchable=["title", "summary", "description", "place", "tags", "kind_label"],
    filterable=[AUDIENCE, "kind", "region", "domains", "metiers"],
    sortable=["starts_at", "id"],
    highlighted=["title", "summary", "description"],
    synonyms=mutual_synonyms(SYNONYM_GROUPS),
    stop_words=FRENCH_STOP_WORDS,
)


def event_audience(event: Event) -> list[str]:
    if not event.is_published:
        return []
    if event.audience != Event.Audience.PROJECT:
        return [MEMBERS]
    if event.project.is_private:
        return [audience_key("project", event.project_id)]
    return []


def indexable_events():
    return (Event.objects.filter(moderation_status=ModerationStatus.PUBLISHED)
            .exclude(audience=Event.Audience.PROJECT, project__visibility="members")
            .select_related("project").prefetch_related("tags", "domains", "metiers"))


def event_document(event: Event) -> dict:
    with translation.override("fr"):
        kind_label = str(event.get_kind_display())
    return {
        "id": event.pk,
        "title": event.title,
        "summary": " ".join(event.summary.split()),
        "description": plain_text(event.description_html),
        "place": " ".join(filter(None, [event.address, event.commune])),
        "tags": [tag.name for tag in event.tags.all()],
        "kind": event.kind,
        "kind_label": kind_label,
        "region": event.region,
        "domains": [domain.pk for domain in event.domains.all()],
        "metiers": [metier.pk for metier in event.metiers.all()],
        "starts_at": int(event.starts_at.timestamp()),
        AUDIENCE: event_audience(event),
    }


register(
    IndexDefinition(
        name=EVENTS_INDEX,
        settings=EVENT_INDEX_SETTINGS,
        queryset=indexable_events,
        to_document=event_document,
        access_filter=audience_filter,
    )
)
