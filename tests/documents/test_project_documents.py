"""A project's documents tab: listing and adding, with the project's tabs, and its query
count at small and large sizes."""

import pytest
from django.urls import reverse

from documents.models import Document
from tests.documents.helpers import card, make_project, project_document, stored_files, text_file

pytestmark = pytest.mark.django_db


def test_members_add_a_document_through_the_tab(as_user, member, other_member):
    project = make_project(member, private=True, members=[other_member])
    client = as_user(other_member)
    page = client.get(reverse("project_documents:list", args=[project.pk])).content.decode()
    assert 'aria-current="page">Documents</a>' in page  # the project's tabs
    assert reverse("project_documents:add", args=[project.pk]) in page
    form = client.get(reverse("project_documents:add", args=[project.pk]))
    assert form.status_code == 200
    response = client.post(reverse("project_documents:add", args=[project.pk]), {
        **card(title="Cahier des charges", tags=""), "files": [text_file()], "note": "",
    })
    document = Document.objects.get()
    assert response.status_code == 302 and document.project == project and document.is_published
    listing = client.get(reverse("project_documents:list", args=[project.pk])).content.decode()
    assert "Cahier des charges" in listing
    # Not in the library: it belongs to the project.
    library = client.get(reverse("documents:browse")).content.decode()
    assert "Cahier des charges" not in library


def test_a_bad_file_in_a_project_stores_nothing(as_user, member):
    from tests.documents.samples import pdf_with_javascript, upload

    project = make_project(member)
    response = as_user(member).post(reverse("project_documents:add", args=[project.pk]), {
        **card(tags=""), "files": [upload("a.pdf", pdf_with_javascript(), "application/pdf")],
    })
    assert response.status_code == 200 and "contenu actif" in response.content.decode()
    assert not Document.objects.exists() and stored_files() == []


@pytest.mark.parametrize("size", [2, 30])
def test_the_tab_costs_constant_queries(as_user, member, size, django_assert_max_num_queries):
    project = make_project(member)
    for number in range(size):
        project_document(member, project, title=f"Document {number}", uploads=[],
                         link="https://exemple.fr/")
    client = as_user(member)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("project_documents:list", args=[project.pk]))
    assert response.status_code == 200
