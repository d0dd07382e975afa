"""No page has two elements with the same id (WCAG 4.1.1; issue 10: the task and milestone
forms of a project both had ``id_title``, so a screen reader read the task field as "Tâche :
Jalon :" and the milestone's fields had no name).

Every page the browser journeys visit (tests/e2e/*.py) is rendered with the test client, as the
people who visit it, over a small but realistic network: a project with tasks and milestones
and documents, a wall with posts and comments, a chat room with messages, news, a member's
profile, the moderation pages as a moderator with reports waiting, and onboarding.
"""

import datetime
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from chat import services as chat
from community.services.membership import invitations_send
from documents import services as documents
from news import services as news
from projects import services as projects
from tests.documents.helpers import card, text_file
from tests.factories import UserFactory
from walls import services as walls
from walls.selectors import group_wall

pytestmark = pytest.mark.django_db


class IdCounter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids[value] += 1

    handle_startendtag = handle_starttag


def duplicate_ids(html: str) -> dict[str, int]:
    counter = IdCounter()
    counter.feed(html)
    counter.close()
    return {value: count for value, count in counter.ids.items() if count > 1}


@pytest.fixture
def network(member, other_member, moderator, applicant):
    """The pages' content, made through the services as members would."""
    wall = group_wall()
    post = walls.post_create(actor=member, wall=wall, body="Qui connaît un **tiers-lieu** ?")
    walls.comment_create(actor=other_member, post=post, body="Moi, à Figeac.")
    walls.comment_create(actor=member, post=post, body="Merci !")
    other_post = walls.post_create(actor=other_member, wall=wall, body="Atelier jeudi à Rennes.")
    question = walls.question_create(actor=member, wall=wall, body="Comment monter un PTCE ?",
                                     skills=["PTCE"])
    walls.comment_create(actor=other_member, post=question, body="Voyez le guide du réseau.")
    walls.post_report(actor=other_member, post=post, reason="Hors sujet.")

    room = chat.room_create(actor=moderator, name="Entraide", topic="Questions du quotidien")
    chat.room_join(actor=member, room=room)
    for number in range(3):
        chat.message_send(actor=moderator, room=room, body=f"Bonjour @{member.display_name} "
                          f"({number})")

    project = projects.project_create(actor=member, title="Épicerie solidaire",
                                      summary="Des produits frais à petit prix.",
                                      regions=["bretagne"])
    projects.membership_invite(actor=member, project=project, member=other_member)
    projects.invitation_accept(actor=other_member, project=project)
    milestone = projects.milestone_create(actor=member, project=project, title="Ouverture",
                                          due_on=datetime.date(2027, 3, 1))
    task = projects.task_create(actor=member, project=project, title="Appeler les producteurs",
                                assignee=other_member, milestone=milestone)
    projects.task_create(actor=other_member, project=project, title="Trouver un local")
    project_document = documents.project_document_add(
        actor=member, project=project, **card(title="Relevé des prix"), uploads=[text_file()],
        note="")

    library_document = documents.document_publish(
        actor=moderator, **card(title="Guide de l'alliance"), uploads=[text_file()],
        note="Première version")
    documents.document_propose(actor=member, **card(title="Kit d'autodiagnostic"),
                               uploads=[text_file()])
    item = news.news_publish(actor=moderator, title="Rencontre nationale",
                             summary="Le réseau se retrouve à Lyon.", body="Programme **bientôt**.")
    news.news_propose(actor=member, title="Un nouveau tiers-lieu", summary="À Quimperlé.")
    invitations_send(actor=moderator, emails=["nouvelle@exemple.fr"])
    return {"post": post, "other_post": other_post, "question": question, "room": room,
            "project": project, "task": task, "project_document": project_document,
            "library_document": library_document, "news": item}


def pages(data, member, other_member) -> dict[str, list[str]]:
    """The pages of the journeys, by who visits them."""
    project = data["project"]
    pk = project.pk
    return {
        "member": [
            reverse("community:home"), reverse("walls:group"), reverse("walls:questions"),
            reverse("walls:questions") + "?statut=resolues",
            reverse("walls:post_detail", args=[data["post"].pk]),
            reverse("walls:post_detail", args=[data["question"].pk]),
            reverse("walls:post_report", args=[data["other_post"].pk]),
            reverse("walls:search") + "?q=tiers-lieu",
            reverse("chat:index"), reverse("chat:room", args=[data["room"].pk]),
            reverse("chat:room", args=[project.room_id]),
            reverse("news:feed"), reverse("news:detail", args=[data["news"].pk]),
            reverse("news:propose"), reverse("news:mine"), reverse("news:search") + "?q=lyon",
            reverse("community:directory"), reverse("community:directory") + "?q=tiers",
            reverse("community:member_detail", args=[other_member.pk]),
            reverse("community:profile_edit"), reverse("community:who_can_help"),
            reverse("notifications:index"), reverse("notifications:preferences"),
            reverse("projects:list"), reverse("projects:create"),
            reverse("projects:detail", args=[pk]), reverse("projects:edit", args=[pk]),
            reverse("projects:discussion", args=[pk]), reverse("projects:chat", args=[pk]),
            reverse("projects:tasks", args=[pk]),
            reverse("projects:task_edit", args=[pk, data["task"].pk]),
            reverse("projects:members", args=[pk]),
            reverse("projects:members", args=[pk]) + "?recherche=odile",
            reverse("project_documents:list", args=[pk]),
            reverse("project_documents:add", args=[pk]),
            reverse("documents:overview"), reverse("documents:browse"),
            reverse("documents:browse") + "?porte=methodes",
            reverse("documents:search") + "?q=guide", reverse("documents:propose"),
            reverse("documents:mine"),
            reverse("documents:detail", args=[data["library_document"].pk]),
            reverse("documents:detail", args=[data["project_document"].pk]),
            reverse("documents:edit", args=[data["project_document"].pk]),
        ],
        "moderator": [
            reverse("moderation:reports"), reverse("moderation:journal"),
            reverse("community:applications"), reverse("community:invitations"),
            reverse("community:suspended_members"), reverse("news:feed"),
            reverse("documents:detail", args=[data["library_document"].pk]),
        ],
        "applicant": [reverse("community:application_status")],
        "newcomer": [reverse("community:onboarding")],
        "anonymous": ["/", "/comptes/login/", "/comptes/signup/"],
    }


def test_no_page_of_the_journeys_has_a_duplicate_id(as_user, member, other_member, moderator,
                                                    applicant, network):
    people = {"member": member, "moderator": moderator, "applicant": applicant,
              "newcomer": UserFactory(first_name="Nina", last_name="Nouvelle"),
              "anonymous": None}
    found, seen = {}, 0
    for who, paths in pages(network, member, other_member).items():
        client = as_user(people[who])
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (who, path, response.status_code)
            seen += 1
            duplicates = duplicate_ids(response.content.decode())
            if duplicates:
                found[f"{who} {path}"] = duplicates
    assert seen > 50
    assert found == {}


def test_a_page_with_the_task_and_milestone_forms_has_one_of_each_id(as_user, member):
    project = projects.project_create(actor=member, title="P", summary="S")
    html = as_user(member).get(reverse("projects:tasks", args=[project.pk])).content.decode()
    assert duplicate_ids(html) == {}
    assert 'id="id_task-title"' in html and 'id="id_milestone-title"' in html
    assert '<label for="id_milestone-due_on">' in html


def test_the_checker_sees_a_duplicate():
    assert duplicate_ids('<p id="a"></p><input id="a"><br id="b">') == {"a": 2}
