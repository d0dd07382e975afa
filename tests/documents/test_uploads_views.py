"""Bad uploads through the pages (issue 6, "Bad input"): each is refused with a clear French
message on the form shown again, and nothing is stored: no row, no file under MEDIA_ROOT."""

import pytest
from django.urls import reverse

from documents.models import Document, DocumentFile, DocumentVersion
from tests.documents import samples
from tests.documents.helpers import (
    card,
    make_project,
    project_document,
    published,
    stored_files,
    text_file,
)
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

PNG = samples.image_bytes("PNG")

BAD_UPLOADS = [
    ("html-renamed-pdf", lambda: [samples.upload(
        "rapport.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        "application/pdf")], "contient du HTML"),
    ("png-with-html", lambda: [samples.upload(
        "image.png", PNG + b"<html><script>alert(1)</script></html>", "image/png")], "image"),
    ("pdf-js-polyglot", lambda: [samples.upload(
        "guide.pdf", samples.pdf_with_javascript(), "application/pdf")], "contenu actif"),
    ("zero-byte", lambda: [samples.upload("vide.txt", b"", "text/plain")], "est vide"),
    ("one-bad-among-good", lambda: [text_file(), samples.upload(
        "page.pdf", b"<html></html>", "application/pdf")], "HTML"),
]


def _form(**changes) -> dict:
    return {**card(tags="coopération"), "note": "", **changes}


def _assert_nothing_stored() -> None:
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists() and not DocumentFile.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize("name,files,message", BAD_UPLOADS, ids=[b[0] for b in BAD_UPLOADS])
def test_proposing_with_a_bad_file(as_user, member, name, files, message):
    response = as_user(member).post(reverse("documents:propose"), _form(files=files()))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Veuillez corriger les erreurs ci-dessous." in page or "form-errors" in page
    assert message in page
    assert response.context["form"].data["title"]  # the form is shown again, filled
    _assert_nothing_stored()


def test_too_large(as_user, member, settings):
    settings.DOCUMENTS_MAX_UPLOAD_BYTES = 1000
    response = as_user(member).post(reverse("documents:propose"), _form(
        files=[text_file(text="x" * 2000)]))
    assert "trop volumineux" in response.content.decode()
    _assert_nothing_stored()


def test_too_many_files_for_the_form(as_user, member, settings):
    settings.DOCUMENTS_MAX_FILES_PER_REQUEST = 3
    response = as_user(member).post(reverse("documents:propose"), _form(
        files=[text_file(f"f{n}.txt") for n in range(4)]))
    assert "Vous avez envoyé 4 fichiers" in response.content.decode()
    _assert_nothing_stored()


def test_101_files_in_one_request(as_user, member):
    response = as_user(member).post(reverse("documents:propose"), _form(
        files=[text_file(f"f{n}.txt") for n in range(101)]))
    assert response.status_code == 400
    assert "Trop de fichiers" in response.content.decode()
    _assert_nothing_stored()


def test_dangerous_names_are_cleaned_not_trusted(as_user, member):
    name = "../../etc/\u202epasswd\x00" + "x" * 300 + ".txt"
    response = as_user(member).post(reverse("documents:propose"), _form(
        files=[samples.upload(name, b"Bonjour le reseau", "text/plain")]))
    assert response.status_code == 302
    row = DocumentFile.objects.get()
    assert "/" not in row.display_name and ".." not in row.display_name
    assert "\u202e" not in row.display_name and "\x00" not in row.display_name
    assert len(row.display_name) <= 120
    assert row.file.name.startswith("documents/") and "passwd" not in row.file.name


def test_no_file_and_no_link(as_user, member):
    response = as_user(member).post(reverse("documents:propose"), _form(files=[]))
    assert "Ajoutez au moins un fichier ou un lien externe." in response.content.decode()
    _assert_nothing_stored()


def test_a_javascript_link_is_refused(as_user, member):
    response = as_user(member).post(reverse("documents:propose"), _form(
        files=[], link="javascript:alert(1)"))
    assert response.status_code == 200
    assert "Saisissez" in response.content.decode() or "adresse" in response.content.decode()
    _assert_nothing_stored()


def test_a_bad_new_version_reshows_the_document_page(as_user, moderator):
    document = published(moderator)
    before = stored_files()
    response = as_user(moderator).post(
        reverse("documents:version_upload", args=[document.pk]),
        {"files": [samples.upload("v2.pdf", samples.pdf_with_javascript(), "application/pdf")],
         "note": "Version 2"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "contenu actif" in page and document.title in page
    assert document.versions.count() == 1 and stored_files() == before


def test_a_version_without_note(as_user, moderator):
    document = published(moderator)
    response = as_user(moderator).post(
        reverse("documents:version_upload", args=[document.pk]), {"files": [text_file()]})
    assert "Ce champ est obligatoire." in response.content.decode()
    assert document.versions.count() == 1


def test_a_version_uploaded_by_a_non_member_of_the_project(as_user, member):
    project = make_project(member, private=True)
    document = project_document(member, project)
    before = stored_files()
    outsider = as_user(MemberFactory())
    response = outsider.post(reverse("documents:version_upload", args=[document.pk]),
                             {"files": [text_file()], "note": "Intrusion"})
    assert response.status_code == 404
    assert document.versions.count() == 1 and stored_files() == before
