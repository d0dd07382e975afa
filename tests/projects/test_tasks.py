"""The Tâches tab: tasks and milestones through the pages, who may change them, the
task_assigned notification, and bad input re-rendered in French with nothing stored."""

import datetime

import pytest
from django.urls import reverse

from notifications.models import Notification
from projects import services
from projects.models import Milestone, Task

pytestmark = pytest.mark.django_db


def url(name, project, *args):
    return reverse(f"projects:{name}", args=[project.pk, *args])


def task_data(data: dict) -> dict:
    """The task form's fields, as the page posts them (the form is prefixed "task")."""
    return {f"task-{key}": value for key, value in data.items()}


def milestone_data(data: dict) -> dict:
    return {f"milestone-{key}": value for key, value in data.items()}


def test_a_member_of_the_project_adds_and_assigns_a_task(as_user, owner, contributor, project):
    milestone = services.milestone_create(actor=owner, project=project, title="Lancement",
                                          due_on=datetime.date(2027, 1, 15))
    response = as_user(owner).post(url("tasks", project), task_data({
        "title": "Réserver la salle", "assignee": contributor.pk, "due_on": "2027-01-10",
        "status": "todo", "milestone": milestone.pk,
    }))
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.assignee, task.due_on, task.milestone) == (
        contributor, datetime.date(2027, 1, 10), milestone)
    told = Notification.objects.get(kind="task_assigned")
    assert told.recipient == contributor and told.url == f"{url('tasks', project)}#t-{task.pk}"
    assert "Réserver la salle" in told.text
    html = as_user(contributor).get(url("tasks", project)).content.decode()
    assert "Réserver la salle" in html and "Confiée à Cyril Contributeur" in html
    assert "0 tâches faites sur 1" in html
    for heading in ("À faire", "En cours", "Fait", "Jalons"):
        assert heading in html


def test_status_edit_and_delete(as_user, owner, contributor, project):
    task = services.task_create(actor=owner, project=project, title="Écrire le bilan")
    client = as_user(contributor)
    assert client.post(url("task_status", project, task.pk), {"status": "done"}).status_code == 302
    task.refresh_from_db()
    assert task.status == "done"
    response = client.post(url("task_edit", project, task.pk), task_data({
        "title": "Écrire le bilan final", "assignee": owner.pk, "due_on": "", "status": "doing"}))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.title == "Écrire le bilan final" and task.assignee == owner
    assert Notification.objects.filter(kind="task_assigned", recipient=owner).exists()
    assert client.post(url("task_delete", project, task.pk)).status_code == 302
    assert not Task.objects.exists()


@pytest.mark.parametrize("role, status", [("member", 403), ("moderator", 403),
                                          ("admin_user", 403), ("contributor", 302),
                                          ("owner", 302)])
def test_who_changes_tasks(as_user, request, owner, project, role, status):
    task = services.task_create(actor=owner, project=project, title="Existante")
    client = as_user(request.getfixturevalue(role))
    assert client.post(url("tasks", project), task_data({"title": "Nouvelle", "status": "todo"})
                       ).status_code == (302 if status == 302 else 403)
    assert client.post(url("task_status", project, task.pk), {"status": "done"}
                       ).status_code == status
    assert client.post(url("milestone_create", project),
                       milestone_data({"title": "J", "due_on": "2027-02-01"})).status_code == status
    expected = 1 if status == 403 else 2
    assert Task.objects.count() == expected


def test_tasks_of_a_private_project_are_404_outside(as_user, owner, member, moderator,
                                                    private_project):
    task = services.task_create(actor=owner, project=private_project, title="Secrète")
    for outsider in (member, moderator):
        client = as_user(outsider)
        assert client.get(url("tasks", private_project)).status_code == 404
        assert client.post(url("task_status", private_project, task.pk),
                           {"status": "done"}).status_code == 404
        assert client.post(url("task_delete", private_project, task.pk)).status_code == 404
    assert Task.objects.get().status == "todo"


def test_a_task_of_another_project_is_404(as_user, owner, project, private_project):
    other = services.task_create(actor=owner, project=private_project, title="Ailleurs")
    assert as_user(owner).post(url("task_delete", project, other.pk)).status_code == 404
    assert Task.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("data, message", [
    ({"title": ""}, "Ce champ est obligatoire."),
    ({"title": "   "}, "Ce champ est obligatoire."),
    ({"assignee": "outsider"}, "Une tâche est confiée à un membre du projet."),
    ({"assignee": "999999"}, "Une tâche est confiée à un membre du projet."),
    ({"due_on": "2026-02-31"}, "Saisissez une date valide."),
    ({"due_on": "demain"}, "Saisissez une date valide."),
    ({"due_on": "20026-01-01"}, "Saisissez une date valide."),
    ({"due_on": "1925-01-01"}, "Saisissez une date entre 2000 et 2100."),
    ({"status": "abandonnée"}, "Sélectionnez un choix valide"),
    ({"milestone": "other"}, "Choisissez un jalon de ce projet."),
])
def test_bad_task_input_is_rerendered_in_french(as_user, owner, member, project,
                                                private_project, data, message):
    foreign = services.milestone_create(actor=owner, project=private_project, title="Autre",
                                        due_on=datetime.date(2027, 3, 1))
    values = {"outsider": str(member.pk), "other": str(foreign.pk)}
    post = {"title": "Préparer le comité", "status": "todo"}
    post.update({key: values.get(value, value) for key, value in data.items()})
    response = as_user(owner).post(url("tasks", project), task_data(post))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Veuillez corriger les erreurs ci-dessous." in html and message in html
    assert not Task.objects.exists()
    assert not Notification.objects.filter(kind="task_assigned").exists()


def test_the_service_refuses_an_assignee_outside_the_project(owner, member, project):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.task_create(actor=owner, project=project, title="X", assignee=member)
    assert not Task.objects.exists()


@pytest.mark.parametrize("data, message", [
    ({"title": "", "due_on": "2027-01-01"}, "Ce champ est obligatoire."),
    ({"title": "Bilan", "due_on": ""}, "Ce champ est obligatoire."),
    ({"title": "Bilan", "due_on": "32/13/2027"}, "Saisissez une date valide."),
])
def test_bad_milestone_input(as_user, owner, project, data, message):
    response = as_user(owner).post(url("milestone_create", project), milestone_data(data))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Milestone.objects.exists()


def test_deleting_a_milestone_keeps_its_tasks(as_user, owner, project):
    milestone = services.milestone_create(actor=owner, project=project, title="Étape",
                                          due_on=datetime.date(2027, 1, 1))
    task = services.task_create(actor=owner, project=project, title="T", milestone=milestone)
    assert as_user(owner).post(url("milestone_delete", project, milestone.pk)).status_code == 302
    task.refresh_from_db()
    assert task.milestone is None


def test_task_titles_are_escaped(as_user, owner, project):
    services.task_create(actor=owner, project=project, title="<script>alert(1)</script>")
    html = as_user(owner).get(url("tasks", project)).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
