"""Events in search: the events index holds what the event page would show, and the global
search has an "Événements" group with the same rules."""

import pytest
from django.urls import reverse

from events import services
from events.search_indexes import EVENTS_INDEX
from search.everywhere import search_everywhere
from search.query import search_index
from tests.conftest import client_for
from tests.events.conftest import event_fields
from tests.projects.conftest import make_project


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _found(user, query: str) -> set[int]:
    return {int(hit.id) for hit in search_index(EVENTS_INDEX, user=user, query=query).hits}


def test_published_events_are_found_proposals_are_not(committed, moderator, member,
                                                      other_member):
    with committed():
        published = services.event_create(actor=moderator, **event_fields(
            title="Rencontre permaculture urbaine"))
        proposal = services.event_create(actor=other_member, **event_fields(
            title="Atelier permaculture rurale"))
    assert _found(member, "permaculture") == {published.pk}
    assert proposal.pk not in _found(moderator, "permaculture")


def test_a_private_projects_event_only_for_its_members(committed, owner, contributor, member,
                                                       moderator):
    project = make_project(owner, contributors=[contributor], visibility="private")
    with committed():
        event = services.event_create(actor=owner, project=project, **event_fields(
            title="Comité de pilotage confidentiel"))
    assert _found(contributor, "confidentiel") == {event.pk}
    assert _found(member, "confidentiel") == set()
    assert _found(moderator, "confidentiel") == set()


def test_the_global_search_has_an_events_group(committed, moderator, member):
    with committed():
        event = services.event_create(actor=moderator, **event_fields(
            title="Journée régionale alimentation"))
    groups = {group.section.key: group for group in search_everywhere(member, "alimentation",
                                                                       per_section=5)}
    assert [hit.url for hit in groups["evenements"].results.hits] == [event.get_absolute_url()]
    page = client_for(member).get(reverse("search:everywhere"), {"q": "alimentation"})
    body = page.content.decode()
    assert event.get_absolute_url() in body and "Événements" in body
