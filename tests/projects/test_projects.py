"""Creating, editing, archiving, reporting and hiding a project, end to end through the pages:
bad input re-rendered in French with nothing stored, sanitised text, the news feed, the
moderation queue and log."""

import pytest
from django.urls import reverse

from chat.models import Room
from moderation.links import decision_url
from moderation.models import AuditEntry, ModerationStatus, Report
from news.models import ActivityEvent
from notifications.models import Notification
from projects import services
from projects.models import Project
from tests.chat.inert import assert_inert
from walls.models import Wall

pytestmark = pytest.mark.django_db

VALID = {
    "title": "Épicerie solidaire de quartier", "summary": "Des produits frais à petit prix.",
    "description": "Avec la **mairie** et trois associations.", "status": "ongoing",
    "visibility": "members", "regions": ["bretagne", "normandie"], "domains": ["pauvrete"],
    "metiers": ["gestion-d-un-lieu"], "partnerships": ["mecenat", "innovation-societale"],
    "tags": "alimentation, ESS",
}


def feed_events(project):
    return ActivityEvent.objects.filter(kind=ActivityEvent.Kind.PROJECT_PUBLISHED,
                                        object_id=project.pk, hidden_at__isnull=True)


def test_a_member_opens_a_project(as_user, member):
    response = as_user(member).post(reverse("projects:create"), VALID)
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/projets/{project.pk}/"
    assert project.created_by == member and project.is_published
    assert project.region_slugs == ["bretagne", "normandie"]
    assert sorted(project.partnership_slugs) == ["innovation-societale", "mecenat"]
    assert {t.name for t in project.tags.all()} == {"alimentation", "ESS"}
    assert [d.pk for d in project.domains.all()] == ["pauvrete"]
    assert project.memberships.get().is_owner
    # Its own wall (never listed with the network's) and its own private room.
    assert project.wall.kind == Wall.Kind.PROJECT
    assert project.room.kind == Room.Kind.PRIVATE and project.room.created_by is None
    assert list(project.room.memberships.values_list("user", flat=True)) == [member.pk]
    assert project.description_html == (
        "<p>Avec la <strong>mairie</strong> et trois associations.</p>")
    # Published for the whole network: in the news feed.
    assert feed_events(project).count() == 1
    feed = as_user(member).get(reverse("news:feed")).content.decode()
    assert "Épicerie solidaire de quartier" in feed and project.get_absolute_url() in feed
    html = as_user(member).get(project.get_absolute_url()).content.decode()
    assert "Épicerie solidaire de quartier" in html and "Bretagne, Normandie" in html
    assert "Mécénat" in html and "Innovation sociétale" in html and "En cours" in html


def test_a_private_project_stays_out_of_the_feed(member):
    project = services.project_create(actor=member, title="Discret", summary="Chut.",
                                      visibility="private")
    assert not feed_events(project).exists()
    services.project_update(actor=member, project=project, title="Discret", summary="Chut.",
                            status="idea", visibility="members")
    assert feed_events(project).count() == 1
    services.project_update(actor=member, project=project, title="Discret", summary="Chut.",
                            status="idea", visibility="private")
    assert not feed_events(project).exists()


@pytest.mark.parametrize("change, message", [
    ({"title": "   "}, "Ce champ est obligatoire."),
    ({"summary": ""}, "Ce champ est obligatoire."),
    ({"title": "x" * 151}, "Assurez-vous que cette valeur comporte au plus 150 caractères"),
    ({"status": "enterré"}, "Sélectionnez un choix valide"),
    ({"visibility": "public"}, "Sélectionnez un choix valide"),
    ({"regions": ["atlantide"]}, "Sélectionnez un choix valide"),
    ({"tags": ", ".join(f"t{i}" for i in range(11))}, "10 étiquettes au plus"),
])
def test_bad_input_is_rerendered_in_french_and_nothing_is_stored(as_user, member, change,
                                                                  message):
    response = as_user(member).post(reverse("projects:create"), {**VALID, **change})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Veuillez corriger les erreurs ci-dessous." in html and message in html
    assert not Project.objects.exists() and not Wall.objects.filter(kind="project").exists()


def test_text_is_sanitised(as_user, member):
    hostile = {**VALID, "title": "<script>alert(1)</script>",
               "summary": "<img src=x onerror=alert(1)>",
               "description": "<script>alert(2)</script> [x](javascript:alert(3)) <b onclick=x>"}
    as_user(member).post(reverse("projects:create"), hostile)
    project = Project.objects.get()
    assert_inert(project.description_html)
    for url in (project.get_absolute_url(), reverse("projects:list"), reverse("community:home")):
        html = as_user(member).get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_owners_edit_others_may_not(as_user, owner, contributor, member, project):
    url = reverse("projects:edit", args=[project.pk])
    assert as_user(contributor).get(url).status_code == 403
    assert as_user(member).post(url, VALID).status_code == 403
    response = as_user(owner).post(url, {**VALID, "title": "Nouveau titre"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Nouveau titre" and project.wall.name == "Nouveau titre"
    assert project.room.name == "Nouveau titre"
    assert feed_events(project).get().text == "Nouveau titre"
    response = as_user(owner).post(url, {**VALID, "title": ""})
    assert response.status_code == 200 and "Ce champ est obligatoire." in response.content.decode()
    project.refresh_from_db()
    assert project.title == "Nouveau titre"


@pytest.mark.parametrize("role, status", [("owner", 302), ("moderator", 302),
                                          ("contributor", 403), ("member", 403)])
def test_who_archives(as_user, request, project, role, status):
    response = as_user(request.getfixturevalue(role)).post(
        reverse("projects:archive", args=[project.pk]))
    assert response.status_code == status
    project.refresh_from_db()
    assert project.is_archived is (status == 302)
    if status == 302:
        assert project.room.is_archived
        html = as_user(request.getfixturevalue("contributor")).get(
            reverse("projects:tasks", args=[project.pk])).content.decode()
        assert "Ce projet est archivé" in html and "Ajouter une tâche" not in html


def test_an_archived_project_can_be_reopened(as_user, owner, project):
    services.project_archive(actor=owner, project=project)
    assert as_user(owner).post(reverse("projects:unarchive", args=[project.pk])).status_code == 302
    project.refresh_from_db()
    assert not project.is_archived and not project.room.is_archived


def test_members_report_a_project_and_moderators_hide_it(as_user, member, owner, contributor,
                                                         moderator, project):
    url = reverse("projects:report", args=[project.pk])
    assert as_user(owner).get(url).status_code == 403  # not one's own project
    response = as_user(member).post(url, {"reason": ""})
    assert response.status_code == 200 and "Ce champ est obligatoire." in response.content.decode()
    assert not Report.objects.exists()
    assert as_user(member).post(url, {"reason": "Publicité déguisée"}).status_code == 302
    report = Report.objects.get()
    assert report.target == project and "Tiers-lieu nourricier" in report.excerpt
    # The one queue lists it; the moderator hides it through the shared decision page.
    queue = as_user(moderator).get(reverse("moderation:reports")).content.decode()
    assert "Tiers-lieu nourricier" in queue
    hide = decision_url(project, "hide")
    assert as_user(member).post(hide, {"reason": "x"}).status_code == 403
    response = as_user(moderator).post(hide, {"reason": "Publicité"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.moderation_status == ModerationStatus.HIDDEN
    assert AuditEntry.objects.filter(action=AuditEntry.Action.HIDDEN, object_id=project.pk)
    assert not feed_events(project).exists()
    told = Notification.objects.get(recipient=owner, kind="moderation_decision")
    assert told.url == project.get_absolute_url()
    assert as_user(owner).get(told.url).status_code == 200  # its owner still sees it
    assert project.room.is_archived  # read only while hidden
    assert as_user(contributor).get(project.get_absolute_url()).status_code == 404
    assert project.title not in as_user(member).get(reverse("projects:list")).content.decode()
    restore = decision_url(project, "restore")
    assert as_user(moderator).post(restore, {"reason": "Corrigé"}).status_code == 302
    project.refresh_from_db()
    assert project.is_published and feed_events(project).count() == 1
    assert not project.room.is_archived


def test_the_moderator_page_of_a_project_offers_hide(as_user, moderator, project):
    html = as_user(moderator).get(project.get_absolute_url()).content.decode()
    assert f'href="{decision_url(project, "hide", next_url=project.get_absolute_url())}"' in html
    assert "Masquer…" in html


def test_a_private_project_reported_by_its_member_gives_the_queue_no_link(
        as_user, contributor, moderator, private_project):
    services.project_report(actor=contributor, project=private_project, reason="Arnaque")
    queue = as_user(moderator).get(reverse("moderation:reports")).content.decode()
    assert "Projet confidentiel" in queue  # the snapshot
    assert f'href="/projets/{private_project.pk}/"' not in queue
    # The decision still applies, from the snapshot.
    response = as_user(moderator).post(decision_url(private_project, "hide"),
                                       {"reason": "Arnaque"})
    assert response.status_code == 302
    assert Project.objects.get(pk=private_project.pk).is_hidden
