"""Peer search (*Membres*), in a real browser: type, refine by facet, click a region on the map,
go back, open a result, contact; with an accessibility check on each distinct state.

Labels are matched in French or English (translations may not be compiled yet).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from community.models import Metier
from search.indexing import rebuild
from tests.e2e.conftest import axe_check
from tests.factories import DEFAULT_PASSWORD, MemberFactory

pytestmark = pytest.mark.e2e

VIEWER_EMAIL = "vincent.visiteur@exemple.fr"
SHOWN_EMAIL = "berenice.breizh@exemple.fr"

# first name, last name, region, trade, skills, organisation. Five of them know about
# "tiers-lieux": three in Bretagne, one in Occitanie, one in La Réunion.
MEMBERS = [
    ("Bérénice", "Breizh", "bretagne", "gestion-d-un-lieu", ["Tiers-lieux", "Facilitation"],
     "La Grange partagée"),
    ("Yann", "Kerlo", "bretagne", "accompagnement", ["Tiers-lieux", "Ingénierie territoriale"],
     "Coopérative Ker"),
    ("Inès", "Rennaise", "bretagne", "experimentations-collectives", ["Tiers-lieux"],
     "Collectif rennais"),
    ("Gaëlle", "Brestoise", "bretagne", "dialogue-territorial", ["Mécénat de compétences"],
     "Mairie de Brest"),
    ("Sophie", "Toulousaine", "occitanie", "gestion-d-un-lieu",
     ["Tiers-lieux", "Innovation sociale"], "Le Hangar"),
    ("Paul", "Montpellier", "occitanie", "accompagnement", ["Mécénat de compétences"],
     "Fondation Sud"),
    ("Hugo", "Albigeois", "occitanie", "experimentations-collectives", ["Open Badges"],
     "Atelier numérique"),
    ("Jules", "Nîmois", "occitanie", "dialogue-territorial", ["Médiation numérique"],
     "Maison France services"),
    ("Nadia", "Payet", "la-reunion", "experimentations-collectives",
     ["Tiers-lieux", "Économie sociale et solidaire"], "Kaz Lakour"),
    ("Louis", "Hoarau", "la-reunion", "dialogue-territorial",
     ["Mécénat de compétences", "RSE & partenariats"], "Entreprise Océan"),
    ("Karim", "Grondin", "la-reunion", "accompagnement", ["Financement de projets"],
     "Réunion Initiative"),
]
TIERS_LIEUX = ["Bérénice Breizh", "Yann Kerlo", "Inès Rennaise", "Sophie Toulousaine",
               "Nadia Payet"]
IN_BRETAGNE = ["Bérénice Breizh", "Yann Kerlo", "Inès Rennaise"]


def ui(*words: str) -> re.Pattern:
    """An accessible-name pattern that matches the English msgid or its French translation."""
    return re.compile("|".join(words), re.IGNORECASE)


def exactly(*words: str) -> re.Pattern:
    return re.compile("^(" + "|".join(words) + ")$")


def make_member(first, last, region, metier, skills, organisation, *, show_email=False,
                **user):
    member = MemberFactory(
        first_name=first, last_name=last,
        onboarded__region=region, onboarded__metiers=[metier], onboarded__skills=skills, **user,
    )
    member.profile.organisation = organisation  # the factory's default names a tiers-lieu
    member.profile.show_email = show_email
    member.profile.save()
    return member


def expect_results(page: Page, names: list[str]) -> None:
    """Exactly these members are listed (in any order)."""
    cards = page.locator("#results").get_by_role("article")
    expect(cards).to_have_count(len(names))
    for name in names:
        expect(cards.get_by_role("heading", name=name)).to_be_visible()


def card(page: Page, name: str):
    return page.locator("#results").get_by_role("article").filter(
        has=page.get_by_role("heading", name=name)
    )


@pytest.mark.django_db(transaction=True)
def test_type_refine_map_back_open_contact(live_server, reference_data, new_context):
    assert Metier.objects.count() == 4
    make_member("Vincent", "Visiteur", "ile-de-france", "dialogue-territorial",
                ["Animation de réseau"], "Réseau francilien", email=VIEWER_EMAIL)
    shown_email = {"Bérénice": {"email": SHOWN_EMAIL, "show_email": True}}
    members = {
        f"{first} {last}": make_member(first, last, region, metier, skills, organisation,
                                       **shown_email.get(first, {}))
        for first, last, region, metier, skills, organisation in MEMBERS
    }
    berenice, yann = members["Bérénice Breizh"], members["Yann Kerlo"]
    assert not yann.profile.show_email and not yann.profile.contact_note
    assert rebuild("members") == 12  # factories bypass the services, so nothing indexed them
    base = live_server.url

    # --- A member logs in through the real form --------------------------------------------
    page = new_context().new_page()
    page.goto(base + "/comptes/login/")
    page.locator("[name=login]").fill(VIEWER_EMAIL)
    page.locator("[name=password]").fill(DEFAULT_PASSWORD)
    page.get_by_role("main").get_by_role("button", name=ui("Log in", "Connexion",
                                                           "connecter")).click()
    expect(page).to_have_url(base + "/")

    page.goto(base + "/membres/")
    results = page.locator("#results")
    expect(results.get_by_role("article")).to_have_count(12)

    # --- Search as you type: no submit, HTMX waits for a pause -----------------------------
    box = page.get_by_role("search").get_by_role("searchbox")
    box.press_sequentially("tiers lieu")
    expect(page).to_have_url(re.compile(r"/membres/\?(.*&)?q=tiers(\+|%20)lieu(&|$)"))
    expect_results(page, TIERS_LIEUX)
    expect(results).to_have_count(1)
    # The matching skill is highlighted, and the status region announces the count.
    expect(card(page, "Yann Kerlo").locator("mark").first).to_have_text(ui("tiers"))
    expect(page.locator("#search-status")).to_have_text(ui("5 members", "5 membres"))
    axe_check(page)

    # --- Refine by trade: the facet narrows, the address keeps both --------------------------
    trades = page.get_by_role("group", name=exactly("Trades", "Métiers"))
    place = trades.get_by_role("checkbox", name=ui("Running a place", "Gestion d.un lieu"))
    expect(place).to_have_accessible_name(re.compile(r"\(2\)"))
    place.check()
    expect(page).to_have_url(re.compile(r"metier=gestion-d-un-lieu"))
    expect(page).to_have_url(re.compile(r"[?&]q=tiers(\+|%20)lieu"))
    expect_results(page, ["Bérénice Breizh", "Sophie Toulousaine"])
    expect(place).to_be_checked()
    expect(box).to_have_value("tiers lieu")
    axe_check(page)

    place.uncheck()
    expect(page).not_to_have_url(re.compile(r"metier="))
    expect_results(page, TIERS_LIEUX)

    # --- Click a region on the map: counts follow the search ---------------------------------
    region_map = page.get_by_role("figure")
    expect(region_map.get_by_role("link", name=re.compile(r"^Occitanie\s*:\s*1 "))).to_be_visible()
    region_map.get_by_role("link", name=re.compile(r"^Bretagne\s*:\s*3 ")).click()
    expect(page).to_have_url(re.compile(r"[?&]region=bretagne"))
    expect(page).to_have_url(re.compile(r"[?&]q=tiers(\+|%20)lieu"))
    expect_results(page, IN_BRETAGNE)
    expect(region_map.get_by_role("link", name=re.compile(r"^Bretagne\s*:"))).to_have_attribute(
        "aria-current", "true"
    )
    expect(page.get_by_role("group", name=exactly("Region", "Région")).get_by_role(
        "checkbox", name=re.compile("Bretagne"))).to_be_checked()
    axe_check(page)

    # --- The back button restores the previous search -----------------------------------------
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"region="))
    expect(page).to_have_url(re.compile(r"[?&]q=tiers(\+|%20)lieu"))
    expect_results(page, TIERS_LIEUX)
    expect(box).to_have_value("tiers lieu")

    # --- Open a result: the profile, with the shared address -----------------------------------
    card(page, "Bérénice Breizh").get_by_role("link", name="Bérénice Breizh", exact=True).click()
    expect(page).to_have_url(f"{base}/membres/{berenice.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bérénice Breizh")
    contact = page.get_by_role("complementary", name=exactly("Contact"))
    expect(contact.get_by_role("link", name=SHOWN_EMAIL)).to_have_attribute(
        "href", f"mailto:{SHOWN_EMAIL}"
    )
    axe_check(page)
    page.go_back()
    expect_results(page, TIERS_LIEUX)

    # --- Contact from the results: email when shared, else the profile's contact section ------
    expect(card(page, "Bérénice Breizh").get_by_role(
        "link", name=ui("Contact Bérénice Breizh", "Contacter Bérénice Breizh")
    )).to_have_attribute("href", f"mailto:{SHOWN_EMAIL}")
    card(page, "Yann Kerlo").get_by_role(
        "link", name=ui("Contact Yann Kerlo", "Contacter Yann Kerlo")
    ).click()
    expect(page).to_have_url(f"{base}/membres/{yann.pk}/#contact")
    contact = page.get_by_role("complementary", name=exactly("Contact"))
    expect(contact).to_be_in_viewport()
    expect(contact).to_contain_text(ui("not shared contact details", "pas encore partagé"))
    expect(contact.get_by_role("link")).to_have_count(0)

    # --- A search that finds nobody: the empty state suggests a way out -----------------------
    page.go_back()
    expect_results(page, TIERS_LIEUX)
    box.fill("zzzzqqq")
    expect(page).to_have_url(re.compile(r"[?&]q=zzzzqqq"))
    empty = results.locator("[data-empty=no-match]")
    expect(empty).to_be_visible()
    expect(empty).to_contain_text("zzzzqqq")
    expect(results.get_by_role("article")).to_have_count(0)
    expect(empty.get_by_role("link", name=ui("See all the members", "Voir tous les membres"))
           ).to_have_attribute("href", "/membres/")
    expect(empty).to_contain_text(ui("Check the spelling", "orthographe"))
    axe_check(page)

    # Back again: HTMX restores the previous results, and the box follows the address.
    page.go_back()
    expect(page).to_have_url(re.compile(r"[?&]q=tiers(\+|%20)lieu"))
    expect_results(page, TIERS_LIEUX)
    expect(box).to_have_value("tiers lieu")
