"""Leaving Catalyse in the browser (issue 14, item 2): a member finds "Fermer mon compte" on
*Mes données*, reads what will happen, gets a wrong password refused in French with nothing
changed, then closes their account with the right one and is logged out. Another member then
searches for them and finds nothing, and sees their post on the wall signed "Ancien membre".
Every page visited passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_check
from tests.e2e.live import log_in, ui
from tests.factories import DEFAULT_PASSWORD, MemberFactory
from walls import services as walls
from walls.models import Wall

pytestmark = pytest.mark.e2e

WORD = "xylophonique"


@pytest.mark.django_db(transaction=True)
def test_close_my_account_and_vanish_from_search_and_the_wall(live_server, reference_data,
                                                              new_context):
    leaver = MemberFactory(email="zephyrin@exemple.fr", first_name="Zéphyrin",
                           last_name="Quillebeuf")
    MemberFactory(email="odile@exemple.fr", first_name="Odile", last_name="Autre")
    wall = Wall.objects.get(kind=Wall.Kind.GROUP)
    walls.post_create(actor=leaver, wall=wall, body=f"Un atelier {WORD} à Brest.")
    base = live_server.url

    # Before: Odile finds Zéphyrin by name, and his post by its word.
    odile = new_context().new_page()
    log_in(odile, base, "odile@exemple.fr")
    odile.goto(base + "/recherche/?q=Quillebeuf")
    expect(odile.get_by_role("main")).to_contain_text("Zéphyrin Quillebeuf")

    # Zéphyrin leaves.
    page = new_context().new_page()
    log_in(page, base, "zephyrin@exemple.fr")
    page.goto(base + "/mes-donnees/")
    page.get_by_role("link", name=ui("^Close my account$", "^Fermer mon compte$")).click()
    expect(page).to_have_url(base + "/mes-donnees/fermer-mon-compte/")
    summary = page.get_by_role("region", name=ui("What will happen", "Ce qui va se passer"))
    expect(summary).to_contain_text(ui("1 post on the walls stays", "1 billet sur les murs reste"))
    expect(summary).to_contain_text(ui("1 post on the walls is deleted",
                                       "1 billet sur les murs est supprimé"))
    axe_check(page)

    form = page.locator("form.closure, form.card").filter(has=page.locator("[name=password]"))
    page.get_by_label(ui("Your password", "Votre mot de passe")).fill("pas-le-bon")
    page.get_by_label(ui("cannot be undone", "est définitive")).check()
    page.get_by_role("button", name=ui("^Close my account$", "^Fermer mon compte$")).click()
    expect(form).to_contain_text(ui("Incorrect password", "Mot de passe incorrect"))
    expect(page).to_have_url(base + "/mes-donnees/fermer-mon-compte/")
    axe_check(page)

    expect(page.get_by_label(ui("Anonymise", "Anonymiser"))).to_be_checked()
    page.get_by_label(ui("Your password", "Votre mot de passe")).fill(DEFAULT_PASSWORD)
    page.get_by_label(ui("cannot be undone", "est définitive")).check()
    page.get_by_role("button", name=ui("^Close my account$", "^Fermer mon compte$")).click()
    expect(page).to_have_url(base + "/mes-donnees/compte-ferme/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        ui("Your account is closed", "Votre compte est fermé"))
    axe_check(page)
    page.goto(base + "/mur/")
    expect(page).to_have_url(re.compile(r"/comptes/login/"))  # logged out

    # After: nothing of him in search; his words stay on the wall, signed "Ancien membre".
    for query in ("Quillebeuf", "Zéphyrin", WORD):
        odile.goto(base + f"/recherche/?q={query}")
        main = odile.get_by_role("main")
        expect(main).not_to_contain_text("Zéphyrin Quillebeuf")
        if query != WORD:  # his words stay, without his name
            expect(main).to_contain_text(ui("Nothing matches", "Rien ne correspond"))
    expect(main).to_contain_text(ui("Former member", "Ancien membre"))
    axe_check(odile)
    odile.goto(base + "/mur/")
    post = odile.locator("article.wall-post", has_text=WORD)
    expect(post).to_contain_text(ui("Former member", "Ancien membre"))
    expect(odile.get_by_role("main")).not_to_contain_text("Quillebeuf")
    axe_check(odile)
