"""A document form that comes back with an error keeps the file it received (documents/holding.py):
the member corrects the form without choosing the file again. The token is bound to the
session, expires after an hour, and a refused file is never held. A project's document has no
entry point (*porte d'entrée*): that belongs to the library."""

import html as htmllib
import io
import re
import time

import pytest
from django.core.management import call_command
from django.urls import reverse

from documents import holding
from documents.models import Document
from tests.documents.helpers import card, make_project, pdf_file, stored_files

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return htmllib.unescape(response.content.decode())


def add_url(project) -> str:
    return reverse("project_documents:add", args=[project.pk])


def held_token(html: str) -> str:
    found = re.search(r'<input type="hidden" name="held" value="([^"]+)">', html)
    assert found, "the page holds no file"
    return found.group(1)


def test_a_project_document_asks_no_entry_point(as_user, member):
    project = make_project(member)
    form = page(as_user(member).get(add_url(project)))
    assert 'name="entry_point"' not in form and "Porte d'entrée" not in form
    response = as_user(member).post(add_url(project), {
        **card(title="Compte rendu", entry_point="", tags=""), "files": [pdf_file()],
    })
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.project == project and document.entry_point == ""
    detail = page(as_user(member).get(document.get_absolute_url()))
    assert "Compte rendu" in detail and "”\xa0·" not in detail and "” · " not in detail
    # The library's form still asks for it.
    library = page(as_user(member).get(reverse("documents:propose")))
    assert 'name="entry_point"' in library


def test_the_library_still_requires_an_entry_point(as_user, member):
    response = as_user(member).post(reverse("documents:propose"), {
        **card(entry_point="", tags=""), "files": [pdf_file()],
    })
    assert response.status_code == 200 and "Choisissez la porte d'entrée" in page(response)
    assert not Document.objects.exists()


@pytest.mark.parametrize("where", ["project", "library"])
def test_a_corrected_form_uses_the_file_received_before(as_user, member, where):
    project = make_project(member)
    url = add_url(project) if where == "project" else reverse("documents:propose")
    client = as_user(member)
    first = client.post(url, {**card(title="", tags=""), "files": [pdf_file("bilan.pdf")]})
    html = page(first)
    assert first.status_code == 200 and "Ce champ est obligatoire." in html
    assert "Fichier déjà reçu\xa0: <strong>bilan.pdf</strong>" in html
    assert "(<label for=\"id_files\">remplacer</label>)" in html
    token = held_token(html)
    assert not Document.objects.exists()
    second = client.post(url, {**card(title="Bilan 2026", tags=""), "held": token})
    assert second.status_code == 302
    document = Document.objects.get()
    stored = document.versions.get().files.get()
    assert stored.display_name == "bilan.pdf" and stored.size == len(pdf_file().read())
    # Once used, the held file is gone, and its token with it.
    assert not [path for path in stored_files() if "holding" in path.parts]
    third = client.post(url, {**card(title="Encore", tags=""), "held": token})
    assert "n'est plus disponible" in page(third)
    assert Document.objects.count() == 1


def test_choosing_another_file_replaces_the_held_one(as_user, member):
    project = make_project(member)
    client = as_user(member)
    token = held_token(page(client.post(add_url(project), {
        **card(title="", tags=""), "files": [pdf_file("ancien.pdf")]})))
    response = client.post(add_url(project), {
        **card(title="Nouveau", tags=""), "held": token, "files": [pdf_file("nouveau.pdf")]})
    assert response.status_code == 302
    assert Document.objects.get().versions.get().files.get().display_name == "nouveau.pdf"
    assert not [path for path in stored_files() if "holding" in path.parts]


def test_another_member_cannot_use_the_token(as_user, member, other_member):
    project = make_project(member, members=[other_member])
    token = held_token(page(as_user(member).post(add_url(project), {
        **card(title="", tags=""), "files": [pdf_file()]})))
    response = as_user(other_member).post(add_url(project), {
        **card(title="Volé", tags=""), "held": token})
    html = page(response)
    assert response.status_code == 200
    assert "Le fichier reçu plus tôt n'est plus disponible" in html
    assert 'name="held"' not in html
    assert not Document.objects.exists()


def test_an_expired_token_is_refused_in_french(as_user, member, monkeypatch):
    project = make_project(member)
    client = as_user(member)
    token = held_token(page(client.post(add_url(project), {
        **card(title="", tags=""), "files": [pdf_file()]})))
    later = time.time() + holding.HOLD_SECONDS + 1
    monkeypatch.setattr(holding.time, "time", lambda: later)
    response = client.post(add_url(project), {**card(title="Trop tard", tags=""), "held": token})
    html = page(response)
    assert "conservé une heure seulement et a expiré" in html
    assert not Document.objects.exists()
    assert not [path for path in stored_files() if "holding" in path.parts]


def test_a_refused_upload_is_not_held(as_user, member):
    from tests.documents.samples import pdf_with_javascript, upload

    project = make_project(member)
    response = as_user(member).post(add_url(project), {
        **card(title="", tags=""),
        "files": [upload("a.pdf", pdf_with_javascript(), "application/pdf")],
    })
    html = page(response)
    assert "contenu actif" in html and 'name="held"' not in html
    assert stored_files() == []


def test_the_sweep_purges_expired_held_files(as_user, member, monkeypatch):
    project = make_project(member)
    as_user(member).post(add_url(project), {**card(title="", tags=""), "files": [pdf_file()]})
    assert [path for path in stored_files() if "holding" in path.parts]
    call_command("documents_sweep", stdout=io.StringIO())
    assert [path for path in stored_files() if "holding" in path.parts]  # not expired yet
    later = time.time() + holding.HOLD_SECONDS + 1
    monkeypatch.setattr(holding.time, "time", lambda: later)
    call_command("documents_sweep", stdout=io.StringIO())
    assert not [path for path in stored_files() if "holding" in path.parts]
