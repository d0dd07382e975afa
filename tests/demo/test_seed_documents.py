"""``seed_demo`` fills the library through its services: documents in every entry point with
real (generated) files, proposals waiting or refused, project documents; and nothing more on a
second run."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from documents.models import Document, DocumentFile
from documents.search_indexes import DOCUMENTS_INDEX
from documents.taxonomy import EntryPoint
from moderation.models import ModerationStatus
from search.query import search_index
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_seed_fills_the_library_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = _seed()
    assert "Documents : 21 documents, 3 propositions" in output
    library = Document.objects.library()
    published = library.filter(moderation_status=ModerationStatus.PUBLISHED)
    assert {d.entry_point for d in published} == set(EntryPoint.values)
    assert library.filter(moderation_status=ModerationStatus.PENDING).count() == 2
    assert library.get(moderation_status=ModerationStatus.REJECTED).decision_reason
    assert DocumentFile.objects.filter(kind="pdf").exists()
    assert DocumentFile.objects.filter(kind="csv").exists()
    assert published.filter(link__startswith="https://").count() == 3
    member = published.first().author.__class__.objects.get(email__startswith="membre@")
    page = client_for(member).get(reverse("documents:overview"))
    assert page.status_code == 200
    assert all(entry.count >= 3 for entry in page.context["overview"].entry_points)
    found = search_index(DOCUMENTS_INDEX, user=member, query="tiers-lieux")
    assert found.total >= 1
    count = Document.objects.count()
    assert "Documents : 0 documents" in _seed()
    assert Document.objects.count() == count
