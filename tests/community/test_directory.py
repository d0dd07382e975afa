"""The member directory (*Membres*): who is listed, filters, pagination, HTMX, query count.

The page is peer search over the members index (see test_peer_search_*.py for the search itself);
these tests keep the directory's guarantees: only approved onboarded members, filters that
combine, bad input that never fails, pagination, the HTMX fragment, a constant query count.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import UserStatus
from search.indexing import rebuild
from tests.factories import ApplicantFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("community:directory")

# Measured (SQLite, MFA not required): session, user, the viewer's profile (onboarding gate),
# the chat unread total and the unread notifications count in the header. The page itself reads
# the search index only: nothing per member, nothing per facet.
DIRECTORY_MAX_QUERIES = 5


def listed(response) -> set[int]:
    return {int(card["id"]) for card in response.context["cards"]}


def listed_ids_all_pages(client, query: str = "") -> set[int]:
    ids: set[int] = set()
    page = 1
    while True:
        response = client.get(f"{URL}?{query}&page={page}")
        assert response.status_code == 200
        ids |= listed(response)
        if not response.context["page"].has_next():
            return ids
        page += 1


@pytest.fixture
def population(db, member):
    """Members of every kind, and people who must never be listed."""
    national = MemberFactory(first_name="Nadia", last_name="Nationale",
                             onboarded__metiers=["dialogue-territorial"])
    national.profile.perimeter = "national"
    national.profile.region = ""
    national.profile.save()
    occitan = MemberFactory(first_name="Olivier", last_name="Occitan",
                            onboarded__region="occitanie",
                            onboarded__metiers=["gestion-d-un-lieu", "accompagnement"])
    breton = MemberFactory(first_name="Bleuenn", last_name="Bretonne",
                           onboarded__metiers=["experimentations-collectives"])
    applicant = ApplicantFactory(first_name="Aline", last_name="Candidate")
    suspended = MemberFactory(first_name="Serge", last_name="Suspendu",
                              status=UserStatus.SUSPENDED)
    inactive = MemberFactory(first_name="Ines", last_name="Inactive", is_active=False)
    not_onboarded = UserFactory(first_name="Nina", last_name="Pasencorefinie")
    rebuild("members")
    return {
        "viewer": member, "national": national, "occitan": occitan, "breton": breton,
        "applicant": applicant, "suspended": suspended, "inactive": inactive,
        "not_onboarded": not_onboarded,
    }


def test_directory_lists_only_approved_onboarded_active_members(as_user, population):
    response = as_user(population["viewer"]).get(URL)
    assert response.status_code == 200
    expected = {population[key].pk for key in ("viewer", "national", "occitan", "breton")}
    assert listed(response) == expected
    assert response.context["page"].paginator.count == 4
    body = response.content.decode()
    for hidden in ("applicant", "suspended", "inactive", "not_onboarded"):
        assert population[hidden].last_name not in body


def test_directory_is_in_name_order_without_a_query(as_user, population):
    response = as_user(population["viewer"]).get(URL)
    names = [card["name"] for card in response.context["cards"]]
    assert names == ["Bleuenn Bretonne", "Marc Membre", "Nadia Nationale", "Olivier Occitan"]


def test_filter_by_metier(as_user, population):
    client = as_user(population["viewer"])
    response = client.get(URL, {"metier": "gestion-d-un-lieu"})
    assert response.status_code == 200
    assert listed(response) == {population["occitan"].pk}
    response = client.get(URL, {"metier": "accompagnement"})
    assert listed(response) == {population["viewer"].pk, population["occitan"].pk}


def test_values_of_one_filter_combine_with_or(as_user, population):
    response = as_user(population["viewer"]).get(
        URL, {"metier": ["gestion-d-un-lieu", "experimentations-collectives"]}
    )
    assert listed(response) == {population["occitan"].pk, population["breton"].pk}


def test_filter_by_region(as_user, population):
    client = as_user(population["viewer"])
    response = client.get(URL, {"region": "occitanie"})
    assert listed(response) == {population["occitan"].pk}
    response = client.get(URL, {"region": "bretagne"})
    assert listed(response) == {population["viewer"].pk, population["breton"].pk}
    response = client.get(URL, {"region": "corse"})
    assert response.status_code == 200
    assert listed(response) == set()


def test_filter_national_networks(as_user, population):
    response = as_user(population["viewer"]).get(URL, {"region": "none"})
    assert response.status_code == 200
    assert listed(response) == {population["national"].pk}


def test_filters_combine(as_user, population):
    response = as_user(population["viewer"]).get(
        URL, {"region": "occitanie", "metier": "accompagnement"}
    )
    assert listed(response) == {population["occitan"].pk}
    response = as_user(population["viewer"]).get(
        URL, {"region": "bretagne", "metier": "gestion-d-un-lieu"}
    )
    assert listed(response) == set()


def test_member_with_two_matching_trades_is_listed_once(as_user, population):
    response = as_user(population["viewer"]).get(
        URL, {"metier": ["gestion-d-un-lieu", "accompagnement"]}
    )
    ids = [card["id"] for card in response.context["cards"]]
    assert len(ids) == len(set(ids)) == 2


@pytest.mark.parametrize("query, ignored", [
    ("region=atlantis&metier=x", True),
    ("region=atlantis", True),
    ("metier=%3Cscript%3E", True),
    ("region=&metier=", False),
    ("region=none&region=bretagne", False),
    ("foo=bar", False),
    ("actor_kind=martian&perimeter=galactic&domain=%22%20OR%201%3D1", True),
])
def test_unknown_filters_are_ignored(as_user, population, query, ignored):
    response = as_user(population["viewer"]).get(f"{URL}?{query}")
    assert response.status_code == 200
    assert response.context["form"].ignored_filters is ignored
    assert ('data-notice="ignored-filters"' in response.content.decode()) is ignored
    assert response.context["page"].paginator.count >= 1
    assert "<script>" not in response.content.decode()


def test_unknown_filters_show_all_members(as_user, population):
    response = as_user(population["viewer"]).get(f"{URL}?region=atlantis&metier=x")
    assert response.status_code == 200
    assert response.context["form"].ignored_filters
    assert response.context["page"].paginator.count == 4


def test_anonymous_and_applicant_cannot_see_directory(as_user, population):
    anonymous = as_user(None).get(URL)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    applicant = as_user(population["applicant"]).get(URL)
    assert applicant.status_code == 302
    assert applicant["Location"] == reverse("community:application_status")


# --- pagination -------------------------------------------------------------------------------


@pytest.fixture
def many_members(db, member, settings):
    settings.DIRECTORY_PAGE_SIZE = 5
    MemberFactory.create_batch(11)  # with ``member``: 12 members, 3 pages of 5
    rebuild("members")
    return member


def test_pagination(as_user, many_members):
    client = as_user(many_members)
    first = client.get(URL)
    assert first.status_code == 200
    assert first.context["page"].number == 1
    assert first.context["page"].paginator.num_pages == 3
    second = client.get(URL, {"page": "2"})
    assert second.status_code == 200
    assert second.context["page"].number == 2
    assert listed(first).isdisjoint(listed(second))
    assert 'rel="next"' in second.content.decode() and 'rel="prev"' in second.content.decode()
    third = client.get(URL, {"page": "3"})
    assert len(listed(third)) == 2
    assert len(listed_ids_all_pages(client)) == 12


@pytest.mark.parametrize("page, expected", [
    ("999", 3), ("abc", 1), ("-1", 3), ("0", 3), ("", 1), ("2.5", 1), ("1e9", 1),
    ("99999999999999999999999", 3), ("３", 3),
])
def test_bad_page_numbers_do_not_fail(as_user, many_members, page, expected):
    response = as_user(many_members).get(URL, {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == expected
    assert len(response.context["cards"]) == (2 if expected == 3 else 5)


def test_pagination_links_keep_filters(as_user, many_members):
    response = as_user(many_members).get(URL, {"region": "bretagne", "page": "1"})
    assert response.status_code == 200
    assert "region=bretagne&amp;page=2" in response.content.decode()


# --- HTMX -------------------------------------------------------------------------------------


def test_htmx_request_returns_only_the_results(as_user, population):
    client = as_user(population["viewer"])
    response = client.get(URL, {"region": "occitanie"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert "<form" not in body
    assert body.count('id="results"') == 1
    assert 'hx-swap-oob="innerHTML"' in body  # the live region's count
    assert "Occitan" in body
    assert "Bretonne" not in body
    assert "HX-Request" in response["Vary"]
    full = client.get(URL, {"region": "occitanie"})
    assert "<html" in full.content.decode()
    assert full.content.decode().count('id="results"') == 1


def test_htmx_history_restore_gets_the_whole_page(as_user, population):
    response = as_user(population["viewer"]).get(
        URL, {"region": "occitanie"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.content.decode()


# --- query count ------------------------------------------------------------------------------


def make_members(count: int) -> None:
    """Onboarded members with several trades and skills, as the page would show them."""
    metier_sets = [
        ["accompagnement"],
        ["dialogue-territorial", "gestion-d-un-lieu"],
        ["experimentations-collectives", "accompagnement", "dialogue-territorial"],
    ]
    regions = ["bretagne", "occitanie", "grand-est", "la-reunion"]
    for index in range(count):
        MemberFactory(
            onboarded__region=regions[index % len(regions)],
            onboarded__metiers=metier_sets[index % len(metier_sets)],
            onboarded__skills=[f"Compétence {index % 7}", "Tiers-lieux", f"Savoir {index}"],
        )
    rebuild("members")


def directory_queries(client, params: dict, **extra) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params, **extra)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("params", [{}, {"metier": "accompagnement"}, {"region": "bretagne"},
                                    {"page": "2"}, {"q": "tiers-lieux", "region": "bretagne"}])
def test_query_count_is_constant(as_user, member, django_assert_max_num_queries, params):
    client = as_user(member)
    make_members(9)  # with ``member``: 10
    client.get(URL)  # warm up: session and first-request caches
    with django_assert_max_num_queries(DIRECTORY_MAX_QUERIES):
        client.get(URL, params)
    small = directory_queries(client, params)

    make_members(190)  # 200 members
    with django_assert_max_num_queries(DIRECTORY_MAX_QUERIES):
        response = client.get(URL, params)
    assert response.status_code == 200
    if not params:
        assert len(response.context["cards"]) == 24
        assert response.context["page"].paginator.count == 200
    large = directory_queries(client, params)
    assert small == large == DIRECTORY_MAX_QUERIES


def test_htmx_query_count_is_constant(as_user, member, django_assert_max_num_queries):
    client = as_user(member)
    htmx = {"headers": {"HX-Request": "true"}}
    params = {"metier": "accompagnement"}
    make_members(9)
    client.get(URL)  # warm up: the first request of a session records it (one more query)
    small = directory_queries(client, params, **htmx)
    make_members(190)
    with django_assert_max_num_queries(DIRECTORY_MAX_QUERIES):
        response = client.get(URL, params, **htmx)
    assert "<html" not in response.content.decode()
    large = directory_queries(client, params, **htmx)
    assert small == large
