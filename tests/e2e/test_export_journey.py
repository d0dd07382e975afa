"""*Mes données* in the browser (issue 14, item 1): a member finds the page in the account menu,
asks for their export, sees it ready, downloads the ZIP, and opens its index.html from the
extracted archive through file:// — offline, in French, their words there and another member's
not, the copied file reachable from its link. The page and the offline index pass axe; a second
request the same day is refused in French."""

import zipfile

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_check
from tests.e2e.live import log_in, ui
from tests.factories import MemberFactory
from tests.privacy.helpers import OTHERS_SECRET, WORDS, seed_everything

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True)
def test_ask_download_and_read_my_export_offline(live_server, reference_data, new_context,
                                                 tmp_path):
    member = MemberFactory(email="anouk@exemple.fr", first_name="Anouk", last_name="Arvor")
    other = MemberFactory(email="odile@exemple.fr", first_name="Odile", last_name="Autre")
    seed_everything(member, other)
    base = live_server.url

    page = new_context(accept_downloads=True).new_page()
    log_in(page, base, "anouk@exemple.fr")
    page.locator("summary", has_text="Anouk").click()
    page.get_by_role("link", name=ui("^My data$", "^Mes données$")).click()
    expect(page).to_have_url(base + "/mes-donnees/")
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("My data", "Mes données"))
    expect(page.get_by_role("heading", name=ui("What the export holds",
                                               "Ce que contient l'export"))).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name=ui("Ask for my export", "Demander mon export")).click()
    expect(page.locator(".messages")).to_contain_text(ui("being prepared", "en préparation"))
    download_link = page.get_by_role("link", name=ui("Download the archive",
                                                     "Télécharger l'archive"))
    expect(download_link).to_be_visible()
    expect(page.locator("#exports")).to_contain_text(ui("Ready", "Prête"))
    axe_check(page)

    with page.expect_download() as waiting:
        download_link.click()
    archive_path = tmp_path / "export.zip"
    waiting.value.save_as(archive_path)
    extracted = tmp_path / "extrait"
    with zipfile.ZipFile(archive_path) as archive:
        archive.extractall(extracted)

    # A second request the same day: refused, in French, nothing lost.
    page.get_by_role("button", name=ui("Ask for my export", "Demander mon export")).click()
    expect(page.locator(".messages")).to_contain_text(ui("one export a day",
                                                         "un export par jour"))
    expect(download_link).to_be_visible()

    offline = new_context(offline=True).new_page()
    offline.goto((extracted / "index.html").as_uri())
    expect(offline.get_by_role("heading", level=1)).to_contain_text(
        ui("My data on Catalyse", "Mes données sur Catalyse"))
    expect(offline.locator("html")).to_have_attribute("lang", "fr")
    messages = offline.locator("section[aria-labelledby='messages']").get_by_role("table")
    expect(messages).to_contain_text(WORDS["messages"])
    expect(messages).to_contain_text(ui("another member", "un autre membre"))
    assert OTHERS_SECRET not in offline.content()
    axe_check(offline)

    file_link = offline.locator("a[href^='fichiers/documents-fichiers/']")
    expect(file_link).to_have_count(1)
    offline.get_by_role("link", name=ui("Documents")).first.click()  # the table of contents
    target = extracted / file_link.get_attribute("href").replace("%20", " ")
    assert target.read_text(encoding="utf-8") == "Le texte du fichier déposé.\n"
