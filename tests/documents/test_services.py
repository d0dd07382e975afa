"""The documents' services: proposing, publishing, versions, restoring, deleting, quotas and
the all-or-nothing storing of files."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from documents import services
from documents.models import Document, DocumentFile, DocumentVersion, ScanStatus
from moderation.models import ModerationStatus
from news.models import ActivityEvent
from notifications.models import Notification
from tests.documents.helpers import (
    card,
    make_project,
    pdf_file,
    project_document,
    proposed,
    published,
    stored_files,
    text_file,
)
from tests.documents.samples import upload

pytestmark = pytest.mark.django_db


def test_a_members_proposal_waits_for_a_moderator(member):
    document = proposed(member)
    assert document.moderation_status == ModerationStatus.PENDING
    assert document.published_at is None
    assert document.versions.get().files.count() == 1
    assert not ActivityEvent.objects.exists()


def test_a_moderator_publishes_directly_into_the_feed(moderator):
    document = published(moderator)
    assert document.is_published and document.published_at is not None
    event = ActivityEvent.objects.get()
    assert event.kind == ActivityEvent.Kind.DOCUMENT_PUBLISHED
    assert event.text == document.title and event.url == document.get_absolute_url()
    assert sorted(document.levers.values_list("slug", flat=True)) == [
        "apprendre-a-faire-alliance"]
    assert sorted(document.tags.names()) == ["PTCE", "coopération"]


def test_members_cannot_publish_and_applicants_cannot_propose(member, applicant):
    with pytest.raises(PermissionDenied):
        published(member)
    with pytest.raises(PermissionDenied):
        proposed(applicant)


def test_a_document_needs_a_file_or_a_link(member):
    with pytest.raises(ValidationError) as error:
        proposed(member, uploads=[])
    assert "Ajoutez au moins un fichier ou un lien externe." in str(error.value)
    document = proposed(member, uploads=[], link="https://www.youtube.com/watch?v=abc")
    assert not document.versions.exists()


@pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://exemple.fr/x", "data:text/html,x"])
def test_only_web_links(member, link):
    with pytest.raises(ValidationError) as error:
        proposed(member, uploads=[], link=link)
    assert "link" in error.value.error_dict


def test_card_rules_in_french(member):
    with pytest.raises(ValidationError) as error:
        proposed(member, title=" ", entry_point="nulle-part", levers=["inconnu"])
    messages = {name: " ".join(e.messages) for name, e in
                ((n, ValidationError(v)) for n, v in error.value.error_dict.items())}
    assert "Donnez un titre au document." in messages["title"]
    assert "porte d'entrée" in messages["entry_point"]
    assert "levers" in messages
    assert not Document.objects.exists()


def test_a_refused_file_stores_nothing(member):
    """All or nothing: one bad file among good ones refuses the lot; no row, no file."""
    bad = upload("rapport.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    with pytest.raises(ValidationError) as error:
        proposed(member, uploads=[text_file(), bad])
    assert "files" in error.value.error_dict
    assert not Document.objects.exists() and not DocumentFile.objects.exists()
    assert stored_files() == []


def test_a_failure_while_storing_removes_what_was_written(member, monkeypatch):
    """A crash after the first file was written: the transaction rolls back and the written
    file is deleted from the disk too."""
    from documents.services import storing

    original = storing.DocumentFile.save
    calls = {"n": 0}

    def failing_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(storing.DocumentFile, "save", failing_save)
    with pytest.raises(OSError):
        proposed(member, uploads=[text_file("a.txt"), text_file("b.txt")])
    assert not Document.objects.exists()
    assert stored_files() == []


def test_quota_counts_what_the_member_stores(member, settings):
    settings.DOCUMENTS_MEMBER_QUOTA_BYTES = 200
    proposed(member, uploads=[text_file(text="x" * 150)])
    with pytest.raises(ValidationError) as error:
        proposed(member, uploads=[text_file(text="y" * 100)])
    assert "espace" in " ".join(error.value.messages).lower()
    assert Document.objects.count() == 1
    assert len(stored_files()) == 1


def test_version_upload_restore_and_history(moderator, django_capture_on_commit_callbacks):
    document = published(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.version_upload(actor=moderator, document=document,
                                         uploads=[pdf_file()], note="Chiffres 2026")
    assert second.number == 2 and second.note == "Chiffres 2026"
    first = document.versions.get(number=1)
    restored = services.version_restore(actor=moderator, document=document, version=first)
    assert restored.number == 3 and restored.restored_from == first
    assert "version 1" in restored.note
    copy = restored.files.get()
    original = first.files.get()
    assert copy.file.name == original.file.name and copy.display_name == original.display_name
    assert list(document.versions.values_list("number", flat=True)) == [3, 2, 1]
    # Restoring reuses stored content: nothing more on disk, nothing more against the quota.
    assert len(stored_files()) == 3  # two files and the PDF's thumbnail
    assert services.library_bytes(moderator) == original.size + second.files.get().size


def test_a_version_needs_a_note_and_files(moderator):
    document = published(moderator)
    with pytest.raises(ValidationError) as error:
        services.version_upload(actor=moderator, document=document, uploads=[text_file()],
                                note="  ")
    assert "note" in error.value.error_dict
    with pytest.raises(ValidationError):
        services.version_upload(actor=moderator, document=document, uploads=[], note="x")
    assert DocumentVersion.objects.count() == 1


def test_a_stranger_cannot_upload_a_version(moderator, member):
    document = published(moderator)
    with pytest.raises(PermissionDenied):
        services.version_upload(actor=member, document=document, uploads=[text_file()],
                                note="Nouvelle version")
    assert DocumentVersion.objects.count() == 1
    assert len(stored_files()) == 1


def test_new_version_notifies_author_and_project_members(member, other_member, moderator,
                                                         django_capture_on_commit_callbacks):
    project = make_project(member, members=[other_member, moderator])
    document = project_document(member, project)
    assert document.is_published  # no pre-moderation in a project
    with django_capture_on_commit_callbacks(execute=True):
        services.version_upload(actor=other_member, document=document,
                                uploads=[text_file()], note="Relu et corrigé")
    told = Notification.objects.filter(kind=Notification.Kind.DOCUMENT_VERSION)
    assert sorted(told.values_list("recipient", flat=True)) == sorted([member.pk, moderator.pk])
    assert "Relu et corrigé" in told.first().text
    # A retried task tells nobody twice.
    services.version_notify(version_id=document.versions.get(number=2).pk)
    assert told.count() == 2


def test_delete_removes_rows_and_files_after_commit(moderator, django_capture_on_commit_callbacks):
    document = published(moderator, uploads=[pdf_file()])
    services.version_restore(actor=moderator, document=document,
                             version=document.versions.get())
    assert stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        services.document_delete(actor=moderator, document=document)
    assert not Document.objects.exists() and not DocumentFile.objects.exists()
    assert stored_files() == []
    assert not ActivityEvent.objects.exists()


def test_download_count_is_one_update(moderator, django_assert_num_queries):
    document = published(moderator)
    with django_assert_num_queries(1):
        services.document_downloaded(document=document)
    document.refresh_from_db()
    assert document.download_count == 1


def test_edit_changes_the_card_and_the_feed(moderator):
    document = published(moderator)
    services.document_edit(actor=moderator, document=document,
                           **card(title="Guide révisé", levers=[], tags=["tiers-lieux"]))
    document.refresh_from_db()
    assert document.title == "Guide révisé" and not document.levers.exists()
    assert ActivityEvent.objects.get().text == "Guide révisé"


def test_files_without_scanner_are_unscanned_and_processed(moderator,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = published(moderator, uploads=[pdf_file(text="Mobilite rurale")])
    row = DocumentFile.objects.get(version__document=document)
    assert row.scan_status == ScanStatus.UNSCANNED and row.is_available
    assert row.thumbnail.name.startswith("thumbnails/") and row.thumbnail.name.endswith(".webp")
    assert "Mobilite rurale" in row.text


def test_sweep_removes_only_orphan_files(moderator, settings):
    from io import StringIO
    from pathlib import Path

    from django.core.management import call_command

    published(moderator)
    kept = stored_files()
    orphan = Path(settings.MEDIA_ROOT) / "documents" / "ab" / "orphelin.txt"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_text("left by a rolled back transaction")
    call_command("documents_sweep", "--older-than-hours=0", stdout=StringIO())
    assert not orphan.exists()
    assert stored_files() == kept
