"""A question to peers, end to end (issue 5, "questions to peers"), in two browser contexts
through the real ASGI application.

Anouk asks a question from a themed wall, with the skill "Tiers-lieux"; "Qui peut vous aider ?"
suggests Basile, who lists that skill, and says why; Anouk tells him. Basile's bell counts it
live; his home page shows it under "Questions pour vous" and in his unread notifications, and
opening the notification from there marks it read. Basile answers; Anouk's bell counts the
answer, she opens it from her home page and accepts it: the answer is marked accepted, the
question is answered, Basile is told. Each page visited is checked with axe-core, and the home
page once at phone width.

The platform runs for real: Daphne serves ``config.asgi:application`` in a subprocess that
shares the test database and the test's embedded search index (tests/e2e/live.py).
"""

import re
from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import Page, expect

from search.indexing import rebuild
from tests.e2e.conftest import axe_check
from tests.e2e.live import (
    ANOUK,
    BASILE,
    LIVE_MS,
    Daphne,
    collect_errors,
    forget_realtime_state,
    log_in,
    ui,
    use_cheap_passwords,
    wait_connected,
)
from tests.factories import MemberFactory, ModeratorFactory
from walls import services as wall_services

pytestmark = pytest.mark.e2e

PHONE_WIDTH = 375

WALL_NAME = "Tiers-lieux et ruralité"
QUESTION = "Comment financer l'ouverture d'un tiers-lieu dans un village de 800 habitants ?"
SKILL = "Tiers-lieux"
ANSWER = "Nous avons combiné une souscription citoyenne et l'appel à projets régional."


# --- Data, written from the worker thread -------------------------------------------------------


def create_people() -> dict:
    """Anouk, who asks; Basile, who lists the skill she needs; a moderator's themed wall; the
    network's wall (a data migration creates it; a flush after an earlier transactional test
    emptied it). Factories bypass the services: the members index is rebuilt here, into the
    test's own index, which Daphne reads too (CATALYSE_VAR_DIR)."""
    import_module("walls.migrations.0002_group_wall").create_group_wall(apps, None)
    moderator = ModeratorFactory(first_name="Claire", last_name="Animatrice")
    anouk = MemberFactory(**ANOUK, onboarded__region="bretagne",
                          onboarded__skills=["Open Badges"])
    basile = MemberFactory(**BASILE, onboarded__region="occitanie", onboarded__skills=[SKILL])
    use_cheap_passwords(anouk, basile)  # Daphne runs the real password hashers
    wall = wall_services.wall_create(actor=moderator, name=WALL_NAME,
                                     description="Les lieux partagés hors des villes.")
    rebuild("members")
    return {"anouk": anouk.pk, "basile": basile.pk, "moderator": moderator.pk,
            "wall_url": wall.get_absolute_url()}


# --- In the browser -----------------------------------------------------------------------------


def bell_count(page: Page):
    return page.get_by_role("banner").locator("[data-notifications-badge] [data-count]")


def bell_badge(page: Page):
    return page.get_by_role("banner").locator("[data-notifications-badge]")


def home_block(page: Page, section_id: str):
    return page.locator(f"section#{section_id}")


def fits_phone(page: Page) -> None:
    """At phone width, nothing makes the page scroll sideways."""
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    page.wait_for_function(f"() => window.innerWidth === {PHONE_WIDTH}")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"the home page is {width} px wide at {PHONE_WIDTH} px"
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.django_db(transaction=True)
def test_ask_suggest_tell_answer_accept(shared_database, new_context, tmp_path):
    data = shared_database.run(create_people)
    people = (data["anouk"], data["basile"], data["moderator"])
    forget_realtime_state(people)
    server = Daphne(database_url=shared_database.url, var_dir=tmp_path)
    errors: list[str] = []
    try:
        server.start()
        base = server.url
        anouk = new_context().new_page()
        basile = new_context().new_page()
        for name, page in (("Anouk", anouk), ("Basile", basile)):
            collect_errors(page, name, errors)
        log_in(anouk, base, ANOUK["email"])
        log_in(basile, base, BASILE["email"])
        wait_connected(basile)  # his home page, live
        expect(bell_badge(basile)).to_be_hidden()

        # --- Anouk asks from the themed wall ---------------------------------------------------
        anouk.goto(base + data["wall_url"])
        expect(anouk.get_by_role("heading", level=1)).to_have_text(WALL_NAME)
        anouk.locator("#composer").get_by_role(
            "link", name=ui("^Ask a question$", "^Poser une question$")).click()
        expect(anouk).to_have_url(base + data["wall_url"] + "question/")
        expect(anouk.get_by_role("heading", level=1)).to_have_text(
            ui(f"Ask a question on {WALL_NAME}", f"Poser une question sur {WALL_NAME}"))
        axe_check(anouk)
        form = anouk.locator("#question-form")
        form.get_by_label(ui("^Your question", "^Votre question")).fill(QUESTION)
        form.get_by_label(ui("Skills you are looking for", "Compétences recherchées")).fill(SKILL)
        form.get_by_role("button", name=ui("^Publish$", "^Publier$")).click()

        # --- "Qui peut vous aider ?" lists Basile, and why ---------------------------------------
        expect(anouk).to_have_url(re.compile(
            re.escape(base + "/mur/questions/") + r"\d+/qui-peut-aider/$"))
        question_id = int(anouk.url.rstrip("/").split("/")[-2])
        expect(anouk.get_by_role("heading", level=1)).to_have_text(
            ui("Who can help you", "Qui peut vous aider"))
        choice = anouk.get_by_role("checkbox", name="Basile Kerjean")
        expect(choice).to_be_visible()
        why = anouk.locator(f"#member-{data['basile']}-why")
        expect(why).to_contain_text(SKILL)
        expect(anouk.get_by_role("checkbox", name="Anouk Arvor")).to_have_count(0)
        axe_check(anouk)
        choice.check()
        anouk.get_by_role("button", name=ui("Tell these members", "Prévenir ces membres")).click()
        expect(anouk).to_have_url(f"{base}/mur/billet/{question_id}/")
        expect(anouk.locator(".messages")).to_contain_text(
            ui("have been told", "ont été prévenus"))
        question = anouk.locator(f"#p-{question_id}")
        expect(question).to_contain_text(QUESTION)
        expect(question.locator("[data-kind=question]")).to_be_visible()
        wait_connected(anouk)  # her question's page, live

        # --- Basile's bell counts it live; his home page shows it --------------------------------
        expect(bell_count(basile)).to_have_text("1", timeout=LIVE_MS)
        basile.reload()
        questions = home_block(basile, "questions-for-you")
        expect(questions.get_by_role("heading", level=2)).to_have_text(
            ui("Questions for you", "Questions pour vous"))
        item = questions.locator(f"#q-{question_id}")
        expect(item).to_contain_text(QUESTION[:60])
        expect(item).to_contain_text(WALL_NAME)
        expect(item).to_contain_text(SKILL)
        unread = home_block(basile, "home-notifications")
        expect(unread.get_by_role("heading", level=2)).to_have_text(
            ui("Unread notifications", "Notifications non lues"))
        told = unread.locator(".notification")
        expect(told).to_have_count(1)
        expect(told).to_contain_text(ui("Question for you", "Question pour vous"))
        expect(told).to_contain_text("Anouk Arvor")
        expect(told.locator("time")).to_have_text(ui("ago|now", "il y a|maintenant"))
        see_all = ui("unread notifications \\(1\\)", "notifications non lues \\(1\\)")
        expect(unread.get_by_role("link", name=see_all)).to_be_visible()
        axe_check(basile)
        fits_phone(basile)

        # --- Opening it from the home page marks it read ----------------------------------------
        told.get_by_role("link").click()
        expect(basile).to_have_url(f"{base}/mur/billet/{question_id}/")
        expect(bell_badge(basile)).to_be_hidden()

        # --- Basile answers; Anouk's bell counts the answer live --------------------------------
        wait_connected(basile)
        on_question = basile.locator(f"#p-{question_id}")
        on_question.get_by_label(ui("Your comment", "Votre commentaire")).fill(ANSWER)
        on_question.get_by_role("button", name=ui("^Comment$", "^Commenter$")).click()
        answer = on_question.locator(".wall-comment", has_text=ANSWER)
        expect(answer).to_have_count(1)
        answer_id = int(answer.get_attribute("id").removeprefix("c-"))
        expect(bell_count(anouk)).to_have_text("1", timeout=LIVE_MS)

        # --- Anouk opens it from her home page and accepts it ------------------------------------
        anouk.goto(base + "/")
        news = home_block(anouk, "home-notifications").locator(".notification")
        expect(news).to_have_count(1)
        expect(news).to_contain_text(ui("^Answer", "Réponse"))
        expect(news).to_contain_text("Basile Kerjean")
        axe_check(anouk)
        news.get_by_role("link").click()
        expect(anouk).to_have_url(f"{base}/mur/billet/{question_id}/#c-{answer_id}")
        expect(bell_badge(anouk)).to_be_hidden()
        accept = anouk.locator(f"#c-{answer_id}").get_by_role(
            "button", name=ui("Accept this answer", "Accepter cette réponse"))
        accept.click()
        expect(anouk.locator(".messages")).to_contain_text(
            ui("You accepted this answer", "Vous avez accepté cette réponse"))
        accepted = anouk.locator(f"#c-{answer_id}")
        expect(accepted).to_have_attribute("data-accepted", "true")
        expect(accepted).to_contain_text(ui("Accepted answer", "Réponse acceptée"))
        expect(accepted.get_by_role("button", name=ui("Accept this answer",
                                                      "Accepter cette réponse"))).to_have_count(0)
        expect(anouk.locator(f"#p-{question_id} [data-answered=true]")).to_be_visible()
        axe_check(anouk)

        # --- Basile is told; the question is among the answered ones, with its wall ------------
        expect(bell_count(basile)).to_have_text("1", timeout=LIVE_MS)
        basile.goto(base + "/mur/questions/?statut=resolues")
        listed = basile.locator(f"#q-{question_id}")
        expect(listed).to_contain_text(WALL_NAME)
        expect(listed.locator("[data-answered=true]")).to_be_visible()
        axe_check(basile)
        assert errors == []
    finally:
        server.stop()
        forget_realtime_state(people)
