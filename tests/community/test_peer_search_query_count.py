"""Peer search on the *Membres* page: the query count does not grow with the members.
Runs against the embedded engine (tmp dir)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.indexing import rebuild
from tests.community.peer_search import URL, set_profile
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


# Session, user, the viewer's profile (the onboarding gate), the chat unread total and the
# unread notifications count in the header; the search itself is no query.
MAX_QUERIES = 5


# --- query count ------------------------------------------------------------------------------


def make_members(count: int) -> None:
    regions = ["bretagne", "occitanie", "grand-est", "", "la-reunion"]
    metier_sets = [["accompagnement"], ["dialogue-territorial", "gestion-d-un-lieu"]]
    for index in range(count):
        user = MemberFactory(
            onboarded__region=regions[index % len(regions)] or "bretagne",
            onboarded__metiers=metier_sets[index % len(metier_sets)],
            onboarded__skills=[f"Compétence {index % 7}", "Tiers-lieux", f"Savoir {index}"],
        )
        if index % 3 == 0:
            set_profile(user, show_email=True, photo=f"avatars/{index}.webp")
    rebuild("members")


def page_queries(client, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("params", [
    {},
    {"q": "tiers-lieux"},
    {"q": "savoir", "region": ["bretagne", "occitanie"], "metier": "accompagnement",
     "skill": "Tiers-lieux", "page": "2"},
])
def test_query_count_is_constant(as_user, member, django_assert_max_num_queries, params):
    client = as_user(member)
    make_members(9)  # with ``member``: 10
    client.get(URL)  # warm up: the session's first request records it
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(URL, params)
    small = page_queries(client, params)
    make_members(50)  # 60
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(URL, params)
    if not params:
        assert response.context["page"].paginator.count == 60
        assert len(response.context["cards"]) == 24
    large = page_queries(client, params)
    assert small == large == MAX_QUERIES
