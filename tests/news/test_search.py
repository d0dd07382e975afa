"""The news search (DESIGN.md §6): the news index holds exactly what every member sees (published
items whose time has come), follows every change of state through the outbox
(search/sync.py), and /actualites/recherche/ shows the matches, highlighted and escaped, to
members only, at a constant number of queries. On the embedded engine (tests/conftest.py),
as tests/walls/test_search.py does for posts: ``committed`` runs the on-commit callbacks (the
index flush), as a real request would."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.models import UserStatus
from moderation.services import decide
from news import services
from news.models import NewsItem
from news.search_indexes import NEWS_INDEX, indexable_news, news_document
from search.backends import get_backend
from search.backends.base import HIGHLIGHT_START, SearchUnavailable
from search.indexing import rebuild
from search.models import PendingUpdate
from search.query import search_index
from search.registry import all_indexes
from tests.factories import ApplicantFactory, MemberFactory

pytestmark = pytest.mark.django_db

URL = "/actualites/recherche/"
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/actualites/"}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def found(user, query: str) -> list[int]:
    return [int(hit.id) for hit in search_index(NEWS_INDEX, user=user, query=query).hits]


def publish(moderator, committed, title: str, **fields) -> NewsItem:
    with committed():
        return services.news_publish(actor=moderator, title=title,
                                     summary=fields.pop("summary", "Résumé."), **fields)


def approved(member, moderator, committed, title: str, **fields) -> NewsItem:
    with committed():
        item = services.news_propose(actor=member, title=title,
                                     summary=fields.pop("summary", "Résumé."), **fields)
        return decide(actor=moderator, item=item, decision="approve")


# --- What is in the index -----------------------------------------------------------------------


def test_the_news_index_is_registered_for_reindex_and_check():
    assert NEWS_INDEX in [definition.name for definition in all_indexes()]


def test_a_published_item_is_found_by_members_only(member, other_member, moderator, committed):
    item = publish(moderator, committed, "Rencontre des tiers-lieux à Rennes",
                   summary="Deux jours d'ateliers.", body="Avec la **métropole**.")
    for user in (member, other_member, moderator):
        assert found(user, "rennes") == [item.pk]
    assert found(member, "metropole") == [item.pk]  # the text, accents folded
    assert found(member, "Animatrice") == [item.pk]  # the author's name
    applicant = ApplicantFactory()
    suspended = MemberFactory(status=UserStatus.SUSPENDED)
    for outsider in (applicant, suspended, None):
        assert found(outsider, "rennes") == []


def test_a_pending_item_is_never_found_by_anyone(member, other_member, moderator, committed):
    with committed():
        services.news_propose(actor=member, title="Forum de l'ESS à Brest", summary="Notes.")
    for user in (member, other_member, moderator):
        assert found(user, "brest") == []
    # Nothing was even sent to the engine: a proposal is not indexable.
    assert not PendingUpdate.objects.filter(index=NEWS_INDEX).exists()


def test_approval_adds_it_rejection_never_does(member, other_member, moderator, committed):
    item = approved(member, moderator, committed, "Appel à projets innovation sociale")
    assert found(other_member, "innovation") == [item.pk]
    with committed():
        rejected = services.news_propose(actor=member, title="Formation innovation payante",
                                         summary="Promo.")
        decide(actor=moderator, item=rejected, decision="reject", reason="Publicité")
    assert found(moderator, "payante") == []


def test_edit_hide_restore_and_delete_follow(member, other_member, moderator, committed):
    item = publish(moderator, committed, "Webinaire sur les PTCE")
    with committed():
        services.news_edit(actor=moderator, item=item, title="Webinaire sur la mobilité",
                           summary="Résumé.")
    assert found(member, "ptce") == []
    assert found(member, "mobilité") == [item.pk]
    with committed():
        decide(actor=moderator, item=item, decision="hide", reason="Doublon")
    for user in (member, moderator):  # hidden: not in the index at all
        assert found(user, "mobilité") == []
    with committed():
        decide(actor=moderator, item=item, decision="restore")
    assert found(member, "mobilité") == [item.pk]
    with committed():
        NewsItem.objects.get(pk=item.pk).delete()
    assert found(member, "mobilité") == []
    assert not PendingUpdate.objects.exists()


def test_a_scheduled_item_enters_the_index_when_its_time_comes(member, moderator, committed):
    item = publish(moderator, committed, "Journée régionale des PTCE",
                   scheduled_for=timezone.now() + timedelta(hours=2))
    assert found(moderator, "régionale") == []
    assert found(member, "régionale") == []
    NewsItem.objects.filter(pk=item.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    with committed():
        assert services.news_announce_due() == 1
    assert found(member, "régionale") == [item.pk]


def test_the_document_is_what_members_read(moderator, committed):
    item = publish(moderator, committed, "Titre", summary="Un  résumé\nsur deux lignes",
                   body="Du **gras** et <script>alert(1)</script> [un lien](https://exemple.fr)")
    document = news_document(indexable_news().get(pk=item.pk))
    assert document["summary"] == "Un résumé sur deux lignes"
    # Plain text: no markup of its own; what the author typed as HTML is text (escaped when
    # shown, see the XSS test).
    assert "<strong>" not in document["body"] and "gras" in document["body"]
    assert "https://exemple.fr" not in document["body"] and "un lien" in document["body"]
    assert document["audience"] == ["members"]
    assert document["author"] == "Claire Animatrice"


def test_reindex_and_check_include_the_news_index(member, moderator, committed):
    publish(moderator, committed, "Une")
    publish(moderator, committed, "Deux")
    with committed():
        services.news_propose(actor=member, title="Trois", summary="En attente.")
    get_backend().reset(NEWS_INDEX)
    with pytest.raises(CommandError):
        call_command("search_check")
    call_command("search_reindex", NEWS_INDEX)
    assert get_backend().count(NEWS_INDEX) == 2
    assert rebuild(NEWS_INDEX) == 2


# --- The search page ----------------------------------------------------------------------------


@pytest.mark.parametrize("who, status", [
    ("anonymous", 302), ("applicant", 302), ("suspended", 302), ("member", 200),
    ("moderator", 200), ("admin", 200),
])
def test_who_may_search_the_news(as_user, applicant, member, moderator, admin_user, who, status):
    """Anonymous people go to the login page, applicants to their application, a suspended
    member is logged out (middleware)."""
    user = {"anonymous": None, "applicant": applicant, "member": member,
            "suspended": MemberFactory(status=UserStatus.SUSPENDED),
            "moderator": moderator, "admin": admin_user}[who]
    response = as_user(user).get(URL, {"q": "rennes"})
    assert response.status_code == status
    if who == "applicant":
        assert response["Location"] == "/candidature/"


def test_the_page_shows_matches_highlighted_and_links_from_the_feed(as_user, member, moderator,
                                                                     committed):
    item = publish(moderator, committed, "Rencontre des tiers-lieux à Rennes",
                   summary="Deux jours d'ateliers à Rennes.")
    html = as_user(member).get(URL, {"q": "rennes"}).content.decode()
    assert f'data-news-item="{item.pk}"' in html
    assert "<mark>Rennes</mark>" in html
    assert "1 actualité" in html
    assert HIGHLIGHT_START not in html
    feed = as_user(member).get("/actualites/").content.decode()
    assert 'action="/actualites/recherche/"' in feed
    empty = as_user(member).get(URL, {"q": "introuvable"}).content.decode()
    assert "Aucune actualité ne correspond" in empty


def test_htmx_gets_only_the_results(as_user, member, moderator, committed):
    publish(moderator, committed, "Rencontre à Rennes")
    response = as_user(member).get(URL, {"q": "rennes"}, **HTMX)
    html = response.content.decode()
    assert 'id="news-results"' in html and "<h1" not in html
    assert "HX-Request" in response["Vary"]


def test_an_item_hidden_while_the_index_lags_is_not_shown(as_user, member, moderator,
                                                          committed):
    item = publish(moderator, committed, "Annonce à Rennes")
    decide(actor=moderator, item=item, decision="hide", reason="Doublon")  # not flushed yet
    assert found(member, "rennes") == [item.pk]
    html = as_user(member).get(URL, {"q": "rennes"}).content.decode()
    assert f'data-news-item="{item.pk}"' not in html


def test_xss_in_news_and_queries_is_inert(as_user, member, moderator, committed):
    payload = '<script>alert(1)</script><img src=x onerror=alert(1)>'
    publish(moderator, committed, f"Rennes {payload}", summary=f"Rennes {payload}",
            body=f"Rennes {payload} [x](javascript:alert(1))")
    html = as_user(member).get(URL, {"q": f"rennes {payload}"}).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    html = as_user(member).get(URL, {"q": "rennes"}).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text
    assert 'href="javascript:' not in html


def test_the_engine_unavailable_falls_back_to_the_database(as_user, member, moderator,
                                                           committed, monkeypatch):
    item = publish(moderator, committed, "Rencontre à Rennes")
    with committed():
        services.news_propose(actor=member, title="Rennes en attente", summary="…")

    def down(*args, **kwargs):
        raise SearchUnavailable("down")

    monkeypatch.setattr(type(get_backend()), "search", down)
    html = as_user(member).get(URL, {"q": "rennes"}).content.decode()
    assert 'data-notice="search-unavailable"' in html
    assert f'data-news-item="{item.pk}"' in html
    assert "Rennes en attente" not in html


def test_bad_parameters_are_ignored(as_user, member):
    response = as_user(member).get(URL, {"q": "x" * 500, "tri": "n'importe", "page": "abc"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-notice="ignored-filters"' in html and 'data-notice="query-shortened"' in html


@pytest.mark.parametrize("size", [2, 25])
def test_the_page_costs_the_same_queries_whatever_it_shows(as_user, member, moderator,
                                                           committed, size,
                                                           django_assert_max_num_queries):
    for n in range(size):
        publish(moderator, committed, f"Rencontre numéro {n} à Rennes")
    client = as_user(member)
    client.get(URL, {"q": "rennes"})  # the session, warm
    with CaptureQueriesContext(connection) as queries:
        html = client.get(URL, {"q": "rennes"}).content.decode()
    assert html.count("data-news-item=") == min(size, 20)
    assert len(queries.captured_queries) <= 8


def test_an_erased_author_leaves_the_index_with_their_name(member, other_member, moderator,
                                                           committed):
    item = approved(member, moderator, committed, "Atelier compostage à Vannes")
    assert found(other_member, "Marc Membre") == [item.pk]
    with committed():
        member.delete()
    assert found(other_member, "Marc") == []
    assert found(other_member, "compostage") == [item.pk]
