"""The global search with odd addresses (issue 12, "Bad input"), an engine that is down, and a
constant number of SQL queries whatever the data: never a 500, never a leak."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import everywhere
from search.backends import get_backend
from search.backends.base import SearchUnavailable
from search.indexing import rebuild
from tests.factories import CommentFactory, MemberFactory, PostFactory
from tests.search.global_data import WORD, build

pytestmark = pytest.mark.django_db

PAGE = "/recherche/"
SUGGESTIONS = "/recherche/suggestions/"
MINE = ("membres", "questions", "murs", "actualites", "projets", "documents")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def world(member, moderator, committed):
    return build(member=member, moderator=moderator, committed=committed)


HOSTILE_QUERIES = [
    '"quinoa', 'quinoa"', '"" quinoa ""', "audience = members OR 1=1", "audience:members",
    "type:murs quinoa", "quinoa AND (NOT x)", "*", "quinoa~2", "<script>alert(1)</script>",
    "quinoa\x00\x01\x1f", "\u200bquinoa\u200b", "\ue000quinoa\ue001", "quinoa " * 2000,
    "é" * 10_000, "%00", "' OR ''='", "\\", "quinoa\r\nSet-Cookie: x=y",
]


def test_hostile_queries_never_fail_and_never_leak(world, other_member, as_user):
    client = as_user(other_member)
    for query in HOSTILE_QUERIES:
        for url in (PAGE, SUGGESTIONS):
            response = client.get(url, {"q": query})
            assert response.status_code == 200, (url, query)
            html = response.content.decode()
            assert "<script>alert" not in html
            assert "confidentiel" not in html and "Convention quinoa" not in html
            assert "\ue000" not in html and "\x00" not in html


def test_a_very_long_query_is_shortened_and_said(world, other_member, as_user):
    html = as_user(other_member).get(PAGE, {"q": "quinoa " * 2000}).content.decode()
    assert 'data-notice="query-shortened"' in html


ODD_PARAMETERS = [
    {"type": "inconnu"}, {"type": "membres' OR 1=1"}, {"type": ["murs", "projets"]},
    {"page": "-1"}, {"page": "0"}, {"page": "abc"}, {"page": "9" * 40}, {"page": "1e9"},
    {"page": "²"}, {"page": "٣"}, {"type": "murs", "page": "999999"},
    {"type": "murs", "page": "99999999999999999999"}, {"q": ["quinoa", "semences"]},
]


def test_odd_parameters_are_ignored_never_an_error(world, other_member, as_user):
    client = as_user(other_member)
    for params in ODD_PARAMETERS:
        response = client.get(PAGE, {"q": WORD, **params})
        assert response.status_code == 200, params
        assert "confidentiel" not in response.content.decode()


def test_an_unknown_kind_is_said_and_every_kind_is_searched(world, other_member, as_user):
    html = as_user(other_member).get(PAGE, {"q": WORD, "type": "inconnu"}).content.decode()
    assert 'data-notice="ignored-filters"' in html
    assert 'data-group="membres"' in html and 'data-group="projets"' in html


def test_a_page_past_the_end_shows_the_last_page(world, other_member, as_user):
    html = as_user(other_member).get(PAGE, {"q": WORD, "type": "murs", "page": "999999"}
                                     ).content.decode()
    assert 'data-group="murs"' in html and "Qui a semé du" in html


def test_an_empty_query_searches_nothing(world, other_member, as_user):
    html = as_user(other_member).get(PAGE, {"q": "  \x00 "}).content.decode()
    assert 'data-empty="no-query"' in html and "data-group=" not in html
    suggestions = as_user(other_member).get(SUGGESTIONS, {"q": ""}).content.decode()
    assert 'role="option"' not in suggestions


def test_an_engine_outage_falls_back_to_the_database_with_the_same_rights(
        world, other_member, as_user, monkeypatch):
    def down(*args, **kwargs):
        raise SearchUnavailable("down")

    monkeypatch.setattr(type(get_backend()), "search", down)
    client = as_user(other_member)
    page = client.get(PAGE, {"q": WORD})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-notice="search-unavailable"' in html and "mots exacts" in html
    # The exact word, in the database, with the same rights: the readable post, question,
    # news item, project and document; never the private project's, nor hidden things.
    for readable in ("Qui a semé du quinoa", "semences de quinoa", "La filière quinoa",
                     "Coopérative de quinoa"):
        assert readable in html
    for hidden in ("confidentiel", "Convention quinoa", "Réunion quinoa", "Quinoa caché",
                   "Quinoa proposé", "Quinoa de demain", "Quinoa masqué"):
        assert hidden not in html
    counts = dict(re.findall(r'data-kind="(\w+)">[^<(]+\((\d+)\)', html))
    assert counts["murs"] == "1" and counts["projets"] == "1" and counts["questions"] == "1"
    # Members have no database search by words: their group says it cannot be searched.
    assert "ne peut pas être cherché" in html
    kind = client.get(PAGE, {"q": WORD, "type": "murs"})
    assert kind.status_code == 200 and "Qui a semé du quinoa" in kind.content.decode()
    member_page = client.get(PAGE, {"q": WORD, "type": "membres"})
    assert "ne peut pas être cherché" in member_page.content.decode()
    suggestions = client.get(SUGGESTIONS, {"q": WORD})
    assert suggestions.status_code == 200
    assert "ne peuvent pas être cherchés" in suggestions.content.decode()
    assert "confidentiel" not in suggestions.content.decode()


def test_the_private_projects_member_finds_its_post_without_the_engine(
        world, as_user, monkeypatch):
    def down(*args, **kwargs):
        raise SearchUnavailable("down")

    monkeypatch.setattr(type(get_backend()), "search", down)
    html = as_user(world.project_member).get(PAGE, {"q": WORD}).content.decode()
    assert "Réunion quinoa du projet" in html and "Quinoa confidentiel" in html


def _queries(client, url: str, params: dict) -> int:
    client.get(url, params)  # the session, warm
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries.captured_queries)


def test_a_constant_number_of_queries_whatever_the_data(world, member, other_member, as_user,
                                                        monkeypatch,
                                                        django_assert_max_num_queries):
    # This module's kinds (another app's kind counts its own queries in its own tests).
    monkeypatch.setattr(everywhere, "_sections",
                        {key: everywhere._sections[key] for key in MINE})
    client = as_user(other_member)
    cases = [(PAGE, {"q": WORD}), (SUGGESTIONS, {"q": WORD}),
             (PAGE, {"q": WORD, "type": "murs"}), (PAGE, {"q": WORD, "type": "membres"})]
    before = [_queries(client, url, params) for url, params in cases]
    for n in range(30):
        CommentFactory(post=PostFactory(author=MemberFactory(onboarded__skills=["Quinoa"]),
                                        body=f"Quinoa numéro {n}"), body="quinoa encore")
    for name in ("members", "posts"):
        rebuild(name)
    after = [_queries(client, url, params) for url, params in cases]
    assert after == before
    with django_assert_max_num_queries(16):
        client.get(PAGE, {"q": WORD})
