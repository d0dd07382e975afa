"""The network's wall, live, and its moderation (DESIGN.md §5, docs/realtime.md, "wall"): two
members and a moderator in three browser contexts, through the real ASGI application.

Anouk publishes; Basile's open wall says "1 new message" without a reload, shows it, reacts and
comments, and Anouk's bell counts the comment live. Anouk then posts an advert that Basile
reports; Claire finds the report in the moderation queue and hides the post with a reason: it
leaves the wall, Anouk is told live, and the moderation log keeps the decision and its reason.

The platform runs for real: Daphne serves ``config.asgi:application`` in a subprocess that
shares the test database (tests/e2e/live.py), with Redis when ``REDIS_URL`` is set.
"""

import re
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connections
from playwright.sync_api import Page, expect

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
from walls.models import Wall

pytestmark = pytest.mark.e2e


FIRST_POST = "Rencontre des tiers-lieux jeudi à Rennes : qui vient ?"
COMMENT = "J'y serai, avec le compte rendu de la dernière fois."
ADVERT = "PROMO : panneaux solaires à -50 %, livraison offerte, appelez vite le 06 00 00 00 00"
REPORT_REASON = "Publicité commerciale sans rapport avec le réseau."
REPLY = "Merci Basile, je garde une place pour le compte rendu."
HIDE_REASON = "Publicité : le mur est réservé aux échanges entre membres."


# --- Data, written from the worker thread -------------------------------------------------------


def create_people() -> dict:
    """Anouk and Basile, members; Claire, moderator; and the network's wall.

    The wall comes from a data migration, which a flush after an earlier transactional test
    has emptied: it is created again as the migration does.
    """
    import_module("walls.migrations.0002_group_wall").create_group_wall(apps, None)
    claire = ModeratorFactory(**CLAIRE)
    anouk = MemberFactory(**ANOUK)
    basile = MemberFactory(**BASILE)
    use_cheap_passwords(claire, anouk, basile)  # Daphne runs the real password hashers
    wall = Wall.objects.get(kind=Wall.Kind.GROUP)
    return {"wall": wall.name, "anouk": anouk.pk, "basile": basile.pk, "claire": claire.pk}


# --- In the browser -----------------------------------------------------------------------------


def post(page: Page, post_id: int):
    return page.locator(f"#p-{post_id}")


def live_text(page: Page):
    """The wall's "N new messages" status (walls.js)."""
    return page.locator("[data-wall-live] [data-wall-live-text]")


def show_new(page: Page):
    return page.locator("[data-wall-live]").get_by_role("button",
                                                        name=ui("Show them", "Les afficher"))


def bell_badge(page: Page):
    return page.get_by_role("banner").locator("[data-notifications-badge]")


def publish(page: Page, base: str, body: str) -> int:
    """Post ``body`` with the wall's composer; the wall comes back with it. Returns its id."""
    composer = page.locator("#composer")
    composer.get_by_label(ui("Your message", "Votre message")).fill(body)
    composer.get_by_role("button", name=ui("Publish", "Publier")).click()
    expect(page).to_have_url(re.compile(re.escape(base + "/mur/") + r"#p-\d+$"))
    post_id = int(page.url.rsplit("#p-", 1)[1])
    expect(post(page, post_id)).to_contain_text(body)
    expect(page.locator(".messages")).to_contain_text(
        ui("Your message is on the wall", "Votre message est publié sur le mur"))
    wait_connected(page)  # a new page: its own socket
    return post_id


def show_new_post(page: Page, post_id: int, body: str) -> None:
    """The bar says one new message, live; its button brings it, without a reload."""
    expect(post(page, post_id)).to_have_count(0)
    expect(live_text(page)).to_have_text(ui("^1 new message$", "^1 nouveau message$"),
                                         timeout=LIVE_MS)
    page.evaluate("window.__sameDocument = 'before the new message'")
    show_new(page).click()
    expect(post(page, post_id)).to_contain_text(body)
    expect(live_text(page)).to_have_text("")
    expect(show_new(page)).to_be_hidden()
    assert page.evaluate("window.__sameDocument") == "before the new message", (
        "the page was reloaded instead of showing the new message in place"
    )


@pytest.mark.django_db(transaction=True)
def test_members_post_react_comment_and_report_and_a_moderator_hides(shared_database,
                                                                     new_context, tmp_path):
    data = shared_database.run(create_people)
    people = (data["anouk"], data["basile"], data["claire"])
    forget_realtime_state(people)
    server = Daphne(database_url=shared_database.url, var_dir=tmp_path)
    errors: list[str] = []
    try:
        server.start()
        checks = server.health["checks"]
        assert checks["database"]["vendor"] == connections["default"].vendor
        assert checks["channel_layer"]["backend"] == (
            "RedisPubSubChannelLayer" if settings.REDIS_URL else "InMemoryChannelLayer"
        )
        base = server.url
        anouk = new_context().new_page()
        basile = new_context().new_page()
        claire = new_context().new_page()
        for name, page in (("Anouk", anouk), ("Basile", basile), ("Claire", claire)):
            collect_errors(page, name, errors)
        log_in(anouk, base, ANOUK["email"])
        log_in(basile, base, BASILE["email"])
        log_in(claire, base, CLAIRE["email"])

        # --- Anouk and Basile open the network's wall -------------------------------------------
        for page in (anouk, basile):
            page.goto(base + "/mur/")
            expect(page.get_by_role("heading", level=1)).to_have_text(data["wall"])
            wait_connected(page)
        bell = bell_badge(anouk)
        expect(bell).to_be_hidden()

        # --- Anouk publishes; Basile's wall says so live, and shows it in place -----------------
        first = publish(anouk, base, FIRST_POST)
        show_new_post(basile, first, FIRST_POST)

        # --- Basile reacts, then comments: Anouk's bell counts the comment live -----------------
        approve = post(basile, first).get_by_role("button", name=ui("I approve", "J'approuve"))
        expect(approve).to_have_attribute("aria-pressed", "false")
        approve.click()
        expect(approve).to_have_attribute("aria-pressed", "true")
        expect(approve.locator("span[aria-hidden=true]")).to_have_text("1")
        # On the wall, "Comment" brings the post's comment form in place, its field focused.
        post(basile, first).get_by_role("link", name=ui("^Comment ", "^Commenter ")).click()
        expect(post(basile, first).get_by_label(ui("Your comment", "Votre commentaire"))
               ).to_be_focused()
        post(basile, first).get_by_label(ui("Your comment", "Votre commentaire")).fill(COMMENT)
        post(basile, first).get_by_role("button", name=ui("^Comment$", "^Commenter$")).click()
        comments = post(basile, first).locator(".wall-comment")
        expect(comments).to_have_count(1)
        expect(comments).to_contain_text(COMMENT)
        expect(bell).to_be_visible(timeout=LIVE_MS)
        expect(bell.locator("[data-count]")).to_have_text("1")
        # Her own wall counts Basile's comment as news too.
        expect(live_text(anouk)).to_have_text(ui("^1 new message$", "^1 nouveau message$"),
                                              timeout=LIVE_MS)
        axe_check(basile)

        # --- Anouk posts an advert; Basile sees it live and reports it ---------------------------
        advert = publish(anouk, base, ADVERT)
        expect(bell.locator("[data-count]")).to_have_text("1")  # unread, in the new page too
        show_new_post(basile, advert, ADVERT)
        post(basile, advert).get_by_role("link", name=ui("^Report", "^Signaler")).click()
        expect(basile).to_have_url(f"{base}/mur/billet/{advert}/signaler/")
        basile.get_by_label(ui("Why are you reporting", "Pourquoi signalez-vous")).fill(
            REPORT_REASON)
        basile.get_by_role("button", name=ui("Send the report", "Envoyer le signalement")).click()
        expect(basile).to_have_url(f"{base}/mur/billet/{advert}/")
        expect(basile.locator(".messages")).to_contain_text(ui("Thank you", "Merci"))
        wall_name = re.escape(data["wall"])
        basile.get_by_role("link", name=ui(f"Back to {wall_name}", f"Retour à {wall_name}")).click()
        expect(basile).to_have_url(base + "/mur/")
        expect(post(basile, advert)).to_contain_text(ADVERT)  # reported, still published

        # --- Claire finds the report in the queue and hides the post with a reason --------------
        claire.goto(base + "/animation/signalements/")
        report = claire.locator("article.report", has_text=REPORT_REASON)
        expect(report).to_have_count(1)
        expect(report).to_contain_text(ADVERT)
        expect(report).to_contain_text("Basile Kerjean")
        axe_check(claire)
        report.get_by_role("link", name=ui("^Hide", "^Masquer")).click()
        expect(claire).to_have_url(
            re.compile(re.escape(f"{base}/animation/decision/walls.post/{advert}/hide/")))
        expect(claire.get_by_role("main")).to_contain_text(ADVERT)
        claire.get_by_label(ui("Reason", "Motif")).fill(HIDE_REASON)
        claire.get_by_role("main").get_by_role("button", name=ui("^Hide$", "^Masquer$")).click()
        expect(claire).to_have_url(base + "/animation/signalements/")
        expect(claire.locator(".messages")).to_contain_text(ui("hidden", "masqué"))
        # Hiding settles the report: the queue is empty again.
        expect(claire.locator("article.report")).to_have_count(0)
        expect(claire.get_by_role("main")).to_contain_text(
            ui("No open report", "Aucun signalement ouvert"))

        # --- Anouk is told live; the post has left Basile's wall --------------------------------
        expect(bell.locator("[data-count]")).to_have_text("2", timeout=LIVE_MS)
        basile.reload()
        expect(post(basile, first)).to_contain_text(FIRST_POST)
        expect(post(basile, advert)).to_have_count(0)
        expect(basile.get_by_role("main")).not_to_contain_text(ADVERT)
        anouk.get_by_role("banner").locator("[data-notifications-bell]").click()
        expect(anouk).to_have_url(base + "/notifications/")
        decision = anouk.locator(".notification", has_text=HIDE_REASON)
        expect(decision).to_have_count(1)
        expect(decision).to_contain_text(ui("Moderation decision", "Décision de modération"))
        # Its author still sees the post, marked hidden, with the reason.
        decision.get_by_role("link").click()
        expect(anouk).to_have_url(f"{base}/mur/billet/{advert}/")
        expect(post(anouk, advert)).to_contain_text(
            ui("Hidden by the moderators", "Masqué par les animateurs"))
        expect(post(anouk, advert)).to_contain_text(HIDE_REASON)

        # --- The moderation log keeps the decision and its reason -------------------------------
        claire.goto(base + "/animation/journal/")
        line = claire.locator("tbody tr", has_text=HIDE_REASON)
        expect(line).to_have_count(1)
        expect(line).to_contain_text(ui("Hidden", "Masqué"))
        expect(line).to_contain_text("Claire Animatrice")
        expect(line).to_contain_text("Anouk Arvor")
        axe_check(claire)

        # --- Claire replies under Basile's comment: the form comes, in place, when asked --------
        claire.goto(base + "/mur/")
        comment = post(claire, first).locator(".wall-comment").first
        expect(comment.locator("textarea")).to_have_count(0)  # no form per comment on the wall
        comment.get_by_role("link", name=ui("^Reply", "^Répondre")).click()
        field = post(claire, first).get_by_label(
            ui("Your reply to Basile", "Votre réponse à Basile"))
        expect(field).to_be_focused()
        expect(claire).to_have_url(base + "/mur/")  # swapped in place, not the post's page
        field.fill(REPLY)
        post(claire, first).get_by_role("button", name=ui("^Reply$", "^Répondre$")).click()
        expect(post(claire, first).locator(".wall-replies")).to_contain_text(REPLY)
        axe_check(claire)

        # --- Claire pins the first post: "Moderate…" brings her controls in place ---------------
        claire.goto(base + "/mur/")
        first_post = post(claire, first)
        expect(first_post.locator("form")).not_to_contain_text(ui("Pin", "Épingler"))
        expect(first_post.locator("a[href*='/hide/']")).to_have_count(0)  # none per comment
        first_post.get_by_role("link", name=ui("^Moderate…", "^Modérer…")).click()
        pin = first_post.get_by_role("button", name=ui("^Pin the message", "^Épingler le message"))
        expect(pin).to_be_focused()
        expect(claire).to_have_url(base + "/mur/")  # swapped in place, not the post's page
        expect(first_post.get_by_role("link", name=ui("^Hide… the comment of Basile",
                                                      "^Masquer… le commentaire de Basile"))
               ).to_have_count(1)
        axe_check(claire)
        pin.click()
        expect(claire).to_have_url(f"{base}/mur/#p-{first}")
        expect(claire.locator(".messages")).to_contain_text(ui("pinned", "épinglé"))
        expect(post(claire, first)).to_have_class(re.compile("wall-post--pinned"))
        assert errors == []
    finally:
        server.stop()
        forget_realtime_state(people)
