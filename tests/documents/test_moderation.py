"""Moderation of the library: a member's proposal goes to the one queue; a moderator publishes
or rejects it with a reason; its author is told. Members report published documents."""

import pytest
from django.urls import reverse

from documents.models import Document
from moderation.links import decision_url
from moderation.models import AuditEntry, ModerationStatus, Report
from news.models import ActivityEvent
from notifications.models import Notification
from tests.documents.helpers import make_project, project_document, proposed, published

pytestmark = pytest.mark.django_db


def test_propose_queue_publish_and_tell_the_author(as_user, member, other_member, moderator):
    document = proposed(member, title="Kit de diagnostic territorial")
    # Other members do not see it yet: not in the library, its page is a 404.
    assert as_user(other_member).get(document.get_absolute_url()).status_code == 404
    assert "Kit de diagnostic territorial" not in as_user(other_member).get(
        reverse("documents:overview")).content.decode()
    # It waits in the moderators' one queue, with its card.
    queue = as_user(moderator).get(reverse("moderation:reports")).content.decode()
    assert "Kit de diagnostic territorial" in queue
    assert decision_url(document, "approve") in queue.replace("&amp;", "&")
    # The moderator approves it.
    response = as_user(moderator).post(decision_url(document, "approve"), {})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.is_published and document.published_at is not None
    assert AuditEntry.objects.filter(action=AuditEntry.Action.APPROVED).count() == 1
    told = Notification.objects.get(recipient=member,
                                    kind=Notification.Kind.MODERATION_DECISION)
    assert "Kit de diagnostic territorial" in told.text
    assert told.url == document.get_absolute_url()
    # Published: in the library, the feed, and its page for every member.
    assert ActivityEvent.objects.filter(kind=ActivityEvent.Kind.DOCUMENT_PUBLISHED).exists()
    assert as_user(other_member).get(document.get_absolute_url()).status_code == 200
    overview = as_user(other_member).get(reverse("documents:overview")).content.decode()
    assert "Kit de diagnostic territorial" in overview


def test_reject_with_a_reason_the_author_reads(as_user, member, moderator):
    document = proposed(member)
    response = as_user(moderator).post(decision_url(document, "reject"), {"reason": ""})
    assert response.status_code == 200  # the reason is required
    document.refresh_from_db()
    assert document.is_pending
    as_user(moderator).post(decision_url(document, "reject"),
                            {"reason": "Document déjà présent dans la bibliothèque."})
    document.refresh_from_db()
    assert document.moderation_status == ModerationStatus.REJECTED
    told = Notification.objects.get(recipient=member)
    assert "Document déjà présent" in told.text
    mine = as_user(member).get(reverse("documents:mine")).content.decode()
    assert "Document déjà présent dans la bibliothèque." in mine
    page = as_user(member).get(document.get_absolute_url()).content.decode()
    assert "Refusé par les animateurs" in page
    assert not ActivityEvent.objects.exists()


def test_members_report_and_moderators_hide(as_user, member, other_member, moderator):
    document = published(moderator, title="Fiche à vérifier")
    client = as_user(member)
    assert client.get(reverse("documents:report", args=[document.pk])).status_code == 200
    response = client.post(reverse("documents:report", args=[document.pk]), {"reason": ""})
    assert "Ce champ est obligatoire." in response.content.decode()
    client.post(reverse("documents:report", args=[document.pk]),
                {"reason": "Contient des données personnelles."})
    report = Report.objects.get()
    assert report.target == document and report.target_author == moderator
    assert "Fiche à vérifier" in report.excerpt
    # Authors do not report their own document.
    assert as_user(moderator).get(reverse("documents:report",
                                          args=[document.pk])).status_code == 403
    queue = as_user(moderator).get(reverse("moderation:reports")).content.decode()
    assert "Contient des données personnelles." in queue
    as_user(moderator).post(decision_url(document, "hide"), {"reason": "Données personnelles."})
    document.refresh_from_db()
    assert document.is_hidden
    assert as_user(other_member).get(document.get_absolute_url()).status_code == 404
    assert ActivityEvent.objects.get().hidden_at is not None
    report.refresh_from_db()
    assert report.status == Report.Status.ACTIONED


def test_project_documents_skip_the_queue(as_user, member, moderator):
    project = make_project(member)
    document = project_document(member, project, title="Compte rendu du comité")
    assert document.is_published
    queue = as_user(moderator).get(reverse("moderation:reports")).content.decode()
    assert "Compte rendu du comité" not in queue
    assert not ActivityEvent.objects.filter(kind=ActivityEvent.Kind.DOCUMENT_PUBLISHED).exists()


def test_pending_count_on_the_overview_for_moderators(as_user, member, moderator):
    proposed(member)
    page = as_user(moderator).get(reverse("documents:overview")).content.decode()
    assert "1 document proposé attend une décision." in page
    assert "attend une décision" not in as_user(member).get(
        reverse("documents:overview")).content.decode()
    assert Document.objects.count() == 1


def test_a_published_document_appears_in_the_news_feed(as_user, member, moderator):
    document = published(moderator, title="Guide des coopérations rurales")
    page = as_user(member).get(reverse("news:feed")).content.decode()
    assert "Guide des coopérations rurales" in page
    assert document.get_absolute_url() in page
