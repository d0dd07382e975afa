"""The agenda in the global search (search/everywhere.py): the events index with its access
filter (events/search_indexes.py), then the events the reader may see now
(events/selectors.py ``visible_events``: the same rules as the event's page), in one query."""

from django.utils import formats
from django.utils.translation import gettext_lazy

from events import permissions, selectors
from events.search_indexes import EVENTS_INDEX
from search.backends.base import HIGHLIGHT_START, Hit
from search.everywhere import Section, SectionHit, SectionResults, register_section
from search.query import search_index


def _marked(hit: Hit, name: str) -> str:
    value = hit.highlighted.get(name)
    if not isinstance(value, str):
        value = hit.document.get(name)
    return value if isinstance(value, str) else ""


def search_events_section(user, query: str, *, limit: int, offset: int) -> SectionResults:
    found = search_index(EVENTS_INDEX, user=user, query=query, limit=limit, offset=offset)
    if not found.hits:  # no database query for a kind that found nothing
        return SectionResults(total=found.total)
    ids = [int(hit.id) for hit in found.hits if str(hit.id).isdigit()]
    events = {event.pk: event for event in selectors.visible_events(user).filter(pk__in=ids)}
    hits = []
    for hit in found.hits:
        event = events.get(int(hit.id)) if str(hit.id).isdigit() else None
        if event is None:
            continue
        description, summary = _marked(hit, "description"), _marked(hit, "summary")
        excerpt = (description if HIGHLIGHT_START in description
                   and HIGHLIGHT_START not in summary else summary)
        when = formats.date_format(event.local_start, "DATETIME_FORMAT")
        hits.append(SectionHit(
            title=_marked(hit, "title") or event.title, url=event.get_absolute_url(),
            excerpt=excerpt or event.summary,
            context=" · ".join(filter(None, [when, event.commune, str(event.get_kind_display())])),
        ))
    return SectionResults(total=found.total, hits=hits)


register_section(Section(key="evenements", label=gettext_lazy("Events"), order=70,
                         search=search_events_section, allowed=permissions.can_list_events))
