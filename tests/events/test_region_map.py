"""The agenda's map: each region's number of events of the list, drawn by the members map's
template and asset, a region's events one click (or one key) away, and a table beside it."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from community.map_asset import region_map_asset
from tests.conftest import client_for
from tests.events.conftest import make_event


def _agenda(user, query: str = "") -> str:
    response = client_for(user).get(f"{reverse('events:agenda')}{query}")
    assert response.status_code == 200
    return response.content.decode()


def _region_link(body: str, slug: str) -> re.Match:
    """The map's link of one region: its address and accessible name."""
    match = re.search(r'<a href="([^"]*region=' + slug + r')" class="region-map__region[^"]*"'
                      r'(?: aria-current="true")? aria-label="([^"]*)"', body)
    assert match, slug
    return match


@pytest.fixture
def regional_events(moderator):
    make_event(moderator, title="Journée bretonne", region="bretagne", commune="Rennes")
    make_event(moderator, title="Atelier à Brest", region="bretagne", commune="Brest",
               kind="atelier")
    make_event(moderator, title="Journée occitane", region="occitanie", commune="Albi")
    make_event(moderator, title="Webconf nationale")  # online, no region
    past = timezone.now() - timedelta(days=20)
    make_event(moderator, title="Journée passée en Bretagne", region="bretagne",
               starts_at=past, ends_at=past + timedelta(hours=3))


def test_the_map_counts_the_upcoming_events_of_each_region(regional_events, member):
    body = _agenda(member)
    assert 'id="region-map"' in body
    assert region_map_asset().url.replace("&", "&amp;") in body  # the members map's one asset
    bretagne = _region_link(body, "bretagne")
    assert unescape(bretagne.group(2)) == "Bretagne\xa0: 2 événements"
    assert unescape(_region_link(body, "occitanie").group(2)) == "Occitanie\xa0: 1 événement"
    assert unescape(_region_link(body, "corse").group(2)) == "Corse\xa0: 0 événement"
    # Beside the map, a table of the regions with their counts and the same links.
    table = body[body.index('class="table region-map__table"'):]
    assert re.search(r'region=bretagne">Bretagne</a></th><td class="region-map__number">2<',
                     table)
    assert "Carte des événements par région" in body
    assert "Carte des membres" not in body


def test_choosing_a_region_shows_its_events_and_keeps_the_other_filters(regional_events,
                                                                        member):
    body = _agenda(member, "?type=atelier&page=1")
    href = unescape(_region_link(body, "bretagne").group(1))
    assert href == f"{reverse('events:agenda')}?type=atelier&region=bretagne"
    # Counts follow the other filters: only the workshop is counted.
    assert unescape(_region_link(body, "bretagne").group(2)) == "Bretagne\xa0: 1 événement"
    chosen = _agenda(member, "?region=bretagne")
    assert "Journée bretonne" in chosen and "Atelier à Brest" in chosen
    assert "Journée occitane" not in chosen and "Webconf nationale" not in chosen
    # The chosen region is marked as such; the others still show their counts.
    assert 'is-current" aria-current="true" aria-label="Bretagne\xa0: 2 événements"' in chosen
    assert unescape(_region_link(chosen, "occitanie").group(2)) == "Occitanie\xa0: 1 événement"


def test_past_events_are_counted_on_the_past_list(regional_events, member):
    body = _agenda(member, "?quand=passes")
    assert unescape(_region_link(body, "bretagne").group(2)) == "Bretagne\xa0: 1 événement"
    assert "quand=passes&amp;region=bretagne" in body


def test_the_map_counts_only_what_the_reader_sees(project, owner, member):
    make_event(owner, project=project, audience="project", title="Réunion d'équipe",
               region="normandie")
    seen = _region_link(_agenda(owner), "normandie").group(2)
    assert unescape(seen) == "Normandie\xa0: 1 événement"
    unseen = _region_link(_agenda(member), "normandie").group(2)
    assert unescape(unseen) == "Normandie\xa0: 0 événement"


def _count(body: str) -> str:
    return re.search(r'<p role="status" class="event-count">([^<]+)</p>', body).group(1)


def test_the_list_count_comes_from_the_map_s_counts(regional_events, member):
    assert _count(_agenda(member)) == "4 événements"  # with the online one, without a region
    assert _count(_agenda(member, "?region=bretagne")) == "2 événements"
    assert _count(_agenda(member, "?region=corse")) == "0 événement"
    assert _count(_agenda(member, "?quand=passes")) == "1 événement"


def test_pages_of_the_agenda_with_the_count_known(moderator, member):
    from events.views.pages import PAGE_SIZE

    for number in range(PAGE_SIZE + 1):
        make_event(moderator, title=f"Réunion {number:02d}", region="bretagne")
    first, second = _agenda(member), _agenda(member, "?page=2")
    assert _count(first) == f"{PAGE_SIZE + 1} événements"
    assert first.count('class="event-card"') == PAGE_SIZE and 'rel="next"' in first
    assert second.count('class="event-card"') == 1 and 'rel="prev"' in second
