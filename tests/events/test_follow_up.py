""""Donner une suite": from an event that has started, a project or a question to peers that
links back to it; not before, and not for whoever cannot see the event."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from projects.models import Project
from tests.conftest import client_for
from tests.events.conftest import make_event
from walls.models import Post


def _past(moderator):
    start = timezone.now() - timedelta(days=2)
    return make_event(moderator, starts_at=start, ends_at=start + timedelta(hours=2),
                      region="bretagne")


def test_a_project_and_a_question_that_link_back(moderator, member):
    event = _past(moderator)
    url = reverse("events:follow_up", args=[event.pk])
    client = client_for(member)
    assert url in client.get(event.get_absolute_url()).content.decode()
    response = client.post(url, {"action": "project", "project-title": "Cantine partagée",
                                 "project-summary": "Une cantine entre trois tiers-lieux."})
    project = Project.objects.get(title="Cantine partagée")
    assert response.status_code == 302 and event.get_absolute_url() in project.description
    assert project.region_slugs == ["bretagne"]
    response = client.post(url, {"action": "question",
                                 "question-body": "Qui a déjà monté une cantine partagée ?"})
    question = Post.objects.filter(author=member).latest("pk")
    assert response.status_code == 302 and event.get_absolute_url() in question.body


def test_not_before_the_event_nor_for_those_who_cannot_see_it(moderator, member, applicant,
                                                             project, owner):
    upcoming = make_event(moderator)
    assert client_for(member).get(reverse("events:follow_up", args=[upcoming.pk])
                                  ).status_code == 403
    start = timezone.now() - timedelta(days=1)
    private = make_event(owner, project=project, starts_at=start,
                         ends_at=start + timedelta(hours=1))
    assert client_for(member).get(reverse("events:follow_up", args=[private.pk])
                                  ).status_code == 404


def test_bad_input_is_shown_and_nothing_is_made(moderator, member):
    event = _past(moderator)
    response = client_for(member).post(reverse("events:follow_up", args=[event.pk]),
                                       {"action": "project", "project-title": "",
                                        "project-summary": ""})
    assert response.status_code == 200 and "form-errors" in response.content.decode()
    assert not Project.objects.exists()
