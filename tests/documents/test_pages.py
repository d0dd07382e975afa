"""The library's pages: overview, browsing with filters and sorts, the document page, "My
documents", proposing, and their query counts at small and large sizes."""

import pytest
from django.urls import reverse

from documents.models import Document
from moderation.models import ModerationStatus
from tests.documents.helpers import card, proposed, published, text_file
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _bulk(author, count: int, **changes) -> list[Document]:
    """Published library documents in bulk (data for lists, not behaviour)."""
    from django.utils import timezone

    now = timezone.now()
    documents = Document.objects.bulk_create([
        Document(title=f"Fiche pratique {n}", description="Une fiche.", entry_point=changes.get(
            "entry_point", ["methodes", "outils", "donnees"][n % 3]), author=author,
            published_at=now, download_count=n, link="https://exemple.fr/fiche")
        for n in range(count)
    ])
    for document in documents:
        document.levers.set(["definir-sa-strategie"])
        document.domains.set(["emploi"])
        document.tags.set(["fiche", f"theme-{document.pk % 4}"])
    return documents


def test_overview_shows_entry_points_newest_and_most_downloaded(as_user, member, moderator):
    published(moderator, title="Étude PTCE 2025", entry_point="reference")
    popular = published(moderator, title="Kit animation", entry_point="outils")
    Document.objects.filter(pk=popular.pk).update(download_count=12)
    proposed(member, title="Proposition en attente")
    response = as_user(member).get(reverse("documents:overview"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Étude PTCE 2025" in page and "Kit animation" in page
    assert "Proposition en attente" not in page
    counts = dict(response.context["overview"].entry_points and [
        (entry.slug, entry.count) for entry in response.context["overview"].entry_points])
    assert counts["reference"] == 1 and counts["outils"] == 1 and counts["formation"] == 0
    assert [d.title for d in response.context["overview"].most_downloaded] == ["Kit animation"]
    assert "Documents" in page  # the main navigation's link
    assert page.count("<h1") == 1


def test_browse_filters_and_sorts(as_user, member, moderator):
    published(moderator, title="B alliance", entry_point="methodes",
              levers=["apprendre-a-faire-alliance"], domains=["sante"], tags=["santé"])
    published(moderator, title="A stratégie", entry_point="methodes",
              levers=["definir-sa-strategie"], domains=["emploi"], tags=["emploi"])
    published(moderator, title="C données", entry_point="donnees", levers=[], domains=[],
              tags=[])
    client = as_user(member)
    url = reverse("documents:browse")

    def titles(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return [document.title for document in response.context["page"]]

    assert titles(porte="methodes", tri="titre") == ["A stratégie", "B alliance"]
    assert titles(levier="apprendre-a-faire-alliance") == ["B alliance"]
    assert titles(domaine="emploi") == ["A stratégie"]
    assert titles(etiquette="santé") == ["B alliance"]
    assert titles(etiquette="EMPLOI") == ["A stratégie"]
    assert titles(tri="titre") == ["A stratégie", "B alliance", "C données"]
    # What the address does not understand is ignored, never an error.
    assert len(titles(porte="<script>", tri="n'importe", page="abc")) == 3


@pytest.mark.parametrize("size", [3, 45])
def test_browse_costs_constant_queries(as_user, member, size, django_assert_max_num_queries):
    _bulk(MemberFactory(), size)
    client = as_user(member)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("documents:browse"), {"tri": "telecharges"})
    assert response.status_code == 200
    assert len(response.context["page"]) == min(size, 20)


@pytest.mark.parametrize("size", [3, 45])
def test_overview_costs_constant_queries(as_user, member, size, django_assert_max_num_queries):
    _bulk(MemberFactory(), size)
    client = as_user(member)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("documents:overview"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 30])
def test_mine_costs_constant_queries(as_user, member, size, django_assert_max_num_queries):
    _bulk(member, size)
    client = as_user(member)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("documents:mine"))
    assert response.status_code == 200


def test_document_page_shows_files_versions_and_upload_form(as_user, moderator):
    document = published(moderator, uploads=[text_file("bilan.txt")])
    response = as_user(moderator).get(document.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "bilan.txt" in page and "Version 1" in page
    assert reverse("documents:version_upload", args=[document.pk]) in page
    row = document.versions.get().files.get()
    assert reverse("documents:download", args=[row.pk]) in page


@pytest.mark.parametrize("versions", [1, 12])
def test_document_page_costs_constant_queries(as_user, moderator, versions,
                                              django_assert_max_num_queries):
    from documents import services

    document = published(moderator)
    for number in range(versions - 1):
        services.version_upload(actor=moderator, document=document, uploads=[text_file()],
                                note=f"Mise à jour {number}")
    client = as_user(moderator)
    with django_assert_max_num_queries(20):
        response = client.get(document.get_absolute_url())
    assert response.status_code == 200


def test_propose_through_the_form(as_user, member):
    response = as_user(member).post(reverse("documents:propose"), {
        **card(tags="coopération, PTCE"), "files": [text_file()], "note": "",
    })
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert document.moderation_status == ModerationStatus.PENDING
    mine = as_user(member).get(reverse("documents:mine")).content.decode()
    assert document.title in mine and "En attente" in mine


def test_moderator_publishes_through_the_form(as_user, moderator):
    as_user(moderator).post(reverse("documents:propose"), {
        **card(tags=""), "files": [], "link": "https://www.fun-mooc.fr/cours",
    })
    document = Document.objects.get()
    assert document.is_published and document.link == "https://www.fun-mooc.fr/cours"


def test_edit_through_the_form(as_user, moderator):
    document = published(moderator)
    response = as_user(moderator).post(reverse("documents:edit", args=[document.pk]), {
        **card(title="Titre revu", tags="a, b"),
    })
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Titre revu" and sorted(document.tags.names()) == ["a", "b"]


def test_user_text_is_inert(as_user, moderator, member):
    published(moderator, title="<script>alert(1)</script>",
              description="<img src=x onerror=alert(2)>", tags=["<b>gras</b>"])
    for url in (reverse("documents:overview"), reverse("documents:browse"),
                Document.objects.get().get_absolute_url()):
        page = as_user(member).get(url).content.decode()
        assert "<script>alert(1)" not in page and "<img src=x" not in page
        assert "<b>gras</b>" not in page
