"""Version flows through the pages: upload a new version, list them, download an old one,
restore it (a new version, history kept); downloads are attachments, counted, and refused
with a clear word while a file waits for its virus scan or is infected."""

import pytest
from django.urls import reverse

from documents import services
from documents.models import Document, DocumentFile, ScanStatus
from documents.scanning import ScanResult, Verdict
from tests.documents.helpers import body, make_project, project_document, published, text_file

pytestmark = pytest.mark.django_db


def test_upload_list_download_old_and_restore(as_user, member, other_member,
                                              django_capture_on_commit_callbacks):
    project = make_project(member, members=[other_member])
    document = project_document(member, project, uploads=[text_file("plan.txt", "Plan v1")])
    owner, contributor = as_user(member), as_user(other_member)
    # A contributor uploads version 2 with a note.
    with django_capture_on_commit_callbacks(execute=True):
        response = contributor.post(reverse("documents:version_upload", args=[document.pk]),
                                    {"files": [text_file("plan.txt", "Plan v2")],
                                     "note": "Budget mis à jour"})
    assert response.status_code == 302
    assert response["Location"].endswith("#versions")
    # The author was told.
    assert member.notifications.filter(kind="document_version").count() == 1
    page = owner.get(document.get_absolute_url()).content.decode()
    assert "Version 2" in page and "Version 1" in page and "Budget mis à jour" in page
    old = DocumentFile.objects.get(version__document=document, version__number=1)
    new = DocumentFile.objects.get(version__document=document, version__number=2)
    # Any version downloads, as an attachment that browsers do not sniff.
    download = owner.get(reverse("documents:download", args=[old.pk]))
    assert download.status_code == 200 and body(download) == "Plan v1"
    assert download["Content-Disposition"].startswith("attachment;")
    assert 'filename="plan.txt"' in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert body(owner.get(reverse("documents:download", args=[new.pk]))) == "Plan v2"
    document.refresh_from_db()
    assert document.download_count == 2
    # Restoring version 1 makes version 3, a copy; the history keeps all three.
    restore_url = reverse("documents:version_restore", args=[document.pk, 1])
    assert "Restaurer la version 1" in owner.get(restore_url).content.decode()
    response = owner.post(restore_url)
    assert response.status_code == 302
    assert list(document.versions.values_list("number", flat=True)) == [3, 2, 1]
    current = DocumentFile.objects.get(version__document=document, version__number=3)
    assert body(owner.get(reverse("documents:download", args=[current.pk]))) == "Plan v1"
    assert reverse("documents:version_restore", args=[document.pk, 9]) and \
        owner.post(reverse("documents:version_restore", args=[document.pk, 9])).status_code == 404


def test_a_file_pending_its_scan_is_not_downloadable(as_user, moderator, member, settings,
                                                     monkeypatch,
                                                     django_capture_on_commit_callbacks):
    settings.CLAMD_ADDRESS = "tcp://127.0.0.1:3310"
    from documents import scanning

    monkeypatch.setattr(scanning, "scan", lambda content: ScanResult(Verdict.UNAVAILABLE))
    with django_capture_on_commit_callbacks(execute=True):
        document = published(moderator, uploads=[text_file("note.txt")])
    row = DocumentFile.objects.get()
    assert row.scan_status == ScanStatus.PENDING
    client = as_user(member)
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Analyse antivirus en cours" in page
    assert reverse("documents:download", args=[row.pk]) not in page
    response = client.get(reverse("documents:download", args=[row.pk]))
    assert response.status_code == 409
    assert "en cours d'analyse antivirus" in response.content.decode()
    assert Document.objects.get().download_count == 0
    # The scanner answers again: the file is clean and available.
    monkeypatch.setattr(scanning, "scan", lambda content: ScanResult(Verdict.CLEAN))
    assert services.file_process(file_id=row.pk) == ScanStatus.CLEAN
    assert client.get(reverse("documents:download", args=[row.pk])).status_code == 200


def test_an_infected_file_stays_blocked(as_user, moderator, member, settings, monkeypatch,
                                        django_capture_on_commit_callbacks):
    settings.CLAMD_ADDRESS = "tcp://127.0.0.1:3310"
    from documents import scanning

    monkeypatch.setattr(scanning, "scan",
                        lambda content: ScanResult(Verdict.INFECTED, signature="Eicar"))
    with django_capture_on_commit_callbacks(execute=True):
        published(moderator, uploads=[text_file("eicar.txt")])
    row = DocumentFile.objects.get()
    assert row.scan_status == ScanStatus.INFECTED and not row.thumbnail
    response = as_user(member).get(reverse("documents:download", args=[row.pk]))
    assert response.status_code == 409
    assert "l'analyse antivirus l'a trouvé infecté" in response.content.decode()


def test_thumbnails_are_served_to_readers_only(as_user, member, moderator,
                                               django_capture_on_commit_callbacks):
    from tests.documents.helpers import pdf_file

    project = make_project(member, private=True)
    with django_capture_on_commit_callbacks(execute=True):
        document = project_document(member, project, uploads=[pdf_file()])
    row = DocumentFile.objects.get()
    assert row.thumbnail
    page = as_user(member).get(document.get_absolute_url()).content.decode()
    assert reverse("documents:thumbnail", args=[row.pk]) in page
    response = as_user(member).get(reverse("documents:thumbnail", args=[row.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert as_user(moderator).get(
        reverse("documents:thumbnail", args=[row.pk])).status_code == 404
