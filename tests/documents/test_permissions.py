"""Who sees and does what, through the pages: anonymous people, applicants, members, authors,
moderators and admins on the library; project members and outsiders on a project's documents
(pages, downloads and search alike)."""

import pytest
from django.urls import reverse

from documents import services
from tests.documents.helpers import (
    make_project,
    project_document,
    proposed,
    published,
    text_file,
)
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

LOGIN = "/comptes/login/"


@pytest.fixture
def people(applicant, member, other_member, moderator, admin_user):
    """``member`` is the author of the pending proposal; ``other_member`` a reader."""
    return {"anonymous": None, "applicant": applicant, "member": other_member,
            "author": member, "moderator": moderator, "admin": admin_user}


def _status(client, url: str) -> int | str:
    response = client.get(url)
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(LOGIN):
            return "login"
        if "candidature" in location or "adhesion" in location or "statut" in location:
            return "applicant"
        return location
    return response.status_code


@pytest.mark.parametrize("role,expected", [
    ("anonymous", "login"), ("applicant", "other"), ("member", 200), ("author", 200),
    ("moderator", 200), ("admin", 200),
])
def test_library_pages(as_user, people, role, expected):
    client = as_user(people[role])
    for name in ("documents:overview", "documents:browse", "documents:search",
                 "documents:mine", "documents:propose"):
        status = _status(client, reverse(name))
        if expected == "other":
            assert status not in (200, "login"), name  # sent to their application's status
        else:
            assert status == expected, name


@pytest.mark.parametrize("role,view,edit,upload,delete", [
    ("anonymous", "login", "login", "login", "login"),
    ("member", 404, 404, 404, 404),
    ("author", 200, 200, 200, 200),
    ("moderator", 200, 200, 200, 200),
    ("admin", 200, 200, 200, 200),
])
def test_a_pending_proposal(as_user, people, member, role, view, edit, upload, delete):
    document = proposed(member)
    row = document.versions.get().files.get()
    client = as_user(people[role])
    assert _status(client, document.get_absolute_url()) == view
    assert _status(client, reverse("documents:edit", args=[document.pk])) == edit
    assert _status(client, reverse("documents:delete", args=[document.pk])) == delete
    assert _status(client, reverse("documents:download", args=[row.pk])) == (
        200 if view == 200 else view)
    response = client.post(reverse("documents:version_upload", args=[document.pk]),
                           {"files": [text_file()], "note": "Relecture"})
    expected_upload = {200: 302, "login": 302, 404: 404}[upload]
    assert response.status_code == expected_upload


@pytest.mark.parametrize("role,view,edit,report", [
    ("member", 200, 403, 200),
    ("author", 200, 200, 403),
    ("moderator", 200, 200, 200),
])
def test_a_published_library_document(as_user, people, member, moderator, role, view, edit,
                                      report):
    document = published(moderator, uploads=[text_file()])
    services.document_edit(actor=moderator, document=document, title=document.title,
                           description=document.description, entry_point="outils")
    document.author = member
    document.save(update_fields=["author"])
    client = as_user(people[role])
    assert _status(client, document.get_absolute_url()) == view
    assert _status(client, reverse("documents:edit", args=[document.pk])) == edit
    assert _status(client, reverse("documents:report", args=[document.pk])) == report
    restore = reverse("documents:version_restore", args=[document.pk, 1])
    assert _status(client, restore) == (403 if edit == 403 else 200)
    delete = reverse("documents:delete", args=[document.pk])
    assert _status(client, delete) == (200 if role == "moderator" else 403)


@pytest.fixture
def private_project(member, other_member):
    """A private project of ``member`` (owner) and ``other_member`` (contributor)."""
    return make_project(member, private=True, members=[other_member])


@pytest.mark.parametrize("who,list_status,can_add", [
    ("owner", 200, True), ("contributor", 200, True), ("outsider", 404, False),
    ("moderator", 404, False), ("anonymous", "login", False),
])
def test_a_private_projects_documents(as_user, member, other_member, moderator,
                                      private_project, who, list_status, can_add,
                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = project_document(member, private_project, title="Budget prévisionnel")
    row = document.versions.get().files.get()
    person = {"owner": member, "contributor": other_member, "outsider": MemberFactory(),
              "moderator": moderator, "anonymous": None}[who]
    client = as_user(person)
    list_url = reverse("project_documents:list", args=[private_project.pk])
    assert _status(client, list_url) == list_status
    assert _status(client, document.get_absolute_url()) == list_status
    download = client.get(reverse("documents:download", args=[row.pk]))
    assert download.status_code == (200 if list_status == 200 else
                                    302 if who == "anonymous" else 404)
    add_url = reverse("project_documents:add", args=[private_project.pk])
    assert (_status(client, add_url) == 200) is can_add
    if who != "anonymous":
        found = client.get(reverse("documents:search"), {"q": "Budget"})
        titles = [r.document.title for r in found.context["found"].results]
        assert titles == (["Budget prévisionnel"] if list_status == 200 else [])


def test_a_project_open_to_all(as_user, member, other_member):
    project = make_project(member)
    document = project_document(member, project, title="Charte du projet")
    outsider = as_user(other_member)
    assert _status(outsider, document.get_absolute_url()) == 200
    assert _status(outsider, reverse("project_documents:list", args=[project.pk])) == 200
    # Seen, but only the project's members add documents and versions.
    assert _status(outsider, reverse("project_documents:add", args=[project.pk])) == 403
    response = outsider.post(reverse("documents:version_upload", args=[document.pk]),
                             {"files": [text_file()], "note": "Intrus"})
    assert response.status_code == 403
    assert document.versions.count() == 1
