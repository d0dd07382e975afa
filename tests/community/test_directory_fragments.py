"""The directory's filters, map and cards kept rendered (community/directory_fragments.py).

The same search shows the same HTML without rendering it again; a profile that changes what a
card or a count shows is rendered again at once; the map's "current region" follows the search.
"""

import re

import pytest
from django.core.cache import cache

from community import directory_fragments
from community.services.profiles import profile_update
from search.indexing import rebuild
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
FACILITATION = re.compile(r'Facilitation <span class="facet__count">\((\d+)\)')


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def renders(monkeypatch):
    rendered: list[str] = []
    original = directory_fragments._render

    def counting(name, values):
        rendered.append(name)
        return original(name, values)

    monkeypatch.setattr(directory_fragments, "_render", counting)
    return rendered


@pytest.fixture
def people(db):
    members = [MemberFactory(first_name=f"Personne{index}", onboarded__region="bretagne",
                             onboarded__skills=["Facilitation"]) for index in range(3)]
    rebuild("members")
    return members


def test_the_same_search_is_not_rendered_twice(as_user, member, other_member, people, renders):
    first = as_user(member).get("/membres/?q=facilitation").content.decode()
    assert renders.count(directory_fragments.FACETS_TEMPLATE) == 1
    cards = first.count('<article class="member-card search-result"')
    assert cards >= 3 and renders.count(directory_fragments.CARD_TEMPLATE) == cards
    renders.clear()
    second = as_user(other_member).get("/membres/?q=facilitation").content.decode()
    assert renders == []
    assert first.split('<div id="results"')[1].split("</main>")[0] == \
        second.split('<div id="results"')[1].split("</main>")[0]


def test_a_profile_change_shows_at_once(as_user, member, people,
                                        django_capture_on_commit_callbacks):
    client = as_user(member)
    page = client.get("/membres/?region=bretagne").content.decode()
    assert "Permaculture" not in page
    before = int(FACILITATION.search(page).group(1))
    assert before >= 3
    with django_capture_on_commit_callbacks(execute=True):
        profile_update(actor=people[0], profile=people[0].profile,
                       changes={"skills": ["Permaculture"]})
    page = client.get("/membres/?region=bretagne").content.decode()
    assert "Permaculture" in page  # the card and the skills' filter
    assert int(FACILITATION.search(page).group(1)) == before - 1


def test_the_map_marks_the_region_of_the_search(as_user, member, people):
    client = as_user(member)
    chosen = client.get("/membres/?region=bretagne").content.decode()
    assert 'href="/membres/?region=bretagne" class="region-map__region' in chosen
    assert 'is-current" aria-current="true" aria-label="Bretagne' in chosen
    every = client.get("/membres/").content.decode()
    assert 'is-current" aria-current="true" aria-label="Bretagne' not in every
