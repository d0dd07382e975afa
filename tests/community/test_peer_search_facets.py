"""Peer search on the *Membres* page: facets, their counts and the active filters.
Runs against the embedded engine (tmp dir)."""

import re

import pytest

from search.indexing import rebuild
from tests.community.peer_search import URL, found, ids
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


# --- facets -----------------------------------------------------------------------------------


def facet(response, name: str) -> dict[str, tuple[int | None, bool]]:
    groups = {group["name"]: group for group in response.context["facet_groups"]}
    if name not in groups:
        return {}
    return {o["value"]: (o["count"], o["checked"]) for o in groups[name]["options"]}


def test_facet_counts_are_shown(as_user, network):
    response = as_user(network["viewer"]).get(URL)
    assert facet(response, "region") == {
        "none": (1, False), "bretagne": (2, False), "occitanie": (1, False),
    }
    metiers = facet(response, "metier")
    assert metiers["dialogue-territorial"] == (2, False)
    assert metiers["accompagnement"] == (2, False)
    assert metiers["gestion-d-un-lieu"] == (1, False)
    assert "experimentations-collectives" not in metiers  # no member: not offered
    assert facet(response, "actor_kind") == {
        "collectivite": (1, False), "association": (2, False), "entreprise": (1, False),
    }
    assert facet(response, "perimeter") == {"local": (3, False), "national": (1, False)}
    assert facet(response, "skill")["Facilitation"] == (2, False)
    body = response.content.decode()
    assert re.search(
        r'<input type="checkbox" name="region" value="bretagne" id="facet-region-bretagne">'
        r'<label for="facet-region-bretagne">Bretagne <span class="facet__count">\(2\)</span>',
        body,
    )
    assert "<legend>" in body


def test_facet_counts_follow_the_query(as_user, network):
    response = as_user(network["viewer"]).get(URL, {"q": "tiers-lieux"})
    assert facet(response, "region") == {"occitanie": (1, False), "bretagne": (1, False)}


def test_a_facet_in_use_keeps_counting_its_other_values(as_user, network):
    """Values of one facet combine with OR: Occitanie still says what it would add."""
    response = as_user(network["viewer"]).get(URL, {"region": "bretagne"})
    assert found(response) == ids(network["viewer"], network["gwen"])
    regions = facet(response, "region")
    assert regions["bretagne"] == (2, True)
    assert regions["occitanie"] == (1, False)
    # Other facets count within Bretagne only.
    assert facet(response, "perimeter") == {"local": (2, False)}
    both = as_user(network["viewer"]).get(URL, {"region": ["bretagne", "occitanie"]})
    assert found(both) == ids(network["viewer"], network["gwen"], network["olivier"])


def test_top_skills_only(as_user, member):
    for index in range(20):
        MemberFactory(onboarded__skills=[f"Savoir {index:02d}"] + (["Commun"] if index else []))
    rebuild("members")
    client = as_user(member)
    skills = facet(client.get(URL), "skill")
    assert len(skills) == 15
    assert skills["Commun"] == (19, False)
    # Then by name among equals: ``member``'s Facilitation, Savoir 00 to 12.
    assert skills["Facilitation"] == (1, False)
    assert "Savoir 12" in skills and "Savoir 13" not in skills and "Tiers-lieux" not in skills
    # A skill outside the top 15 that is in use stays shown, checked.
    chosen = client.get(URL, {"skill": "Savoir 19"})
    assert facet(chosen, "skill")["Savoir 19"] == (1, True)
    assert len(found(chosen)) == 1


def test_facets_combine(as_user, network):
    client = as_user(network["viewer"])
    response = client.get(URL, {"region": "bretagne", "metier": "dialogue-territorial"})
    assert found(response) == ids(network["gwen"])
    response = client.get(URL, {"metier": "dialogue-territorial", "actor_kind": "entreprise"})
    assert found(response) == ids(network["nadia"])
    response = client.get(URL, {"perimeter": "local", "skill": "Facilitation",
                                "domain": "emploi"})
    assert found(response) == set()
    response = client.get(URL, {"q": "facilitation", "region": "bretagne",
                                "actor_kind": "collectivite"})
    assert found(response) == ids(network["gwen"])
    response = client.get(URL, {"region": "none", "metier": "dialogue-territorial"})
    assert found(response) == ids(network["nadia"])


def test_active_filters_are_removable_chips(as_user, network):
    response = as_user(network["viewer"]).get(
        URL, {"q": "facilitation", "region": "bretagne", "metier": "accompagnement"}
    )
    chips = {chip["query"] for chip in response.context["chips"]}
    assert chips == {
        "metier=accompagnement&region=bretagne",
        "q=facilitation&metier=accompagnement",
        "q=facilitation&region=bretagne",
    }
    body = response.content.decode()
    assert 'class="chip" href="?q=facilitation&amp;region=bretagne"' in body
    assert f'class="clear-all" href="{URL}"' in body
    assert 'id="facet-region-bretagne" checked' in body
    assert as_user(network["viewer"]).get(URL).context["chips"] == []
