"""Peer search on the *Membres* page: who may search, and the index following suspensions and
profile edits. Runs against the embedded engine (tmp dir)."""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from community.services.membership import member_suspend
from search.indexing import rebuild
from tests.community.peer_search import URL, found, ids
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db


# --- access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}])
def test_applicants_and_anonymous_cannot_search(as_user, network, headers):
    applicant = ApplicantFactory()
    params = {"q": "mécénat", "region": "bretagne"}
    anonymous = as_user(None).get(URL, params, headers=headers)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    assert b"Le Goff" not in anonymous.content
    refused = as_user(applicant).get(URL, params, headers=headers)
    assert refused.status_code == 302
    assert refused["Location"] == reverse("community:application_status")


def _views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_the_members_index_is_reached_through_the_communitys_rules_only():
    """Only community code searches the members index (this page, "Qui peut m'aider ?" and the
    global search's members section): no other app's view reads it with rules of its own."""
    root = Path(__file__).resolve().parents[2]
    readers = {
        str(path.relative_to(root))
        for path in root.glob("*/**/*.py")
        if not path.is_relative_to(root / ".venv")
        and path.parts[len(root.parts)] not in {"tests", "bench", "node_modules", "var"}
        and re.search(r"""search_index\(\s*["']members["']""", path.read_text())
    }
    assert readers and all(reader.startswith("community/") for reader in readers), readers
    modules = {callback.__module__ for _route, callback in _views(get_resolver().url_patterns)}
    assert {module for module in modules if module.startswith("search")} == {"search.views"}


def test_a_suspended_member_vanishes_from_search(
    as_user, network, moderator, django_capture_on_commit_callbacks
):
    rebuild("members")  # the moderator too
    client = as_user(network["viewer"])
    assert network["gwen"].pk in found(client.get(URL, {"q": "mécénat"}))
    with django_capture_on_commit_callbacks(execute=True):
        member_suspend(actor=moderator, member=network["gwen"], reason="Démarchage répété.")
    assert network["gwen"].pk not in found(client.get(URL, {"q": "mécénat"}))
    assert network["gwen"].pk not in found(client.get(URL))
    assert "Le Goff" not in client.get(URL).content.decode()


def test_a_profile_edit_is_searchable_after_commit(
    as_user, network, django_capture_on_commit_callbacks
):
    client = as_user(network["olivier"])
    assert found(client.get(URL, {"q": "permaculture"})) == set()
    data = {
        "first_name": "Olivier", "last_name": "Occitan",
        "organisation": "La Fabrique Cévenole", "job_title": "Animateur",
        "actor_kind": "association", "perimeter": "local", "region": "occitanie",
        "departement": "30", "metiers": ["gestion-d-un-lieu"],
        "skills": "Tiers-lieux, Permaculture urbaine", "domains": ["environnement"],
        "can_help_with": "Ouvrir un jardin partagé.", "looking_for": "", "bio": "",
        "links": "", "phone": "", "contact_note": "", "public_directory_consent": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("community:profile_edit"), data)
    assert response.status_code == 302
    response = as_user(network["viewer"]).get(URL, {"q": "permaculture"})
    assert found(response) == ids(network["olivier"])
    assert as_user(network["viewer"]).get(
        URL, {"domain": "environnement"}
    ).context["cards"][0]["name"] == "Olivier Occitan"
