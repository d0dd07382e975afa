"""Peer search on the *Membres* page: the query, and bad input.
Runs against the embedded engine (tmp dir)."""

import re

import pytest
from django.urls import reverse

from community.forms.profiles import DirectoryFilterForm
from search.indexing import rebuild
from tests.community.peer_search import URL, E, S, found, ids, set_profile

pytestmark = pytest.mark.django_db


# --- the query --------------------------------------------------------------------------------


@pytest.mark.parametrize("query, who", [
    ("mécénat", "gwen"),            # a skill
    ("mecenat", "gwen"),            # without accents
    ("médiation numérique", "olivier"),
    ("Le Goff", "gwen"),            # a name
    ("gwenaelle", "gwen"),
    ("Fabrique Cévenole", "olivier"),  # an organisation
    ("morlaix", "gwen"),
])
def test_query_finds_by_skill_name_and_organisation(as_user, network, query, who):
    response = as_user(network["viewer"]).get(URL, {"q": query})
    assert network[who].pk in found(response)
    assert found(response) <= ids(*network.values())
    assert network["nadia"].pk not in found(response)


@pytest.mark.parametrize("query, who", [
    ("facilitaton", "gwen"),   # one letter missing
    ("mecennat", "gwen"),      # one letter too many
    ("occitam", "olivier"),    # one letter wrong
])
def test_typos_are_tolerated(as_user, network, query, who):
    response = as_user(network["viewer"]).get(URL, {"q": query})
    assert network[who].pk in found(response)


def test_a_query_sorts_by_relevance_and_no_query_by_name(as_user, network):
    client = as_user(network["viewer"])
    names = [card["name"] for card in client.get(URL).context["cards"]]
    assert names == ["Gwenaëlle Le Goff", "Marc Membre", "Nadia Nationale", "Olivier Occitan"]
    response = client.get(URL, {"q": "facilitation mécénat"})
    assert response.context["cards"][0]["name"] == "Gwenaëlle Le Goff"


def test_matching_skills_are_highlighted_and_shown_first(as_user, network):
    response = as_user(network["viewer"]).get(URL, {"q": "mécénat"})
    card = next(c for c in response.context["cards"] if c["id"] == network["gwen"].pk)
    assert S in card["skills"][0] and "Mécénat" in card["skills"][0]
    body = response.content.decode()
    assert re.search(r'class="tag tag--match"><mark>Mécénat</mark>', body)
    assert S not in body and E not in body  # every mark became <mark> or went away


def test_results_of_one_page_need_no_query_per_member(as_user, network, settings):
    """Cards come from the index documents: the photo link carries the photo's version."""
    set_profile(network["olivier"], photo="avatars/olivier.webp")
    rebuild("members")
    body = as_user(network["viewer"]).get(URL).content.decode()
    photo = reverse("community:member_photo", args=[network["olivier"].pk])
    assert re.search(rf'<img class="avatar avatar--56" src="{photo}\?v=\d+"', body)
    assert ">GL</span>" in body  # initials when there is no photo


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize("params", [
    {"region": "atlantis"},
    {"metier": "x", "region": "bretagne"},
    {"actor_kind": "<script>alert(1)</script>"},
    {"perimeter": '" OR region = x'},
    {"domain": "emploi\x00"},
    {"skill": ["a", "b", "c", "d", "e", "f"]},  # five at most
    {"skill": "x" * 61},
])
def test_unknown_facet_values_are_dropped_with_a_message(as_user, network, params):
    response = as_user(network["viewer"]).get(URL, params)
    assert response.status_code == 200
    assert response.context["form"].ignored_filters
    body = response.content.decode()
    assert 'data-notice="ignored-filters"' in body
    assert "<script>alert" not in body


def test_known_values_stay_when_others_are_dropped(as_user, network):
    response = as_user(network["viewer"]).get(URL, {"region": ["atlantis", "occitanie"]})
    assert found(response) == ids(network["olivier"])
    assert response.context["form"].ignored_filters


@pytest.mark.parametrize("query", [
    '"',
    '"tiers',
    '"tiers-lieux"',
    '" OR region = "occitanie',
    '" OR region = x',
    "region = occitanie",
    "skills:Tiers-lieux OR 1=1",
    "tiers AND OR NOT ( ) [ ] { } * ? ~ ^ : \\ / - + !",
    "a" * 10_000,
    "tiers\x00\x01\x07\x1b[31mlieux",
    "tiers\u200b\u200c\u200d\ufefflieux",
    "\u200b\u2060\u00ad",
    f"{S}mécénat{E}",
    "<script>alert(1)</script>",
    "%00%27",
    "🙂 tiers",
    "   ",
])
def test_bad_queries_never_fail(as_user, network, query):
    """Nothing typed is read as filter syntax: the Bretagne filter always holds."""
    response = as_user(network["viewer"]).get(URL, {"q": query, "region": "bretagne"})
    assert response.status_code == 200
    assert found(response) <= ids(network["viewer"], network["gwen"])
    body = response.content.decode()
    assert "<script>alert" not in body
    assert S not in body and E not in body


def test_very_long_query_is_shortened_with_a_message(as_user, network):
    response = as_user(network["viewer"]).get(URL, {"q": "mécénat " + "a" * 10_000})
    assert response.status_code == 200
    assert len(response.context["form"].query) == 200
    assert 'data-notice="query-shortened"' in response.content.decode()
    assert 'maxlength="200"' in response.content.decode()


def test_invisible_characters_are_removed_from_the_query(as_user, network):
    response = as_user(network["viewer"]).get(URL, {"q": "méc\u200bé\u00adnat\x00"})
    assert response.context["form"].query == "mécénat"
    assert found(response) == ids(network["gwen"])
    response = as_user(network["viewer"]).get(URL, {"q": "Le\x00Goff\x07"})
    assert response.context["form"].query == "Le Goff"
    assert network["gwen"].pk in found(response)
    response = as_user(network["viewer"]).get(URL, {"skill": "Facili\u200btation"})
    assert found(response) == ids(network["viewer"], network["gwen"])
    response = as_user(network["viewer"]).get(URL, {"q": "\u200b\u200b"})
    assert response.context["form"].query == ""
    assert len(found(response)) == 4


def test_form_filters_shape():
    form = DirectoryFilterForm({
        "q": " tiers ", "metier": ["accompagnement", "nope"], "region": ["none", "bretagne"],
        "actor_kind": "association", "perimeter": "local", "domain": "emploi",
        "skill": ["Tiers-lieux", "tiers-lieux", " Facilitation "],
    })
    assert form.is_valid()
    assert form.ignored_filters
    assert form.query == "tiers"
    assert form.filters() == {
        "metiers": ["accompagnement"], "region": ["none", "bretagne"],
        "actor_kind": ["association"], "perimeter": ["local"], "domains": ["emploi"],
        "skills": ["Tiers-lieux", "Facilitation"],
    }
    assert DirectoryFilterForm({}).filters() == {}
