"""Two rows of the export checked against what the database holds: a login whose address the
retention blanked shows no address (not the placeholder allauth's column needs), and the
library documents an organiser linked to events are in their archive (issue 14, item 1)."""

from datetime import timedelta

import pytest
from allauth.usersessions.models import UserSession
from django.utils import timezone

from community.services.retention import BLANK_IP, login_ips_blank
from events.models import EventLibraryDocument
from privacy import services
from privacy.models import DataExport
from tests.documents.factories import DocumentFactory
from tests.events.factories import EventFactory
from tests.privacy.helpers import open_archive, section_json

pytestmark = pytest.mark.django_db


def _archive(member, commits):
    with commits(execute=True):
        export = services.data_export_request(actor=member, member=member)
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY, export.error
    return open_archive(export)


def test_a_blanked_address_is_exported_empty(member, django_capture_on_commit_callbacks):
    now = timezone.now()
    old = UserSession.objects.create(user=member, ip="203.0.113.7", session_key="o" * 32,
                                     user_agent="Firefox ancien")
    UserSession.objects.create(user=member, ip="198.51.100.4", session_key="n" * 32,
                               user_agent="Firefox récent")
    UserSession.objects.filter(pk=old.pk).update(last_seen_at=now - timedelta(days=400))
    assert login_ips_blank(older_than=now - timedelta(days=365), dry_run=False) == 1
    old.refresh_from_db()
    assert old.ip == BLANK_IP  # what allauth's column keeps for "no address"

    archive = _archive(member, django_capture_on_commit_callbacks)
    shown = {row["user_agent"]: row["ip"] for row in section_json(archive, "connexions")}
    assert shown == {"Firefox ancien": "", "Firefox récent": "198.51.100.4"}
    spreadsheet = archive.read("connexions.csv").decode("utf-8-sig")
    assert BLANK_IP not in spreadsheet and "198.51.100.4" in spreadsheet
    assert BLANK_IP not in archive.read("index.html").decode()


def test_library_documents_linked_to_events_are_in_the_organisers_export(
        member, other_member, django_capture_on_commit_callbacks):
    event = EventFactory(created_by=other_member, moderation_status="published",
                         title="Rencontre des tiers-lieux")
    document = DocumentFactory(author=other_member, title="Guide de la coopération")
    mine = EventLibraryDocument.objects.create(event=event, document=document, added_by=member)
    EventLibraryDocument.objects.create(event=event, added_by=other_member,
                                        document=DocumentFactory(title="Fiche de l'autre"))

    archive = _archive(member, django_capture_on_commit_callbacks)
    [row] = section_json(archive, "evenements-documents")
    assert row["event"] == "Rencontre des tiers-lieux"
    assert row["document"] == "Guide de la coopération"
    assert row["linked_at"].startswith(mine.created_at.date().isoformat())
    assert "Fiche de l'autre" not in archive.read("evenements-documents.csv").decode("utf-8-sig")
