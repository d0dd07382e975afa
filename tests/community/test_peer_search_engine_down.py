"""Peer search on the *Membres* page when the search engine is down: the database answers."""

import pytest

import search.backends
from search.backends.base import SearchUnavailable
from tests.community.peer_search import URL, found, ids
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


# --- the engine is down -----------------------------------------------------------------------


@pytest.fixture
def engine_down(monkeypatch):
    backend_class = type(search.backends.get_backend())

    def unavailable(self, *args, **kwargs):
        raise SearchUnavailable("connection refused")

    monkeypatch.setattr(backend_class, "search", unavailable)


def test_engine_down_falls_back_to_the_database(as_user, network, engine_down):
    client = as_user(network["viewer"])
    response = client.get(URL, {"q": "mécénat", "metier": "dialogue-territorial"})
    assert response.status_code == 200
    assert response.context["search_unavailable"]
    assert 'data-notice="search-unavailable"' in response.content.decode()
    # The trade filter still applies; the text query cannot.
    assert found(response) == ids(network["gwen"], network["nadia"])
    assert found(client.get(URL, {"region": "none"})) == ids(network["nadia"])
    assert found(client.get(URL, {"region": ["none", "occitanie"]})) == ids(
        network["nadia"], network["olivier"]
    )
    assert found(client.get(URL, {"metier": ["gestion-d-un-lieu", "accompagnement"]})) == ids(
        network["viewer"], network["gwen"], network["olivier"]
    )
    everyone = client.get(URL)
    assert everyone.context["cards"][0]["name"] == "Gwenaëlle Le Goff"
    body = everyone.content.decode()
    assert "mailto:gwen@exemple.fr" in body and "olivier@exemple.fr" not in body
    groups = [group["name"] for group in everyone.context["facet_groups"]]
    assert groups == ["metier", "region"]


def test_engine_down_htmx_and_paging(as_user, member, engine_down, settings):
    settings.DIRECTORY_PAGE_SIZE = 2
    MemberFactory.create_batch(4)
    response = as_user(member).get(URL, {"page": "3"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert response.context["page"].number == 3
    assert len(response.context["cards"]) == 1
