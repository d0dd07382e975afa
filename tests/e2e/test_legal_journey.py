"""The legal pages and the charter in a browser (issue 14, item 4): a visitor follows every
footer link from the landing page; a member asked to accept a new version of the charter
accepts it and is brought back to the page they asked for. axe-core on each page."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from legal.models import CharterVersion
from legal.services import charter_draft_save, charter_publish
from tests.e2e.conftest import axe_check
from tests.e2e.live import log_in, ui
from tests.factories import AdminFactory, MemberFactory

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 740}

FOOTER = [
    ("Mentions légales", "/mentions-legales/"),
    ("Politique de confidentialité", "/confidentialite/"),
    ("Charte de la communauté", "/charte/"),
    (r"Accessibilité\s:\snon conforme", "/accessibilite/"),
    ("Plan du site", "/plan-du-site/"),
]


@pytest.mark.django_db(transaction=True)
def test_legal_pages_and_the_charter_in_a_browser(live_server, reference_data, new_context):
    # A flush by an earlier journey empties the data migration's rows: make version 1 again
    # if needed (the pages fall back to their default texts by themselves).
    CharterVersion.objects.get_or_create(number=1, defaults={
        "body": "Soyez bienveillants.", "published_at": timezone.now()})
    admin = AdminFactory()
    member = MemberFactory(email="marc@exemple.fr", first_name="Marc", last_name="Membre")
    base = live_server.url

    visitor = new_context().new_page()
    # The live server's first answer loads the whole URLconf: seconds on a busy machine.
    visitor.goto(base + "/", timeout=60_000)
    for label, path in FOOTER:
        footer = visitor.get_by_role("contentinfo")
        footer.get_by_role("link", name=re.compile(label)).click()
        expect(visitor).to_have_url(base + path)
        expect(visitor.locator("html")).to_have_attribute("lang", "fr")
        expect(visitor.get_by_role("heading", level=1)).to_be_visible()
        axe_check(visitor)
    expect(visitor.get_by_role("main").get_by_role("link", name="Se connecter")).to_be_visible()

    # On a phone, the privacy policy's tables scroll inside the page, not the page itself.
    phone = new_context(viewport=PHONE).new_page()
    phone.goto(base + "/confidentialite/")
    expect(phone.get_by_role("heading", name="Combien de temps nous conservons vos données"))\
        .to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe_check(phone)

    page = new_context().new_page()
    log_in(page, base, member.email)
    draft = charter_draft_save(actor=admin, version=CharterVersion(
        body="## Nouveau\n\nNe publiez aucune donnée sur les habitants.",
        changes="Un article sur les habitants."))
    charter_publish(actor=admin, version=draft)

    page.get_by_role("navigation", name=ui("Main menu", "Menu principal")).get_by_role(
        "link", name="Projets").click()
    expect(page).to_have_url(re.compile(re.escape(base) + r"/charte/\?next="))
    expect(page.get_by_text("la version 2 remplace la version 1")).to_be_visible()
    expect(page.get_by_text("Un article sur les habitants.")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Aller au formulaire d'acceptation").click()
    expect(page).to_have_url(re.compile(r"#accepter-la-charte$"))
    page.get_by_role("button", name="J'accepte la charte").click()
    expect(page.get_by_role("alert")).to_be_visible()  # nothing accepted yet
    expect(page.get_by_text("Cochez la case pour accepter la charte")).to_be_visible()
    axe_check(page)
    page.get_by_label("J'ai lu la charte de la communauté et je l'accepte.").check()
    page.get_by_role("button", name="J'accepte la charte").click()
    expect(page).to_have_url(base + "/projets/")
    expect(page.get_by_text("vous avez accepté la charte de la communauté")).to_be_visible()
