"""A full disk during an upload: the form comes back with a clear French message, and nothing
is left behind (no row, no file under MEDIA_ROOT, no temporary file)."""

import errno

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from documents.models import Document, DocumentFile, DocumentVersion
from documents.storage import WholeFileSystemStorage
from tests.documents.disk import storage_disk_full, temporary_uploads_disk_full
from tests.documents.helpers import card, stored_files, text_file
from tests.documents.samples import upload

pytestmark = pytest.mark.django_db

MESSAGE = "Le serveur n’a pas pu enregistrer le fichier (espace disque insuffisant)."


def _nothing_stored() -> None:
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists() and not DocumentFile.objects.exists()
    assert stored_files() == []


def test_the_storage_removes_what_it_wrote_when_the_disk_fills(tmp_path):
    storage = WholeFileSystemStorage(location=tmp_path)
    with storage_disk_full(room=10), pytest.raises(OSError) as raised:
        storage.save("documents/ab/abcdef.txt", ContentFile(b"x" * 5000))
    assert raised.value.errno == errno.ENOSPC
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_proposing_a_document_on_a_full_disk(as_user, member):
    with storage_disk_full(room=10):
        response = as_user(member).post(reverse("documents:propose"), {
            **card(tags="coopération"), "note": "", "files": [text_file()]})
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert response.context["form"].data["title"]  # shown again, filled
    _nothing_stored()


def test_a_temporary_upload_on_a_full_disk(as_user, member, settings, tmp_path):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100  # every file goes to a temporary file
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "tmp")
    (tmp_path / "tmp").mkdir()
    big = upload("rapport.txt", ("Coopération territoriale. " * 4000).encode(), "text/plain")
    with temporary_uploads_disk_full(room=1000):
        response = as_user(member).post(reverse("documents:propose"), {
            **card(tags="coopération"), "note": "", "files": [big]})
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    _nothing_stored()
    assert list((tmp_path / "tmp").iterdir()) == []
