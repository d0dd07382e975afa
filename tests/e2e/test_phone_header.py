"""On a 375 × 740 phone (issue 10, item 11): the header is one compact row whose "Menu" button
(static/js/menu.js) is a disclosure, operable with the keyboard, and every page of the
journeys fits the screen's width, long e-mail addresses included. On a wide screen the menu
shows as it always did, without the button; without JavaScript the menu stays reachable."""

import re

import pytest
from playwright.sync_api import Page, expect

from community.models import Application, Invitation
from tests.e2e.conftest import axe_check
from tests.e2e.live import log_in, ui
from tests.factories import ApplicantFactory, MemberFactory, ModeratorFactory

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 740}
HEADER_MAX_PX = 120
# No hyphen to break at: only overflow-wrap can fold it.
LONG_EMAIL = "mariecharlotte.delafontainesainthilaire@communautedecommunespaysdequimperle.bzh"
DECIDED_EMAIL = "jean-baptiste.kergoat-le-floch@association-des-tiers-lieux-du-finistere-sud.org"
INVITED_EMAIL = "coordination.territoriale.ptce@agglomeration-quimper-bretagne-occidentale.fr"
# The pages of the journeys, as a moderator sees them.
PAGES = [
    "/", "/mur/", "/actualites/", "/documents/", "/projets/", "/membres/", "/chat/",
    "/notifications/", "/animation/candidatures/", "/animation/invitations/",
    "/animation/signalements/", "/animation/journal/", "/animation/suspensions/", "/profil/",
]


def _people() -> dict:
    claire = ModeratorFactory(email="claire@exemple.fr", first_name="Claire",
                              last_name="Animatrice")
    ApplicantFactory(email=LONG_EMAIL, first_name="Marie-Charlotte",
                     last_name="de La Fontaine-Saint-Hilaire")
    decided = ApplicantFactory(email=DECIDED_EMAIL, first_name="Jean-Baptiste",
                               last_name="Kergoat-Le Floch")
    Application.objects.filter(user=decided).update(status=Application.Status.REJECTED,
                                                    decided_by=claire)
    Invitation.objects.create(email=INVITED_EMAIL, token_hash="e" * 64, invited_by=claire)
    MemberFactory(email="odile@exemple.fr", first_name="Odile", last_name="Autre")
    return {"claire": claire}


def header_height(page: Page) -> float:
    return page.get_by_role("banner").bounding_box()["height"]


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.django_db(transaction=True)
def test_phone_header_is_a_compact_disclosure(live_server, reference_data, new_context):
    _people()
    base = live_server.url
    page = new_context(viewport=PHONE).new_page()
    log_in(page, base, "claire@exemple.fr")

    banner = page.get_by_role("banner")
    button = banner.get_by_role("button", name=ui("^Menu$"))
    nav = banner.get_by_role("navigation", name=ui("Main menu", "Menu principal"))
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    controls = button.get_attribute("aria-controls").split()
    assert "site-nav" in controls and "site-account" in controls
    expect(nav).to_be_hidden()
    assert header_height(page) <= HEADER_MAX_PX, f"the header is {header_height(page)} px high"
    # The bell stays in the bar, outside the folded menu.
    expect(banner.locator("[data-notifications-bell]")).to_be_visible()

    # --- With the mouse (a tap): open, then close ----------------------------------------------
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link", name=ui("^Documents"))).to_be_visible()
    expect(banner.get_by_role("button", name=ui("English"))).to_be_visible()
    axe_check(page)
    button.click()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()

    # --- With the keyboard: Tab reaches the button, Enter opens, Tab goes into the menu,
    # Escape closes it and gives focus back to the button ------------------------------------------
    page.goto(base + "/")
    for _ in range(6):
        page.keyboard.press("Tab")
        if button.evaluate("b => b === document.activeElement"):
            break
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    first_link = nav.get_by_role("link").first
    expect(first_link).to_be_focused()
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    expect(button).to_be_focused()
    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-expanded", "true")

    # --- A link of the menu leads to its page, where the menu starts folded again --------------
    nav.get_by_role("link", name=ui("^Moderation", "^Animation")).click()
    expect(page).to_have_url(base + "/animation/candidatures/")
    expect(button).to_have_attribute("aria-expanded", "false")

    # --- Every page of the journeys fits 375 px, long e-mail addresses wrap --------------------
    for path in PAGES:
        page.goto(base + path)
        expect(page.get_by_role("heading", level=1).first).to_be_visible()
        assert page_width(page) <= PHONE["width"], (
            f"{path} is {page_width(page)} px wide on a 375 px phone"
        )
        assert header_height(page) <= HEADER_MAX_PX, f"{path}: header {header_height(page)} px"
    page.goto(base + "/animation/candidatures/")
    email = page.get_by_text(LONG_EMAIL)
    expect(email).to_be_visible()
    box = email.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    axe_check(page)


@pytest.mark.django_db(transaction=True)
def test_wide_screen_and_no_javascript_keep_the_menu_shown(live_server, reference_data,
                                                           new_context):
    _people()
    base = live_server.url
    # --- A wide screen: no button, the menu and the account tools in the bar as before ---------
    wide = new_context().new_page()
    log_in(wide, base, "odile@exemple.fr")
    banner = wide.get_by_role("banner")
    expect(banner.get_by_role("navigation", name=ui("Main menu", "Menu principal"))).to_be_visible()
    expect(banner.get_by_role("button", name=ui("^Menu$"))).to_be_hidden()
    expect(banner.locator("summary")).to_have_text(re.compile("Odile Autre"))
    wide.keyboard.press("Escape")  # nothing folds on a wide screen
    expect(banner.get_by_role("navigation")).to_be_visible()

    # --- A phone without JavaScript: no button that does nothing, every link reachable ---------
    phone = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    log_in(phone, base, "odile@exemple.fr")
    banner = phone.get_by_role("banner")
    expect(banner.get_by_role("button", name=ui("^Menu$"))).to_be_hidden()
    nav = banner.get_by_role("navigation", name=ui("Main menu", "Menu principal"))
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link", name=ui("^Chat", "^Messagerie"))).to_be_visible()
    expect(banner.locator("summary")).to_be_visible()
    assert page_width(phone) <= PHONE["width"]
