"""The community charter (issue 14, item 4): accepted at onboarding, versioned, and a new
version asks every member to accept it again at their next page, not before it is published."""

from html import unescape

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from legal.gate import CACHE_KEY
from legal.models import CharterAcceptance, CharterVersion
from legal.selectors import current_charter
from legal.services import charter_accept, charter_draft_save, charter_publish
from tests.community.profiles import ONBOARDING_URL
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

ONBOARDING = {
    "first_name": "Nina", "last_name": "Nouvelle", "organisation": "La Fabrique",
    "actor_kind": "association", "perimeter": "local", "region": "occitanie",
    "departement": "31", "metiers": ["accompagnement"], "skills": "Tiers-lieux",
    "can_help_with": "Ouvrir un tiers-lieu.",
}


def new_version(admin, text="Texte de la version suivante.", changes="") -> CharterVersion:
    return charter_draft_save(actor=admin, version=CharterVersion(body=text, changes=changes))


def test_the_migration_publishes_version_one():
    charter = current_charter()
    assert charter.number == 1 and charter.is_published
    assert "Bienveillance et respect" in charter.body


# --- onboarding -------------------------------------------------------------------------------


def test_onboarding_needs_the_box(as_user):
    newcomer = UserFactory()
    client = as_user(newcomer)
    page = unescape(client.get(ONBOARDING_URL).content.decode())
    assert 'name="charter"' in page and 'href="/charte/"' in page
    response = client.post(ONBOARDING_URL, ONBOARDING)
    assert response.status_code == 200
    assert "Cochez la case pour accepter la charte de la communauté." in unescape(
        response.content.decode())
    newcomer.profile.refresh_from_db()
    assert newcomer.profile.onboarded_at is None  # nothing saved, nothing lost
    assert response.context["form"]["organisation"].value() == "La Fabrique"
    assert not CharterAcceptance.objects.filter(user=newcomer).exists()

    response = client.post(ONBOARDING_URL, {**ONBOARDING, "charter": "on"})
    assert response.status_code == 302
    acceptance = CharterAcceptance.objects.get(user=newcomer)
    assert acceptance.version == current_charter() and acceptance.accepted_at is not None
    assert client.get("/").status_code == 200  # not asked again


def test_without_a_published_charter_onboarding_asks_nothing(as_user):
    CharterVersion.objects.all().delete()
    newcomer = UserFactory()
    client = as_user(newcomer)
    assert 'name="charter"' not in client.get(ONBOARDING_URL).content.decode()
    assert client.post(ONBOARDING_URL, ONBOARDING).status_code == 302
    assert client.get("/").status_code == 200


# --- a new version ----------------------------------------------------------------------------


def test_a_new_version_is_asked_at_the_next_page_and_not_before(as_user, admin_user, member):
    client = as_user(member)
    assert client.get("/mur/").status_code == 200

    draft = new_version(admin_user, changes="Un article sur les données des habitants.")
    assert draft.number == 2 and not draft.is_published
    assert client.get("/mur/").status_code == 200  # a draft asks nothing

    charter_publish(actor=admin_user, version=draft)
    response = client.get("/mur/?page=2")
    assert response.status_code == 302
    assert response["Location"] == "/charte/?next=%2Fmur%2F%3Fpage%3D2"

    # While asked: the charter, the other legal pages and logging out stay reachable.
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = unescape(page.content.decode())
    assert "la version 2 remplace la version 1" in html
    assert "Un article sur les données des habitants." in html
    assert "Texte de la version suivante." in html
    assert client.get("/confidentialite/").status_code == 200
    assert client.get("/projets/").status_code == 302

    refused = client.post("/charte/", {"next": "/mur/?page=2"})
    assert refused.status_code == 400
    assert "Cochez la case" in unescape(refused.content.decode())
    assert client.get("/projets/").status_code == 302

    accepted = client.post("/charte/", {"next": "/mur/?page=2", "accept": "on"})
    assert accepted.status_code == 302 and accepted["Location"] == "/mur/?page=2"
    assert CharterAcceptance.objects.filter(user=member, version=draft).exists()
    assert client.get("/projets/").status_code == 200
    shown = unescape(client.get("/charte/").content.decode())
    assert "Vous avez accepté la version 2 de la charte" in shown
    assert 'name="accept"' not in shown


def test_other_members_and_other_sessions_are_asked_too(as_user, admin_user, member,
                                                        other_member):
    first, second = as_user(member), as_user(member)
    neighbour = as_user(other_member)
    charter_publish(actor=admin_user, version=new_version(admin_user))
    assert neighbour.get("/").status_code == 302
    first.post("/charte/", {"accept": "on"})
    assert second.get("/").status_code == 200  # accepted in another session: known
    assert neighbour.get("/").status_code == 302


def test_members_who_joined_before_the_charter_are_asked(as_user):
    veteran = MemberFactory(onboarded__charter=False)
    response = as_user(veteran).get("/")
    assert response.status_code == 302 and response["Location"].startswith("/charte/")
    assert "Lisez la charte de la communauté et acceptez-la" in unescape(
        as_user(veteran).get("/charte/").content.decode())


def test_an_htmx_request_sends_the_whole_tab(as_user, admin_user, member):
    client = as_user(member)
    charter_publish(actor=admin_user, version=new_version(admin_user))
    response = client.get("/mur/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/charte/?next=")


def test_applicants_and_anonymous_visitors_are_not_asked(as_user, applicant, admin_user):
    charter_publish(actor=admin_user, version=new_version(admin_user))
    assert as_user(applicant).get("/candidature/").status_code == 200
    html = as_user(applicant).get("/charte/").content.decode()
    assert 'name="accept"' not in html
    assert as_user(None).post("/charte/", {"accept": "on"}).status_code == 302
    assert not CharterAcceptance.objects.filter(user=applicant).exists()


def test_next_never_leaves_the_site(as_user, admin_user, member):
    client = as_user(member)
    charter_publish(actor=admin_user, version=new_version(admin_user))
    response = client.post("/charte/", {"accept": "on", "next": "https://ailleurs.example/"})
    assert response["Location"] == "/"


# --- the cost on every page -------------------------------------------------------------------


def test_the_gate_costs_no_query_once_known(as_user, member):
    client = as_user(member)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not [q for q in queries.captured_queries if "legal_" in q["sql"]]


def test_a_stale_cached_number_is_corrected_by_the_database(as_user, member):
    client = as_user(member)
    cache.set(CACHE_KEY, 99)  # e.g. a version created then rolled back elsewhere
    assert client.get("/").status_code == 200
    assert cache.get(CACHE_KEY) == 1


# --- publishing -------------------------------------------------------------------------------


def test_publishing_rules(admin_user, member):
    with pytest.raises(ValidationError):
        charter_publish(actor=admin_user, version=current_charter())  # already published
    old_draft = new_version(admin_user)
    newer = new_version(admin_user)
    charter_publish(actor=admin_user, version=newer)
    with pytest.raises(ValidationError):
        charter_publish(actor=admin_user, version=old_draft)  # members never go back
    with pytest.raises(ValidationError):
        charter_draft_save(actor=admin_user, version=newer)  # frozen once published
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        new_version(member)
    draft = CharterVersion.objects.create(number=9, body="Brouillon.")
    with pytest.raises(ValidationError):
        charter_accept(actor=member, version=draft)


def test_the_admin_writes_and_publishes_a_version(as_user, admin_user, member):
    admin = as_user(admin_user)
    form = admin.get("/admin/legal/charterversion/add/")
    assert "Bienveillance et respect" in unescape(form.content.decode())  # starts from v1
    response = admin.post("/admin/legal/charterversion/add/", {
        "body": "## Nouvelle charte\n\nSoyez bienveillants.", "changes": "Plus courte.",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    version = CharterVersion.objects.get(number=2)
    assert as_user(member).get("/").status_code == 200  # a draft: nobody asked yet
    response = admin.post("/admin/legal/charterversion/", {
        "action": "publish", "_selected_action": [version.pk],
    })
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.is_published and version.published_by == admin_user
    assert as_user(member).get("/").status_code == 302
    # The admin is a member too: asked like everyone, even in the admin.
    assert admin.get("/admin/").status_code == 302
    admin.post("/charte/", {"accept": "on"})
    # Published: shown, no longer editable.
    assert admin.get(f"/admin/legal/charterversion/{version.pk}/change/").status_code == 200
    assert admin.post(f"/admin/legal/charterversion/{version.pk}/change/", {
        "body": "Autre.", "changes": ""}).status_code == 403
