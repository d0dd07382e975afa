"""The joining journey (DESIGN.md §1), in a real browser, with an accessibility check per page.

Labels are matched in French or English (translations may not be compiled yet); where a label
would be ambiguous across languages the field is found by name and must still have an
accessible name.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from community.models import Application, UserStatus
from legal.models import CharterAcceptance, CharterVersion
from search.indexing import rebuild
from tests.e2e.conftest import axe_check
from tests.factories import DEFAULT_PASSWORD, MemberFactory, ModeratorFactory

pytestmark = pytest.mark.e2e

APPLICANT_EMAIL = "aline.candidate@exemple.fr"
APPLICANT_PASSWORD = "Tr3s-l0ngue-phrase-de-passe"
CONFIRM_LINK = re.compile(r"/comptes/confirm-email/[^/\s]+/")


def ui(*words: str) -> re.Pattern:
    """An accessible-name pattern that matches the English msgid or its French translation."""
    return re.compile("|".join(words), re.IGNORECASE)


def field(page: Page, name: str):
    """A form control found by its ``name``; it must carry an accessible name all the same."""
    control = page.locator(f"[name={name}]")
    expect(control).to_have_accessible_name(re.compile(r"\w"))
    return control


def lang_is(page: Page, code: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", code)


def test_axe_check_reports_serious_violations(new_context):
    """The accessibility check is not a silent no-op: a bare page with an unlabelled image fails."""
    page = new_context().new_page()
    page.set_content('<html><body><main><img src="data:,"></main></body></html>')
    with pytest.raises(pytest.fail.Exception, match=r"image-alt \(critical\)"):
        axe_check(page)


# live_server needs a transactional database; reference_data loads the trades and domains.
@pytest.mark.django_db(transaction=True)
def test_apply_approve_onboard_and_find_myself(live_server, reference_data, new_context,
                                               mailoutbox):
    # The charter in force, as its migration publishes it (a flush by an earlier journey may
    # have emptied it): onboarding asks to accept it.
    CharterVersion.objects.get_or_create(number=1, defaults={
        "body": "Soyez bienveillants.", "published_at": timezone.now()})
    ModeratorFactory(email="claire.animatrice@exemple.fr", first_name="Claire",
                     last_name="Animatrice")
    MemberFactory(first_name="Odile", last_name="Occitane", onboarded__region="occitanie")
    rebuild("members")  # factories bypass the services, so nothing indexed them
    base = live_server.url

    # --- The visitor lands on the public page, in French, and applies ----------------------
    applicant = new_context().new_page()
    applicant.goto(base + "/")
    lang_is(applicant, "fr")
    expect(applicant.get_by_role("heading", level=1)).to_be_visible()
    axe_check(applicant)

    applicant.get_by_role("link", name=ui("Apply", "Demander", "adhésion", "Candidater",
                                          "Rejoindre")).first.click()
    expect(applicant).to_have_url(re.compile(r"/comptes/signup/"))
    expect(applicant.get_by_role("heading", level=1)).to_be_visible()
    axe_check(applicant)

    field(applicant, "email").fill(APPLICANT_EMAIL)
    field(applicant, "password1").fill(APPLICANT_PASSWORD)
    field(applicant, "password2").fill(APPLICANT_PASSWORD)
    applicant.get_by_label(ui("First name", "Prénom")).fill("Aline")
    field(applicant, "last_name").fill("Candidate")
    applicant.get_by_label(ui("Organisation", "Structure")).fill("Mairie de Quimperlé")
    applicant.get_by_label(ui("Kind of actor", "Type d.acteur", "Nature")).select_option(
        "collectivite"
    )
    applicant.get_by_label(ui("Perimeter", "Périmètre")).select_option("local")
    applicant.get_by_label(ui("Region", "Région")).select_option("bretagne")
    for trade in (ui("Territorial dialogue", "Dialogue territorial"),
                  ui("Collective experiments", "Expérimentations collectives")):
        applicant.get_by_role("checkbox", name=trade).check()
    applicant.get_by_label(ui("Why do you want", "Pourquoi")).fill(
        "Je coordonne un PTCE en Bretagne sud."
    )
    applicant.get_by_role("button", name=ui("Send my application", "Envoyer")).click()

    # allauth asks for the address to be confirmed first.
    expect(applicant).to_have_url(re.compile(r"/comptes/confirm-email/$"))
    expect(applicant.get_by_role("heading", level=1)).to_be_visible()
    axe_check(applicant)

    # --- The confirmation email --------------------------------------------------------------
    links = [
        match.group(0)
        for message in mailoutbox
        if APPLICANT_EMAIL in message.to
        for match in [CONFIRM_LINK.search(message.body)]
        if match
    ]
    assert links, f"no confirmation email among {[m.subject for m in mailoutbox]}"
    applicant.goto(base + links[0])
    expect(applicant.get_by_role("heading", level=1)).to_be_visible()
    axe_check(applicant)
    applicant.get_by_role("button", name=ui("Confirm")).click()

    # Logged in on confirmation: the applicant sees that the application is pending.
    expect(applicant).to_have_url(re.compile(r"/candidature/$"))
    expect(applicant.get_by_text(ui("Pending", "En attente"))).to_be_visible()
    axe_check(applicant)
    application = Application.objects.get(user__email=APPLICANT_EMAIL)
    assert application.status == "pending"

    # --- A moderator logs in elsewhere and approves --------------------------------------------
    moderator = new_context().new_page()
    moderator.goto(base + "/comptes/login/")
    lang_is(moderator, "fr")
    axe_check(moderator)
    field(moderator, "login").fill("claire.animatrice@exemple.fr")
    field(moderator, "password").fill(DEFAULT_PASSWORD)
    moderator.get_by_role("main").get_by_role("button", name=ui("Log in", "Connexion",
                                                                "connecter")).click()
    expect(moderator).to_have_url(base + "/")
    expect(moderator.get_by_role("heading", level=1, name=ui("Claire"))).to_be_visible()
    axe_check(moderator)

    moderator.get_by_role("navigation", name=ui("Main menu", "Menu principal")).get_by_role(
        "link", name=ui("Moderation", "Animation")
    ).click()
    expect(moderator).to_have_url(re.compile(r"/animation/candidatures/$"))
    expect(moderator.get_by_role("heading", name="Aline Candidate")).to_be_visible()
    axe_check(moderator)
    moderator.get_by_role("button", name=ui("Approve Aline", "Approuver Aline",
                                            "Accepter Aline")).click()
    expect(moderator.locator(".messages[role=status]")).to_contain_text("Aline Candidate")
    axe_check(moderator)
    application.refresh_from_db()
    assert application.status == "approved"
    assert application.user.status == UserStatus.MEMBER

    # --- The new member completes the profile --------------------------------------------------
    applicant.reload()
    expect(applicant).to_have_url(re.compile(r"/bienvenue/$"))
    expect(applicant.get_by_role("heading", level=1)).to_contain_text(ui("Welcome", "Bienvenue"))
    axe_check(applicant)

    support = applicant.get_by_role("checkbox", name=ui("Support", "Accompagnement"))
    support.check()
    expect(support).to_be_checked()
    skills = field(applicant, "skills")
    applicant.get_by_role("button", name=ui(r"Tiers-lieux")).click()
    expect(skills).to_have_value(re.compile(r"Tiers-lieux"))
    applicant.get_by_label(ui("I can help with", "Je peux aider")).fill(
        "Monter un tiers-lieu avec une commune rurale."
    )
    applicant.get_by_role("checkbox", name=ui("community charter",
                                              "charte de la communauté")).check()
    applicant.get_by_role("button", name=ui("Complete my profile", "Compléter",
                                            "Terminer")).click()
    expect(applicant).to_have_url(base + "/")
    assert CharterAcceptance.objects.filter(user__email=APPLICANT_EMAIL, version__number=1).exists()
    expect(applicant.get_by_role("heading", level=1)).to_contain_text("Aline")
    axe_check(applicant)

    # --- The directory (peer search), filtered by region -----------------------------------------
    applicant.get_by_role("navigation", name=ui("Main menu", "Menu principal")).get_by_role(
        "link", name=ui("Members", "Membres")
    ).click()
    expect(applicant).to_have_url(re.compile(r"/membres/$"))
    results = applicant.locator("#results")
    expect(results.get_by_role("heading", name="Odile Occitane")).to_be_visible()
    # Onboarded through the real views: indexed once the transaction committed.
    expect(results.get_by_role("heading", name="Aline Candidate")).to_be_visible()
    # The search landmark holds the query box only; the facets are fieldsets beside it.
    search = applicant.get_by_role("search", name=ui("Search members", "Rechercher des membres"))
    expect(search.get_by_role("searchbox")).to_be_visible()
    expect(search.get_by_role("checkbox")).to_have_count(0)
    axe_check(applicant)

    region_facet = applicant.get_by_role("group", name=re.compile(r"^(Region|Région)$"))
    region_facet.get_by_role("checkbox", name=re.compile("Bretagne")).check()
    # HTMX swaps the results and pushes the filtered address.
    expect(applicant).to_have_url(re.compile(r"/membres/\?(.*&)?region=bretagne"))
    expect(results).to_have_count(1)  # the partial replaces the results, not nests inside them
    expect(results.get_by_role("heading", name="Aline Candidate")).to_be_visible()
    expect(results.get_by_role("heading", name="Odile Occitane")).to_have_count(0)
    expect(region_facet.get_by_role("checkbox", name=re.compile("Bretagne"))).to_be_checked()
    axe_check(applicant)

    # The apply button (keyboard users, no JavaScript) submits the same state.
    applicant.get_by_role("button", name=ui("Apply the filters", "Appliquer les filtres")).click()
    expect(applicant).to_have_url(re.compile(r"/membres/\?(.*&)?region=bretagne"))
    my_card = results.get_by_role("article").filter(
        has=applicant.get_by_role("heading", name="Aline Candidate")
    )
    expect(my_card).to_contain_text("Mairie de Quimperlé")
    expect(my_card).to_contain_text("Tiers-lieux")
    expect(results.get_by_role("heading", name="Odile Occitane")).to_have_count(0)

    # The applicant finds themself by their organisation, too, with the match highlighted.
    search.get_by_role("searchbox").fill("Quimperlé")
    expect(applicant).to_have_url(re.compile(r"[?&]q=Quimperl"))
    expect(applicant).to_have_url(re.compile(r"[?&]region=bretagne"))
    expect(my_card.locator("mark")).to_contain_text("Quimperlé")
    expect(results.get_by_role("article")).to_have_count(1)
    axe_check(applicant)

    # --- English, from the header -----------------------------------------------------------------
    applicant.get_by_role("banner").get_by_role("button", name=ui("English")).click()
    lang_is(applicant, "en")
    expect(applicant).to_have_url(re.compile(r"/membres/\?(.*&)?region=bretagne"))
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Members")
    french = applicant.get_by_role("banner").get_by_role("button", name=ui("Français"))
    expect(french).to_be_visible()
    axe_check(applicant)
