"""The library and a private project's documents in the browser (issue 6): a member proposes a
document with a PDF, a moderator publishes it from its page, another member downloads it; in a
private project, a contributor adds a document, the owner uploads a new version, and a member
who is not in the project can neither see, nor download, nor find it. Every page passes axe,
and the library reads on a 375 px phone."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import expect

from documents.models import Document, DocumentFile
from projects.models import Project, ProjectMembership
from tests.documents.samples import pdf_bytes
from tests.e2e.conftest import axe_check
from tests.e2e.live import log_in, ui
from tests.factories import MemberFactory, ModeratorFactory

pytestmark = pytest.mark.e2e

PROPOSED = "Guide du premier tour de table"
PROJECT_DOC = "Budget prévisionnel du tiers-lieu"


def _people() -> dict:
    import_module("documents.migrations.0002_levers").load(apps, None)
    people = {
        "anouk": MemberFactory(email="anouk@exemple.fr", first_name="Anouk",
                               last_name="Arvor"),
        "basile": MemberFactory(email="basile@exemple.fr", first_name="Basile",
                                last_name="Kerjean"),
        "odile": MemberFactory(email="odile@exemple.fr", first_name="Odile",
                               last_name="Autre"),
        "claire": ModeratorFactory(email="claire@exemple.fr", first_name="Claire",
                                   last_name="Animatrice"),
    }
    project = Project.objects.create(title="Tiers-lieu nourricier", summary="Un lieu partagé.",
                                     visibility=Project.Visibility.PRIVATE,
                                     created_by=people["anouk"])
    ProjectMembership.objects.create(project=project, member=people["anouk"],
                                     role=ProjectMembership.Role.OWNER)
    ProjectMembership.objects.create(project=project, member=people["basile"])
    people["project"] = project
    return people


def _fill_card(page, title: str, *, library: bool = True) -> None:
    page.get_by_label(ui("^Title", "^Titre")).fill(title)
    page.get_by_label(ui("^Description")).fill("Une méthode pas à pas, testée en Bretagne.")
    if library:  # a project's document has no entry point: it is not in the library
        page.get_by_label(ui("Entry point", "Porte d'entrée")).select_option("methodes")
    page.get_by_role("checkbox", name=ui("Learn to form alliances",
                                         "Apprendre à faire alliance")).check()


@pytest.mark.django_db(transaction=True)
def test_library_and_private_project_documents(live_server, reference_data, new_context,
                                               tmp_path):
    people = _people()
    base = live_server.url
    pdf = tmp_path / "guide.pdf"
    pdf.write_bytes(pdf_bytes("Premier tour de table"))

    # --- Anouk proposes a document with a PDF ---------------------------------------------------
    anouk = new_context().new_page()
    log_in(anouk, base, "anouk@exemple.fr")
    anouk.get_by_role("navigation", name=ui("Main menu", "Menu principal")).get_by_role(
        "link", name="Documents").click()
    expect(anouk).to_have_url(base + "/documents/")
    expect(anouk.get_by_role("heading", level=1)).to_have_text("Documents")
    axe_check(anouk)
    anouk.get_by_role("link", name=ui("Propose a document", "Proposer un document")).click()
    _fill_card(anouk, PROPOSED)
    anouk.get_by_label(ui("^Files", "^Fichiers")).set_input_files(str(pdf))
    anouk.get_by_role("button", name=ui("Send my proposal", "Envoyer ma proposition")).click()
    expect(anouk.locator(".messages")).to_contain_text(ui("Thank you", "Merci"))
    expect(anouk.get_by_role("heading", level=1)).to_have_text(PROPOSED)
    axe_check(anouk)

    # --- Claire publishes it from its page -------------------------------------------------------
    document = Document.objects.get(title=PROPOSED)
    claire = new_context().new_page()
    log_in(claire, base, "claire@exemple.fr")
    claire.goto(base + document.get_absolute_url())
    claire.get_by_role("button", name=ui("Approve and publish", "Approuver et publier")).click()
    expect(claire).to_have_url(base + document.get_absolute_url())
    document.refresh_from_db()
    assert document.is_published

    # --- Odile finds it on a phone and downloads it ----------------------------------------------
    odile = new_context(viewport={"width": 375, "height": 740}).new_page()
    log_in(odile, base, "odile@exemple.fr")
    odile.goto(base + "/documents/")
    odile.get_by_role("link", name=PROPOSED).first.click()
    expect(odile.get_by_role("heading", level=1)).to_have_text(PROPOSED)
    width = odile.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the document page is {width} px wide on a 375 px phone"
    axe_check(odile)
    with odile.expect_download() as download:
        odile.get_by_role("link", name=re.compile("guide")).first.click()
    assert download.value.suggested_filename.endswith(".pdf")

    # --- In the private project: Basile adds a document, Anouk uploads a new version -------------
    project = people["project"]
    basile = new_context().new_page()
    log_in(basile, base, "basile@exemple.fr")
    basile.goto(f"{base}/projets/{project.pk}/documents/")
    axe_check(basile)
    basile.get_by_role("link", name=ui("Add a document", "Ajouter un document")).click()
    _fill_card(basile, "", library=False)
    basile.get_by_label(ui("^Files", "^Fichiers")).set_input_files(
        files=[{"name": "budget.csv", "mimeType": "text/csv",
                "buffer": b"poste;montant\nloyer;1200\n"}])
    basile.get_by_role("button", name=ui("^Publish", "^Publier")).click()
    # The title was forgotten: the file is kept, only the title is asked for.
    expect(basile.locator("[data-held-files]")).to_contain_text("budget.csv")
    basile.get_by_label(ui("^Title", "^Titre")).fill(PROJECT_DOC)
    basile.get_by_role("button", name=ui("^Publish", "^Publier")).click()
    expect(basile.get_by_role("heading", level=1)).to_have_text(PROJECT_DOC)
    project_document = Document.objects.get(title=PROJECT_DOC)

    anouk.goto(base + project_document.get_absolute_url())
    anouk.get_by_label(ui("Files of the new version", "Fichiers de la nouvelle version")
                       ).set_input_files(files=[{"name": "budget.csv", "mimeType": "text/csv",
                                                 "buffer": b"poste;montant\nloyer;1300\n"}])
    anouk.get_by_label(ui("What changed", "Qu'est-ce qui a changé")).fill("Loyer révisé")
    anouk.get_by_role("button", name=ui("Upload the new version",
                                        "Déposer la nouvelle version")).click()
    expect(anouk.locator("[data-version='2']")).to_contain_text("Loyer révisé")
    axe_check(anouk)

    # --- Odile, not in the project, can neither see, nor download, nor find it -------------------
    response = odile.goto(base + project_document.get_absolute_url())
    assert response.status == 404
    latest = DocumentFile.objects.filter(version__document=project_document).latest("pk")
    assert odile.goto(f"{base}/documents/fichiers/{latest.pk}/").status == 404
    assert odile.goto(f"{base}/projets/{project.pk}/documents/").status == 404
    odile.goto(base + "/documents/recherche/?q=budget")
    expect(odile.get_by_role("main")).not_to_contain_text(PROJECT_DOC)
    basile.goto(base + "/documents/recherche/?q=budget")
    expect(basile.get_by_role("main")).to_contain_text(PROJECT_DOC)
