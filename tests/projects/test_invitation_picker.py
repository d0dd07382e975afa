"""The invitation picker of the Membres tab: a search (JSON for static/js/member_picker.js,
the page itself without JavaScript) among the members who may be invited, each shown with
their organisation and region so that two people of the same name can be told apart."""

import pytest
from django.urls import reverse

from community.models import UserStatus
from projects import services
from projects.models import ProjectMembership
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def candidates_url(project) -> str:
    return reverse("projects:invite_candidates", args=[project.pk])


def names(response) -> list[str]:
    return [person["name"] for person in response.json()["members"]]


@pytest.fixture
def two_martins(db):
    first = MemberFactory(first_name="Élise", last_name="Martin")
    first.profile.organisation, first.profile.region = "Mairie de Quimper", "bretagne"
    first.profile.save()
    second = MemberFactory(first_name="Elise", last_name="Martin")
    second.profile.organisation, second.profile.region = "PTCE Sud Aveyron", "occitanie"
    second.profile.save()
    return first, second


def test_two_members_of_the_same_name_are_told_apart(as_user, owner, project, two_martins):
    response = as_user(owner).get(candidates_url(project), {"q": "elise mar"})
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    found = {person["id"]: person for person in response.json()["members"]}
    first, second = two_martins
    assert found[first.pk] == {"id": first.pk, "name": "Élise Martin",
                               "organisation": "Mairie de Quimper", "region": "Bretagne"}
    assert found[second.pk]["organisation"] == "PTCE Sud Aveyron"
    assert found[second.pk]["region"] == "Occitanie"


def test_only_members_who_may_be_invited_are_proposed(as_user, owner, contributor, member,
                                                      project):
    asked = MemberFactory(first_name="Marc", last_name="Demandeur")
    services.membership_request(actor=asked, project=project)
    invited = MemberFactory(first_name="Marc", last_name="Invité")
    services.membership_invite(actor=owner, project=project, member=invited)
    MemberFactory(first_name="Marc", last_name="Suspendu", is_active=False)
    applicant = MemberFactory(first_name="Marc", last_name="Candidat")
    applicant.status = UserStatus.APPLICANT
    applicant.save()
    found = names(as_user(owner).get(candidates_url(project), {"q": "marc"}))
    assert found == ["Marc Membre"]  # the member fixture; none of the others
    assert names(as_user(owner).get(candidates_url(project), {"q": "cyril"})) == []
    assert names(as_user(owner).get(candidates_url(project), {"q": ""})) == []


def test_names_match_without_accents_nor_case_and_organisations_too(as_user, owner, project,
                                                                    two_martins):
    assert len(names(as_user(owner).get(candidates_url(project), {"q": "ÉLISE"}))) == 2
    found = names(as_user(owner).get(candidates_url(project), {"q": "aveyron"}))
    assert found == ["Elise Martin"]


@pytest.mark.parametrize("who, status", [("member", 403), ("contributor", 403),
                                         ("moderator", 403), ("owner", 200)])
def test_who_may_ask_for_candidates(as_user, request, project, who, status):
    response = as_user(request.getfixturevalue(who)).get(candidates_url(project), {"q": "a"})
    assert response.status_code == status


def test_a_private_project_s_candidates_are_404_outside(as_user, member, moderator,
                                                         private_project):
    for outsider in (member, moderator):
        response = as_user(outsider).get(candidates_url(private_project), {"q": "a"})
        assert response.status_code == 404
    assert as_user(None).get(candidates_url(private_project)).status_code in (302, 404)


def test_without_javascript_the_page_searches_and_invites(as_user, owner, project, two_martins):
    first, second = two_martins
    client = as_user(owner)
    members = reverse("projects:members", args=[project.pk])
    page = client.get(members).content.decode()
    assert 'name="recherche"' in page and 'name="member"' not in page
    assert 'id="invite-search"' in page and "member_picker.js" in page
    page = client.get(members, {"recherche": "elise martin"}).content.decode()
    assert f'<input type="radio" name="member" value="{first.pk}"' in page
    assert "<strong>Élise Martin</strong> — Mairie de Quimper, Bretagne" in page
    assert "<strong>Elise Martin</strong> — PTCE Sud Aveyron, Occitanie" in page
    nobody = client.get(members, {"recherche": "zzz"}).content.decode()
    assert "Aucun membre pouvant être invité ne correspond." in nobody
    # Inviting without choosing keeps the search and says what is missing.
    response = client.post(reverse("projects:invite", args=[project.pk]),
                           {"recherche": "elise martin", "role": "contributor"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ce champ est obligatoire." in html and f'value="{second.pk}"' in html
    response = client.post(reverse("projects:invite", args=[project.pk]),
                           {"recherche": "elise martin", "member": second.pk,
                            "role": "contributor"})
    assert response.status_code == 302
    assert ProjectMembership.objects.get(member=second).state == "invited"
    assert second.pk not in [p["id"] for p in client.get(
        candidates_url(project), {"q": "elise"}).json()["members"]]
