"""The chat history search in a real browser: from the rooms list to the search page, results as
one types (only the rooms one belongs to), a room filter, then the message opened in its room,
marked and focused, with older and newer messages from there. axe-core on each page."""

import re

import pytest
from playwright.sync_api import expect

from chat import services
from chat.models import Room
from tests.e2e.conftest import axe_check
from tests.factories import DEFAULT_PASSWORD, MemberFactory

pytestmark = pytest.mark.e2e

VIEWER_EMAIL = "marc.membre@exemple.fr"


def ui(*words: str) -> re.Pattern:
    return re.compile("|".join(words), re.IGNORECASE)


@pytest.mark.django_db(transaction=True)
def test_search_then_open_the_message_in_its_room(live_server, reference_data, new_context):
    viewer = MemberFactory(first_name="Marc", last_name="Membre", email=VIEWER_EMAIL)
    odile = MemberFactory(first_name="Odile", last_name="Autre")
    stranger = MemberFactory(first_name="Sam", last_name="Ailleurs")
    room = services.room_create(actor=viewer, name="Projet vallée", kind=Room.Kind.PRIVATE,
                                members=[odile])
    other = services.room_create(actor=viewer, name="Bureau", kind=Room.Kind.PRIVATE,
                                 members=[odile])
    closed = services.room_create(actor=stranger, name="Cercle fermé", kind=Room.Kind.PRIVATE)
    for number in range(1, 151):
        body = ("Le dossier de méthanisation part lundi" if number == 100
                else f"Point d'étape numéro {number}")
        services.message_send(actor=odile if number % 2 else viewer, room=room, body=body)
    services.message_send(actor=odile, room=other, body="Visite du méthaniseur et méthanisation")
    services.message_send(actor=stranger, room=closed, body="Méthanisation confidentielle")
    base = live_server.url

    page = new_context().new_page()
    page.goto(base + "/comptes/login/")
    page.locator("[name=login]").fill(VIEWER_EMAIL)
    page.locator("[name=password]").fill(DEFAULT_PASSWORD)
    page.get_by_role("main").get_by_role("button", name=ui("Log in", "Connexion",
                                                           "connecter")).click()
    expect(page).to_have_url(base + "/")

    # --- From the rooms list to the search page ----------------------------------------------
    page.goto(base + "/chat/")
    page.get_by_role("link", name=ui("Search the chat history",
                                     "Rechercher dans les discussions")).click()
    expect(page).to_have_url(base + "/chat/recherche/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        ui("Search the chat history", "Rechercher dans les discussions"))
    axe_check(page)

    # --- Results as one types: two messages of my rooms, not the closed room's ---------------
    box = page.get_by_role("searchbox", name=ui("Words to look for", "Mots à rechercher"))
    box.press_sequentially("méthanisation")
    results = page.locator("#message-results")
    expect(results.get_by_role("heading", level=2)).to_have_text(ui("2 messages"))
    expect(results).not_to_contain_text("confidentielle")
    expect(results.locator("mark").first).to_have_text(ui("méthanisation"))
    expect(page).to_have_url(re.compile(r"q=m%C3%A9thanisation"))
    axe_check(page)

    # --- A room filter narrows to one -----------------------------------------------------
    page.get_by_label(ui("^Room$", "^Salon$")).select_option(label="Projet vallée")
    expect(results.get_by_role("heading", level=2)).to_have_text(ui("1 message"))
    result = results.get_by_role("link", name=ui("Message"))
    expect(result).to_have_count(1)

    # --- The message in its room: marked, focused, the messages around it ------------------
    result.click()
    expect(page).to_have_url(re.compile(r"/chat/\d+/\?before=111&message=100#m-100$"))
    found = page.locator(".chat-message--found")
    expect(found).to_have_attribute("id", "m-100")
    expect(found).to_be_focused()
    expect(found).to_contain_text("Le dossier de méthanisation part lundi")
    expect(page.locator("#m-61")).to_be_attached()
    expect(page.locator("#m-110")).to_be_attached()
    expect(page.locator("#m-60")).to_have_count(0)
    expect(page.locator("#m-111")).to_have_count(0)
    axe_check(page)

    # --- Older messages from there (HTMX), then newer ones (a plain link) -------------------
    page.get_by_role("link", name=ui("Load older messages",
                                     "Afficher les messages précédents")).click()
    expect(page.locator("#m-11")).to_be_attached()
    expect(page.locator("#m-60")).to_be_attached()
    expect(page.locator(".chat-message--found")).to_have_attribute("id", "m-100")
    page.get_by_role("link", name=ui("Load newer messages",
                                     "Afficher les messages suivants")).click()
    expect(page.locator("#m-150")).to_be_attached()
    expect(page.locator("#m-111")).to_be_attached()
    expect(page.locator("[data-chat-room]")).to_have_attribute("data-live", "true")
    axe_check(page)
