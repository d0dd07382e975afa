"""The moderated news feed, live (issue 5): two members and a moderator in three browser
contexts, through the real ASGI application.

Anouk proposes a news item; Claire finds it in the moderation queue and approves it; Basile,
whose news feed is already open, sees his bell count it without a reload, then finds the item
in the feed, marked new since his last visit, and through the news search.

The platform runs for real: Daphne serves ``config.asgi:application`` in a subprocess that
shares the test database (tests/e2e/live.py), with Redis when ``REDIS_URL`` is set.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from news.models import FeedVisit
from tests.e2e.conftest import axe_check
from tests.e2e.live import (
    ANOUK,
    BASILE,
    CLAIRE,
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

pytestmark = pytest.mark.e2e


TITLE = "La Fabrique du Pays de Redon ouvre ses portes"
SUMMARY = "Un atelier partagé et un espace de coworking, ouverts depuis lundi."
BODY = "Visites possibles le **jeudi après-midi** avec l'équipe du tiers-lieu."


def create_people() -> dict:
    """Anouk and Basile, members; Claire, moderator. Basile last opened the feed yesterday:
    what is published after that is new for him."""
    claire = ModeratorFactory(**CLAIRE)
    anouk = MemberFactory(**ANOUK)
    basile = MemberFactory(**BASILE)
    use_cheap_passwords(claire, anouk, basile)  # Daphne runs the real password hashers
    FeedVisit.objects.create(member=basile, last_seen_at=timezone.now() - timedelta(days=1))
    return {"anouk": anouk.pk, "basile": basile.pk, "claire": claire.pk}


def bell_badge(page: Page):
    return page.get_by_role("banner").locator("[data-notifications-badge]")


def card(page: Page, item_id: int):
    return page.locator(f"#news-feed [data-news-item='{item_id}']")


@pytest.mark.django_db(transaction=True)
def test_a_proposal_approved_by_a_moderator_reaches_an_open_page_live(shared_database,
                                                                      new_context, tmp_path):
    data = shared_database.run(create_people)
    people = (data["anouk"], data["basile"], data["claire"])
    forget_realtime_state(people)
    server = Daphne(database_url=shared_database.url, var_dir=tmp_path)
    errors: list[str] = []
    try:
        server.start()
        base = server.url
        anouk = new_context().new_page()
        basile = new_context().new_page()
        claire = new_context().new_page()
        for name, page in (("Anouk", anouk), ("Basile", basile), ("Claire", claire)):
            collect_errors(page, name, errors)
        log_in(anouk, base, ANOUK["email"])
        log_in(basile, base, BASILE["email"])
        log_in(claire, base, CLAIRE["email"])

        # --- Basile's news feed is open, with nothing in it yet ----------------------------------
        basile.goto(base + "/actualites/")
        expect(basile.get_by_role("heading", level=1)).to_have_text(
            ui("^News feed$", "^Fil d'actualité$"))
        wait_connected(basile)
        expect(basile.get_by_role("main")).not_to_contain_text(TITLE)
        bell = bell_badge(basile)
        expect(bell).to_be_hidden()

        # --- Anouk proposes a news item ----------------------------------------------------------
        anouk.goto(base + "/actualites/")
        anouk.get_by_role("link", name=ui("Propose a news item", "Proposer une actualité")).click()
        expect(anouk).to_have_url(base + "/actualites/proposer/")
        axe_check(anouk)
        anouk.get_by_label(ui("^Title", "^Titre")).fill(TITLE)
        anouk.get_by_label(ui("^Summary", "^Résumé")).fill(SUMMARY)
        anouk.get_by_label(ui("^Text", "^Texte")).fill(BODY)
        anouk.get_by_role("button", name=ui("Send my proposal", "Envoyer ma proposition")).click()
        expect(anouk).to_have_url(re.compile(re.escape(base + "/actualites/") + r"\d+/$"))
        item_id = int(anouk.url.rstrip("/").rsplit("/", 1)[1])
        expect(anouk.locator("[data-state]")).to_contain_text(
            ui("Waiting for a moderator", "En attente de la décision"))

        # --- Claire approves it from the moderation queue ----------------------------------------
        claire.goto(base + "/animation/signalements/")
        waiting = claire.locator("article.report", has_text=TITLE)
        expect(waiting).to_have_count(1)
        expect(waiting).to_contain_text(SUMMARY)
        expect(waiting).to_contain_text("Anouk Arvor")
        axe_check(claire)
        waiting.get_by_role("button", name=ui("^Approve", "^Approuver")).click()
        expect(claire).to_have_url(base + "/animation/signalements/")
        expect(claire.locator("article.report", has_text=TITLE)).to_have_count(0)

        # --- Basile's open page counts it live, then his feed shows it, marked new ---------------
        expect(bell).to_be_visible(timeout=LIVE_MS)
        expect(bell.locator("[data-count]")).to_have_text("1")
        expect(basile.get_by_role("main")).not_to_contain_text(TITLE)  # no reload happened
        basile.reload()
        new = card(basile, item_id)
        expect(new).to_contain_text(TITLE)
        expect(new).to_contain_text(SUMMARY)
        expect(new).to_have_attribute("data-new", "")
        expect(new).to_contain_text(ui("New", "Nouveau"))
        axe_check(basile)

        # --- ... and the news search finds it ----------------------------------------------------
        search = basile.get_by_role("search", name=ui("Search the news",
                                                      "Rechercher dans les actualités"))
        search.get_by_role("searchbox").fill("coworking redon")
        search.get_by_role("button").click()
        expect(basile).to_have_url(re.compile(re.escape(base + "/actualites/recherche/")))
        result = basile.locator(f"#news-results [data-news-item='{item_id}']")
        expect(result).to_contain_text(TITLE)
        expect(result.locator("mark").first).to_be_visible()
        axe_check(basile)

        # --- The bell leads to the item ----------------------------------------------------------
        basile.get_by_role("banner").locator("[data-notifications-bell]").click()
        expect(basile).to_have_url(base + "/notifications/")
        told = basile.locator(".notification", has_text=TITLE)
        expect(told).to_have_count(1)
        told.get_by_role("link").first.click()
        expect(basile).to_have_url(f"{base}/actualites/{item_id}/")
        expect(basile.get_by_role("heading", level=1)).to_have_text(TITLE)
        assert errors == []
    finally:
        server.stop()
        forget_realtime_state(people)
