"""Projects in the browser (issue 6): a member opens a private project from the main menu,
invites a peer from the Membres tab; the peer accepts the invitation from their home, writes
in the Discussion tab, adds a document that the owner then updates with a new version, and is
given a task; a member outside the project finds neither the project nor its document (page,
files, search). Every page passes axe, and the project reads on a 375 px
phone."""

import pytest
from playwright.sync_api import expect

from documents.models import Document, DocumentFile
from projects.models import Project
from tests.e2e.conftest import axe_check
from tests.e2e.live import log_in, ui
from tests.factories import MemberFactory

pytestmark = pytest.mark.e2e

TITLE = "Épicerie solidaire du quartier"
DOCUMENT = "Relevé des prix"


@pytest.mark.django_db(transaction=True)
def test_a_private_project_from_creation_to_teamwork(live_server, reference_data, new_context):
    MemberFactory(email="anouk@exemple.fr", first_name="Anouk", last_name="Arvor")
    basile_member = MemberFactory(email="basile@exemple.fr", first_name="Basile",
                                  last_name="Kerjean")
    basile_member.profile.organisation = "Épicerie du port"
    basile_member.profile.save()
    MemberFactory(email="basile2@exemple.fr", first_name="Basile", last_name="Kerjean")
    MemberFactory(email="odile@exemple.fr", first_name="Odile", last_name="Autre")
    base = live_server.url

    # --- Anouk opens a private project -------------------------------------------------------
    anouk = new_context().new_page()
    log_in(anouk, base, "anouk@exemple.fr")
    anouk.get_by_role("navigation", name=ui("Main menu", "Menu principal")).get_by_role(
        "link", name=ui("^Projects$", "^Projets$")).click()
    expect(anouk).to_have_url(base + "/projets/")
    axe_check(anouk)
    anouk.get_by_role("link", name=ui("Open a project", "Ouvrir un projet")).click()
    axe_check(anouk)
    anouk.get_by_role("button", name=ui("Open the project", "Ouvrir le projet")).click()
    expect(anouk.get_by_role("alert")).to_contain_text(ui("correct", "corriger"))
    anouk.get_by_label(ui("^Title", "^Titre")).fill(TITLE)
    anouk.get_by_label(ui("^Summary", "^Résumé")).fill("Des produits frais à petit prix.")
    anouk.get_by_label(ui("members only", "membres du projet seulement")).check()
    anouk.get_by_role("button", name=ui("Open the project", "Ouvrir le projet")).click()
    expect(anouk.get_by_role("heading", level=1)).to_have_text(TITLE)
    axe_check(anouk)
    project = Project.objects.get(title=TITLE)

    # --- She invites Basile from the Membres tab ---------------------------------------------
    tabs = anouk.get_by_role("navigation", name=ui("Sections of the project", "Sections du"))
    tabs.get_by_role("link", name=ui("^Members$", "^Membres$")).click()
    expect(tabs.get_by_role("link", name=ui("^Members$", "^Membres$"))).to_have_attribute(
        "aria-current", "page")
    axe_check(anouk)
    # The picker: she types part of the name, the suggestions show each person's organisation
    # (a namesake elsewhere is told apart), and she picks Basile with the keyboard.
    search = anouk.get_by_role("combobox", name=ui("Member to invite", "Membre à inviter"))
    search.press_sequentially("basile k")
    suggestions = anouk.get_by_role("listbox", name=ui("Members who may be invited",
                                                       "Membres pouvant être invités"))
    expect(suggestions.get_by_role("option")).to_have_count(2)
    expect(suggestions).to_contain_text("Basile Kerjean — Tiers-lieu de la Vallée, Bretagne")
    target = suggestions.get_by_role("option", name="Basile Kerjean — Épicerie du port")
    for _press in range(2):  # two suggestions: at most two presses reach it
        search.press("ArrowDown")
        if target.get_attribute("aria-selected") == "true":
            break
    expect(target).to_have_attribute("aria-selected", "true")
    expect(search).to_have_attribute("aria-activedescendant", target.get_attribute("id"))
    search.press("Enter")
    expect(anouk.get_by_role("radio", name="Épicerie du port")).to_be_checked()
    expect(anouk.get_by_role("radio", name="Épicerie du port")).to_be_focused()
    expect(anouk.get_by_role("radio")).to_have_count(1)
    axe_check(anouk)
    anouk.get_by_role("button", name=ui("^Invite$", "^Inviter$")).click()
    expect(anouk.locator(".messages")).to_contain_text("Basile Kerjean")

    # --- Basile accepts from his home, writes, is given a task --------------------------------
    basile = new_context().new_page()
    log_in(basile, base, "basile@exemple.fr")
    basile.get_by_role("link", name=ui("invited to join", "invité·e à rejoindre")).click()
    axe_check(basile)
    basile.get_by_role("button", name=ui("Accept the invitation", "Accepter l'invitation")).click()
    expect(basile.get_by_role("heading", level=1)).to_have_text(TITLE)
    basile.get_by_role("link", name="Discussion").click()
    basile.get_by_label(ui("Your message", "Votre message")).fill("Je m'occupe des **bénévoles**.")
    basile.get_by_role("button", name=ui("^Publish$", "^Publier$")).click()
    expect(basile.locator("#wall-feed strong", has_text="bénévoles")).to_be_visible()
    axe_check(basile)

    anouk.goto(f"{base}/projets/{project.pk}/taches/")
    anouk.get_by_label(ui("^Task", "^Tâche")).first.fill("Appeler les producteurs")
    anouk.get_by_label(ui("Assigned to", "Confiée à")).select_option(label="Basile Kerjean")
    anouk.get_by_label(ui("Due date", "Échéance")).fill("2027-01-15")
    anouk.get_by_role("button", name=ui("Add the task", "Ajouter la tâche")).click()
    expect(anouk.locator(".task__title", has_text="Appeler les producteurs")).to_be_visible()
    axe_check(anouk)

    # --- Basile adds a document in the Documents tab, Anouk uploads a new version -------------
    tabs = basile.get_by_role("navigation", name=ui("Sections of the project", "Sections du"))
    tabs.get_by_role("link", name="Documents").click()
    axe_check(basile)
    basile.get_by_role("link", name=ui("Add a document", "Ajouter un document")).click()
    basile.get_by_label(ui("^Title", "^Titre")).fill(DOCUMENT)
    basile.get_by_label(ui("^Description")).fill("Les prix des producteurs, semaine par semaine.")
    basile.get_by_label(ui("^Files", "^Fichiers")).set_input_files(
        files=[{"name": "prix.csv", "mimeType": "text/csv", "buffer": b"produit;prix\npain;2\n"}])
    basile.get_by_role("button", name=ui("^Publish", "^Publier")).click()
    expect(basile.get_by_role("heading", level=1)).to_have_text(DOCUMENT)
    document = Document.objects.get(title=DOCUMENT)

    anouk.goto(base + document.get_absolute_url())
    anouk.get_by_label(ui("Files of the new version", "Fichiers de la nouvelle version")
                       ).set_input_files(files=[{"name": "prix.csv", "mimeType": "text/csv",
                                                 "buffer": b"produit;prix\npain;2,10\n"}])
    anouk.get_by_label(ui("What changed", "Qu'est-ce qui a changé")).fill("Prix d'hiver")
    anouk.get_by_role("button", name=ui("Upload the new version",
                                        "Déposer la nouvelle version")).click()
    expect(anouk.locator("[data-version='2']")).to_contain_text("Prix d'hiver")
    axe_check(anouk)

    # --- Odile, outside the project, on a phone: nothing to find ------------------------------
    odile = new_context(viewport={"width": 375, "height": 740}).new_page()
    log_in(odile, base, "odile@exemple.fr")
    odile.goto(base + "/projets/")
    expect(odile.get_by_role("heading", level=1)).to_be_visible()
    expect(odile.get_by_text(TITLE)).to_have_count(0)
    response = odile.goto(f"{base}/projets/{project.pk}/")
    assert response.status == 404
    response = odile.goto(f"{base}/projets/?q=épicerie")
    expect(odile.get_by_text(TITLE)).to_have_count(0)
    # Nor its document: not its page, not its files (old or new), not in the search.
    assert odile.goto(base + document.get_absolute_url()).status == 404
    for stored in DocumentFile.objects.filter(version__document=document):
        assert odile.goto(f"{base}/documents/fichiers/{stored.pk}/").status == 404
    assert odile.goto(f"{base}/projets/{project.pk}/documents/").status == 404
    odile.goto(base + "/documents/recherche/?q=producteurs")
    expect(odile.get_by_role("main")).not_to_contain_text(DOCUMENT)
    basile.goto(base + "/documents/recherche/?q=producteurs")
    expect(basile.get_by_role("main")).to_contain_text(DOCUMENT)

    phone = new_context(viewport={"width": 375, "height": 740}).new_page()
    log_in(phone, base, "basile@exemple.fr")
    for path in ("", "taches/", "membres/", "discussion/"):
        phone.goto(f"{base}/projets/{project.pk}/{path}")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"/projets/{project.pk}/{path} is {width} px wide on a phone"
