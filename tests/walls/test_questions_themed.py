"""Questions asked from a themed wall (/mur/<slug>/question/): the same form and the same "Qui
peut vous aider ?" step as on the network's wall; the question lives on the themed wall and in
the list of questions, which names its wall. Archived walls take no question, as no post."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.selectors import who_can_help
from search.indexing import rebuild
from tests.factories import MemberFactory, ThemedWallFactory
from walls import permissions, selectors, services
from walls.models import Post, Wall

pytestmark = pytest.mark.django_db

QUESTION = {"body": "Qui a déjà monté un tiers-lieu en zone rurale ?",
            "skills": "Tiers-lieux, Mécénat", "metier": "gestion-d-un-lieu",
            "region": "occitanie"}


@pytest.fixture
def themed(moderator):
    return services.wall_create(actor=moderator, name="Tiers-lieux & ruralité",
                                description="Les lieux partagés en zone rurale.")


@pytest.fixture
def archived(moderator):
    wall = services.wall_create(actor=moderator, name="Ancien mur")
    return services.wall_archive(actor=moderator, wall=wall)


def ask_url(wall: Wall) -> str:
    return reverse("walls:wall_question_create", args=[wall.slug])


def ids_on(html: str, prefix: str) -> list[int]:
    return [int(pk) for pk in re.findall(rf'id="{prefix}-(\d+)"', html)]


# --- Who may ask where ----------------------------------------------------------------------------


def test_visitors_and_applicants_are_sent_away(as_user, applicant, themed):
    response = as_user(None).get(ask_url(themed))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    response = as_user(applicant).post(ask_url(themed), QUESTION)
    assert response.status_code == 302
    assert response["Location"] == reverse("community:application_status")
    assert not Post.objects.exists()


@pytest.mark.parametrize("role", ["member", "moderator", "admin_user"])
def test_members_get_the_form_of_the_themed_wall(request, as_user, role, themed):
    person = request.getfixturevalue(role)
    response = as_user(person).get(ask_url(themed))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Poser une question sur Tiers-lieux &amp; ruralité</h1>" in html
    assert f'action="{ask_url(themed)}"' in html
    for field in ("body", "skills", "metier", "region"):
        assert f'name="{field}"' in html
    assert f'href="{themed.get_absolute_url()}"' in html  # back to the wall


def test_asking_on_a_themed_wall_leads_to_who_can_help(as_user, member, themed):
    response = as_user(member).post(ask_url(themed), QUESTION)
    question = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("walls:question_help", args=[question.pk])
    assert question.is_question and question.wall == themed and question.author == member
    assert question.metier_id == "gestion-d-un-lieu" and question.region == "occitanie"
    assert {tag.name for tag in question.skills.all()} == {"Tiers-lieux", "Mécénat"}


def test_an_unknown_wall_is_not_found(as_user, member):
    assert as_user(member).get(reverse("walls:wall_question_create",
                                       args=["nulle-part"])).status_code == 404


def test_an_archived_wall_refuses_questions(as_user, member, moderator, archived):
    for person in (member, moderator):
        client = as_user(person)
        assert client.get(ask_url(archived)).status_code == 403
        assert client.post(ask_url(archived), QUESTION).status_code == 403
    with pytest.raises(PermissionDenied):
        services.question_create(actor=member, wall=archived, body="Encore ouvert ?")
    assert not Post.objects.exists()
    # Its page offers no way to ask.
    html = as_user(member).get(archived.get_absolute_url()).content.decode()
    assert ask_url(archived) not in html


def test_only_the_network_and_themed_walls_take_questions(member, themed, archived):
    """A question is listed for every member: never on a wall of another kind (a project's)."""
    assert permissions.can_ask_on_wall(member, selectors.group_wall())
    assert permissions.can_ask_on_wall(member, themed)
    assert not permissions.can_ask_on_wall(member, archived)
    other = Wall(kind="project", name="Projet", slug="projet-x")
    assert not permissions.can_ask_on_wall(member, other)
    with pytest.raises(PermissionDenied):
        services.question_create(actor=member, wall=other, body="Question ?")


# --- Bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "message"), [
    ({"body": ""}, "Ce champ est obligatoire."),
    ({"body": "   \r\n  "}, "Le message est vide."),
    ({"region": "atlantide"}, "Sélectionnez un choix valide."),
    ({"metier": "astronaute"}, "Sélectionnez un choix valide."),
    ({"body": "x" * 10_001}, "Un message ne peut pas dépasser 10000 caractères."),
])
def test_bad_input_is_shown_again_in_french_and_nothing_is_stored(as_user, member, themed,
                                                                    data, message):
    response = as_user(member).post(ask_url(themed), {**QUESTION, **data})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="question-form"' in html and 'role="alert"' in html
    assert message in html.replace("\u202f", " ").replace("\xa0", " ")
    assert f'action="{ask_url(themed)}"' in html
    assert not Post.objects.exists()


def test_too_many_skills_are_refused(as_user, member, themed):
    skills = ", ".join(f"Compétence {index}" for index in range(30))
    response = as_user(member).post(ask_url(themed), {**QUESTION, "skills": skills})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not Post.objects.exists()
    with pytest.raises(ValidationError):
        services.question_create(actor=member, wall=themed, body="Q ?",
                                 skills=[f"C{index}" for index in range(30)])


# --- Where it shows ----------------------------------------------------------------------------


def test_the_themed_wall_offers_to_ask_there(as_user, member, themed):
    html = as_user(member).get(themed.get_absolute_url()).content.decode()
    composer = html.split('id="composer"', 1)[1].split("</form>", 1)[0]
    assert f'href="{ask_url(themed)}"' in composer
    html = as_user(member).get(reverse("walls:group")).content.decode()
    composer = html.split('id="composer"', 1)[1].split("</form>", 1)[0]
    assert f'href="{reverse("walls:question_create")}"' in composer


def test_the_question_is_on_its_wall_and_in_the_list_with_the_wall_name(as_user, member,
                                                                        other_member, themed):
    question = services.question_create(actor=other_member, wall=themed, body="Sur le mur ?",
                                        skills=["Tiers-lieux"], region="occitanie")
    elsewhere = services.question_create(actor=other_member, wall=selectors.group_wall(),
                                         body="Sur le mur du réseau ?")
    client = as_user(member)
    html = client.get(themed.get_absolute_url()).content.decode()
    assert ids_on(html, "p") == [question.pk]
    article = html.split(f'id="p-{question.pk}"', 1)[1].split("</article>", 1)[0]
    assert 'data-kind="question"' in article
    html = client.get(reverse("walls:questions")).content.decode()
    assert ids_on(html, "q") == [elsewhere.pk, question.pk]
    item = html.split(f'id="q-{question.pk}"', 1)[1].split("</article>", 1)[0]
    assert f'sur <a href="{themed.get_absolute_url()}">Tiers-lieux &amp; ruralité</a>' in item
    other = html.split(f'id="q-{elsewhere.pk}"', 1)[1].split("</article>", 1)[0]
    assert f'<a href="{reverse("walls:group")}">' in other
    filtered = client.get(reverse("walls:questions") + "?region=occitanie").content.decode()
    assert ids_on(filtered, "q") == [question.pk]


def test_the_wall_name_costs_no_query_per_question(as_user, member, other_member, moderator):
    client = as_user(member)
    url = reverse("walls:questions")
    walls = [services.wall_create(actor=moderator, name=f"Mur {index}") for index in range(6)]
    services.question_create(actor=other_member, wall=walls[0], body="Q0 ?")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index, wall in enumerate(walls):
        services.question_create(actor=other_member, wall=wall, body=f"Q{index + 1} ?",
                                 skills=[f"Compétence {index}"])
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert len(ids_on(html, "q")) == 7
    assert len(many) == len(few)


def test_a_wall_name_stays_inert_in_the_list(as_user, member, other_member, moderator):
    wall = ThemedWallFactory(name='<script>alert(1)</script>', slug="mur-piege")
    services.question_create(actor=other_member, wall=wall, body="Q ?")
    html = as_user(member).get(reverse("walls:questions")).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_who_can_help_follows_a_themed_question(as_user, themed):
    asker = MemberFactory(first_name="Marc", onboarded__region="bretagne",
                          onboarded__skills=["Open Badges"])
    helper = MemberFactory(first_name="Hélène", last_name="Aide",
                           onboarded__skills=["Tiers-lieux"])
    rebuild("members")
    response = as_user(asker).post(ask_url(themed), {**QUESTION, "metier": "", "region": ""})
    question = Post.objects.get()
    html = as_user(asker).get(response["Location"]).content.decode()
    shown = ids_on(html, "member")
    assert helper.pk in shown and asker.pk not in shown
    why = html.split(f'id="member-{helper.pk}-why"', 1)[1].split("</ul>", 1)[0]
    assert "Tiers-lieux" in why  # the reason is shown
    assert shown == [s.id for s in who_can_help(asker=asker, text=question.body,
                                                tags=["Tiers-lieux", "Mécénat"])]
    response = as_user(asker).post(response["Location"], {"members": [helper.pk]})
    assert response.status_code == 302 and response["Location"] == question.get_absolute_url()
    home = as_user(helper).get(reverse("community:home")).content.decode()
    block = home.split('id="questions-for-you"', 1)[1].split("</section>", 1)[0]
    assert ids_on(block, "q") == [question.pk]
    assert "Tiers-lieux &amp; ruralité" in block
