"""The header's search box, in a real browser and with the keyboard only: "/" focuses it, typing
shows results by kind with their counts, the arrows move, Enter opens the highlighted result,
Escape closes; Enter without a highlighted result opens the full results page, whose kind
filter narrows to one kind. axe-core on each state (the list open included)."""

import re
from contextlib import nullcontext

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_check
from tests.factories import DEFAULT_PASSWORD, MemberFactory, ModeratorFactory
from tests.search.global_data import build

pytestmark = pytest.mark.e2e

VIEWER_EMAIL = "gisele.globale@exemple.fr"


def ui(*words: str) -> re.Pattern:
    return re.compile("|".join(words), re.IGNORECASE)


@pytest.mark.django_db(transaction=True)
def test_slash_type_arrows_enter_then_the_full_page_and_a_kind(live_server, reference_data,
                                                                new_context):
    MemberFactory(first_name="Gisèle", last_name="Globale", email=VIEWER_EMAIL)
    author = MemberFactory(first_name="Aurore", last_name="Autrice")
    world = build(member=author, moderator=ModeratorFactory(),
                  committed=lambda: nullcontext())
    base = live_server.url

    page = new_context().new_page()
    page.goto(base + "/comptes/login/")
    page.locator("[name=login]").fill(VIEWER_EMAIL)
    page.locator("[name=password]").fill(DEFAULT_PASSWORD)
    page.get_by_role("main").get_by_role("button", name=ui("Log in", "Connexion",
                                                           "connecter")).click()
    expect(page).to_have_url(base + "/")

    # --- "/" focuses the box; typing shows results by kind, with counts ----------------------
    box = page.get_by_role("combobox", name=ui("Search everywhere", "Rechercher partout"))
    expect(box).to_have_attribute("aria-expanded", "false")
    page.locator("body").press("/")
    expect(box).to_be_focused()
    box.press_sequentially("quinoa")
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    members = listbox.get_by_role("group", name=ui("Members", "Membres"))
    expect(members).to_contain_text("(1)")
    expect(listbox.get_by_role("group", name=ui("Wall posts", "Messages des murs"))
           ).to_contain_text("(2)")
    expect(listbox.get_by_role("option", name=ui("Quinoa confidentiel"))).to_have_count(0)
    status = page.locator("[data-global-search] [role=status]")
    expect(status).to_contain_text(ui("7 results", "7 résultats"))
    expect(box).to_have_value("quinoa")  # the "/" was not typed into it
    axe_check(page)

    # --- Escape closes; the arrows move through the options; Enter opens the result --------
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press("Backspace")
    box.press_sequentially("a")
    expect(listbox).to_be_visible()
    box.press("ArrowDown")
    first = listbox.get_by_role("option").first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    expect(first).to_contain_text("Quentin Cultivateur")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/membres/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Quentin Cultivateur")

    # --- Enter with no highlighted result: the full results page -----------------------------
    page.locator("body").press("/")
    expect(box).to_be_focused()
    box.fill("quinoa")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/recherche/\?q=quinoa$"))
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=2)).to_have_count(6)
    expect(main.locator("mark").first).to_be_visible()
    expect(main).not_to_contain_text("Quinoa confidentiel")
    axe_check(page)

    # --- The kind filter: only projects, with the page's own box ------------------------------
    kinds = page.get_by_role("navigation", name=ui("Kinds of results", "Types de résultats"))
    kinds.get_by_role("link", name=re.compile(r"^(Projects|Projets) \(1\)$")).click()
    expect(page).to_have_url(re.compile(r"[?&]type=projets"))
    expect(main.get_by_role("heading", level=2)).to_have_count(1)
    expect(main.get_by_role("link", name=ui("Coopérative de quinoa"))).to_have_attribute(
        "href", f"/projets/{world.open_project.pk}/")
    axe_check(page)

    # --- "/" typed in a field stays in that field ---------------------------------------------
    field = main.get_by_role("searchbox", name=ui("Words to look for", "Mots à rechercher"))
    field.press("End")
    field.press("/")
    expect(field).to_have_value("quinoa/")
    expect(field).to_be_focused()
