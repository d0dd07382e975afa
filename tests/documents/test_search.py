"""The documents index: what it holds (published and available documents, with the text of
their files), who finds what (a private project's documents only by its members), and that it
follows every change."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from documents import services
from documents.search_indexes import DOCUMENTS_INDEX, document_to_index, indexable_documents
from moderation.services import decide
from projects.models import Project
from projects.signals import project_access_changed
from search.query import search_index
from tests.documents.helpers import (
    make_project,
    pdf_file,
    project_document,
    proposed,
    published,
)
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _found(user, query: str) -> list[str]:
    results = search_index(DOCUMENTS_INDEX, user=user, query=query)
    return sorted(hit.document["title"] for hit in results.hits)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the services leave for after commit: index sync, file processing."""
    def run():
        return django_capture_on_commit_callbacks(execute=True)
    return run


def test_the_text_of_files_is_searchable(member, moderator, committed):
    with committed():
        published(moderator, title="Rapport annuel", uploads=[pdf_file(
            text="Mutualisation des vehicules electriques en Bretagne")])
    assert _found(member, "vehicules electriques") == ["Rapport annuel"]
    assert _found(member, "Rapport") == ["Rapport annuel"]


def test_pending_documents_are_not_found_until_approved(member, other_member, moderator,
                                                        committed):
    with committed():
        document = proposed(member, title="Méthode de concertation")
    assert _found(other_member, "concertation") == []
    with committed():
        decide(actor=moderator, item=document, decision="approve")
    assert _found(other_member, "concertation") == ["Méthode de concertation"]
    with committed():
        decide(actor=moderator, item=document, decision="hide", reason="Doublon")
    assert _found(other_member, "concertation") == []


def test_applicants_find_nothing(applicant, moderator, committed):
    with committed():
        published(moderator, title="Atlas des tiers-lieux")
    assert _found(applicant, "Atlas") == []


def test_a_private_projects_documents_are_found_by_its_members_only(
        member, other_member, moderator, committed):
    project = make_project(member, private=True, members=[other_member])
    with committed():
        project_document(member, project, title="Convention de partenariat")
    assert _found(member, "Convention") == ["Convention de partenariat"]
    assert _found(other_member, "Convention") == ["Convention de partenariat"]
    assert _found(MemberFactory(), "Convention") == []
    assert _found(moderator, "Convention") == []


def test_the_audience_follows_the_projects_visibility(member, committed):
    project = make_project(member, private=True)
    with committed():
        project_document(member, project, title="Plan de financement")
    outsider = MemberFactory()
    assert _found(outsider, "financement") == []
    Project.objects.filter(pk=project.pk).update(visibility=Project.Visibility.MEMBERS)
    with committed():
        project_access_changed.send(sender=Project, project_id=project.pk)
    assert _found(outsider, "financement") == ["Plan de financement"]


def test_delete_and_edit_follow(member, moderator, committed):
    with committed():
        document = published(moderator, title="Ancien titre")
    with committed():
        services.document_edit(actor=moderator, document=document, title="Nouveau titre",
                               description=document.description, entry_point="outils")
    assert _found(member, "Nouveau") == ["Nouveau titre"]
    assert _found(member, "Ancien") == []
    with committed():
        services.document_delete(actor=moderator, document=document)
    assert _found(member, "Nouveau") == []


def test_the_search_page(as_user, member, moderator, committed):
    with committed():
        published(moderator, title="Guide des achats responsables",
                  description="<script>alert(1)</script> achats")
    response = as_user(member).get(reverse("documents:search"), {"q": "achats"})
    page = response.content.decode()
    assert "1 document trouvé pour « achats »" in page
    assert "Guide des achats responsables" in page and "<script>alert(1)" not in page


def test_the_search_page_without_the_engine(as_user, member, moderator, monkeypatch):
    from documents import search as document_search
    from search.backends.base import SearchUnavailable

    published(moderator, title="Guide des achats responsables")

    def unavailable(*args, **kwargs):
        raise SearchUnavailable("down")

    monkeypatch.setattr(document_search, "search_index", unavailable)
    page = as_user(member).get(reverse("documents:search"), {"q": "achats"}).content.decode()
    assert "Le moteur de recherche est indisponible" in page
    assert "Guide des achats responsables" in page


def test_reindex_rebuilds_the_documents_index(member, moderator):
    published(moderator, title="Document reconstruit")
    call_command("search_reindex", DOCUMENTS_INDEX)
    assert _found(member, "reconstruit") == ["Document reconstruit"]
    document = indexable_documents().get()
    assert document_to_index(document)["audience"] == ["members"]


@pytest.mark.parametrize("size", [2, 25])
def test_the_search_page_costs_constant_queries(as_user, member, moderator, size, committed,
                                                django_assert_max_num_queries):
    with committed():
        for number in range(size):
            published(moderator, title=f"Fiche coopération {number}", uploads=[],
                      link="https://exemple.fr/")
    client = as_user(member)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("documents:search"), {"q": "coopération"})
    assert len(response.context["found"].results) == min(size, 20)
