"""The error pages in a browser (issue 10, item 2): French, in the site's layout, accessible
(axe), fitting a phone, and their way back works. (The 500 page and the CSRF failure are
rendered in tests/config/test_error_pages.py: a live server cannot lose its database on cue.)"""

import re

import pytest
from playwright.sync_api import expect

from projects.models import Project
from projects.services.projects import project_create
from tests.e2e.conftest import axe_check
from tests.e2e.live import log_in, ui
from tests.factories import MemberFactory

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 740}


def check_error_page(page, heading: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page).to_have_title(re.compile(rf"^{heading} · Catalyse$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("main")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe_check(page)


@pytest.mark.django_db(transaction=True)
def test_error_pages_in_a_browser(live_server, reference_data, new_context):
    member = MemberFactory(email="marc@exemple.fr", first_name="Marc", last_name="Membre")
    owner = MemberFactory(email="odile@exemple.fr", first_name="Odile", last_name="Autre")
    project = project_create(actor=owner, title="Coopérative de santé",
                             summary="Un centre de santé porté par les habitants.",
                             visibility=Project.Visibility.PRIVATE)
    base = live_server.url

    anonymous = new_context(viewport=PHONE).new_page()
    # The live server's first answer loads the whole URLconf: seconds on a busy machine.
    anonymous.goto(base + "/cette-page-n-existe-pas/", timeout=60_000)
    check_error_page(anonymous, "Page introuvable")
    expect(anonymous.get_by_role("main").get_by_role(
        "link", name=ui("Retour à l'accueil"))).to_be_visible()

    page = new_context(viewport=PHONE).new_page()
    log_in(page, base, member.email)

    page.goto(base + "/animation/candidatures/")
    check_error_page(page, "Accès refusé")
    expect(page.get_by_text("Cette page est réservée aux animateurs")).to_be_visible()

    page.goto(base + project.get_absolute_url(), referer=base + "/projets/")  # a link followed
    check_error_page(page, "Page introuvable")
    expect(page.get_by_text("Coopérative de santé")).to_have_count(0)
    # The way back: the page the member came from, then home.
    page.get_by_role("main").get_by_role("link", name=ui("page précédente")).click()
    expect(page).to_have_url(base + "/projets/")
    page.go_back()
    page.get_by_role("main").get_by_role("link", name=ui("Retour à l'accueil")).click()
    expect(page).to_have_url(base + "/")
