"""The agenda, live (issue 13): a moderator and two members in three browser contexts, through
the real ASGI application (tests/e2e/live.py), with axe-core on every page visited.

Claire publishes a webconference with one seat that starts in eight minutes; Anouk registers
("1 / 1"), sees the visio link and a live "Rejoindre" button (T-10 min); Basile finds it full and
joins the waitlist; Anouk cancels and Basile gets the seat at once; after the meeting Claire
adds the replay and Basile finds it on the event's page, then the month view and his
calendar address.
"""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import axe_check
from tests.e2e.live import (
    ANOUK,
    BASILE,
    CLAIRE,
    Daphne,
    collect_errors,
    log_in,
    ui,
    use_cheap_passwords,
)
from tests.factories import MemberFactory, ModeratorFactory

pytestmark = pytest.mark.e2e

TITLE = "Webconf : les tiers-lieux nourriciers"
VISIO = "https://visio.exemple.fr/tiers-lieux"
REPLAY = "https://replay.exemple.fr/tiers-lieux"


def create_people() -> dict:
    claire = ModeratorFactory(**CLAIRE)
    anouk = MemberFactory(**ANOUK)
    basile = MemberFactory(**BASILE)
    use_cheap_passwords(claire, anouk, basile)
    return {"claire": claire.pk}


def event_id() -> int:
    from events.models import Event

    return Event.objects.get(title=TITLE).pk


@pytest.mark.django_db(transaction=True)
def test_publish_register_waitlist_promotion_join_and_replay(shared_database, reference_data,
                                                             new_context, tmp_path):
    shared_database.run(create_people)
    server = Daphne(database_url=shared_database.url, var_dir=tmp_path)
    errors: list[str] = []
    try:
        server.start()
        base = server.url
        claire, anouk, basile = (new_context().new_page() for _ in range(3))
        for name, page in (("Claire", claire), ("Anouk", anouk), ("Basile", basile)):
            collect_errors(page, name, errors)
        log_in(claire, base, CLAIRE["email"])
        log_in(anouk, base, ANOUK["email"])
        log_in(basile, base, BASILE["email"])

        # --- Claire publishes a webconference starting in eight minutes, one seat -----------------
        claire.goto(base + "/agenda/")
        axe_check(claire)
        claire.get_by_role("link", name=ui("Publish an event", "Publier un événement")).click()
        start = (timezone.now() + timedelta(minutes=8)).astimezone(ZoneInfo("Europe/Paris"))
        form = claire.get_by_role("main")
        form.get_by_label(ui("^Title", "^Titre")).fill(TITLE)
        form.get_by_label(ui("Kind of event", "Type d'événement")).select_option("webinaire")
        form.get_by_label(ui("^Summary", "^Résumé")).fill("Trois témoignages et des questions.")
        form.locator("#id_starts_at").fill(start.strftime("%Y-%m-%dT%H:%M"))
        form.locator("#id_ends_at").fill(
            (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
        form.get_by_label(ui("Online link", "Lien en ligne")).fill(VISIO)
        form.get_by_label(ui("Number of seats", "Nombre de places")).fill("1")
        axe_check(claire)
        form.get_by_role("button", name=ui("^Publish$", "^Publier$")).click()
        expect(claire.get_by_role("heading", level=1)).to_have_text(TITLE)
        axe_check(claire)
        url = claire.url

        # --- Anouk registers: 1 / 1, the link and a live "Rejoindre" ------------------------------
        anouk.goto(url)
        expect(anouk.get_by_role("main")).not_to_contain_text(VISIO)
        anouk.get_by_role("button", name=ui("^Register$", "^M'inscrire$")).click()
        expect(anouk.locator("[data-seats]")).to_contain_text("1 / 1")
        expect(anouk.locator("[data-online-link]")).to_have_attribute("href", VISIO)
        join = anouk.get_by_role("link", name=ui("^Join$", "^Rejoindre$"))
        expect(join).to_have_attribute("href", f"/agenda/{shared_database.run(event_id)}"
                                               "/rejoindre/")
        axe_check(anouk)

        # --- Basile finds it full and joins the waitlist -----------------------------------------
        basile.goto(url)
        expect(basile.get_by_role("main")).not_to_contain_text(VISIO)
        basile.get_by_role("button", name=ui("Join the waitlist",
                                             "M'inscrire en liste d'attente")).click()
        expect(basile.locator("[data-registration]")).to_have_attribute(
            "data-registration", "waitlisted")
        axe_check(basile)

        # --- Anouk cancels: the seat goes to Basile at once --------------------------------------
        anouk.get_by_role("button", name=ui("Cancel my registration",
                                            "Annuler mon inscription")).click()
        expect(anouk.locator("[data-seats]")).to_contain_text("1 / 1")
        basile.reload()
        expect(basile.locator("[data-registration]")).to_have_attribute(
            "data-registration", "confirmed")
        expect(basile.locator("[data-online-link]")).to_have_attribute("href", VISIO)

        # --- After the meeting, Claire adds the replay; Basile finds it ---------------------------
        claire.goto(url)
        claire.get_by_role("link", name=ui("Registrations and record",
                                           "Inscriptions et compte rendu")).click()
        axe_check(claire)
        claire.get_by_label(ui("Replay link", "Lien du replay")).fill(REPLAY)
        claire.get_by_role("button", name=ui("Save the record",
                                             "Enregistrer le compte rendu")).click()
        expect(claire.get_by_label(ui("Replay link", "Lien du replay"))).to_have_value(REPLAY)
        basile.goto(url)
        expect(basile.locator("[data-replay]")).to_have_attribute("href", REPLAY)
        axe_check(basile)

        # --- The month view (an accessible table) and Basile's calendar address -----------------
        basile.goto(base + "/agenda/?vue=mois&mois=" + start.strftime("%Y-%m"))
        expect(basile.get_by_role("table")).to_contain_text(TITLE)
        axe_check(basile)
        basile.goto(base + "/agenda/calendrier/")
        basile.get_by_role("button", name=ui("Get my calendar address",
                                             "Obtenir mon adresse d'agenda")).click()
        expect(basile.locator("[data-feed-url]")).to_have_value(
            re.compile(r"/agenda/flux/[\w-]+\.ics$"))
        axe_check(basile)
    finally:
        server.stop()
    assert errors == []


GUIDE = "Guide des alliances territoriales"
REGIONAL = "Journée régionale des catalyseurs bretons"


def create_regional_day() -> None:
    """Claire, Basile, a published library guide (an external link, no file) and a regional
    day in Bretagne published by Claire."""
    from documents import services as document_services
    from events import services as event_services

    claire = ModeratorFactory(**CLAIRE)
    basile = MemberFactory(**BASILE)
    use_cheap_passwords(claire, basile)
    document_services.document_publish(
        actor=claire, title=GUIDE, description="Une méthode pas à pas.", entry_point="methodes",
        link="https://exemple.fr/guide-alliances", uploads=[])
    start = (timezone.now() + timedelta(days=20)).replace(microsecond=0)
    event_services.event_create(
        actor=claire, title=REGIONAL, kind="temps-d-echanges", summary="Une journée à Rennes.",
        starts_at=start, ends_at=start + timedelta(hours=6), time_zone="Europe/Paris",
        commune="Rennes", region="bretagne", capacity=None)


@pytest.mark.django_db(transaction=True)
def test_the_region_map_and_a_library_document_linked(shared_database, reference_data,
                                                      new_context, tmp_path):
    """Basile chooses Bretagne on the agenda's map with the keyboard and finds the regional
    day; Claire links a library guide to it from the organisers' page (no JavaScript needed);
    Basile finds the guide on the event's page."""
    shared_database.run(create_regional_day)
    server = Daphne(database_url=shared_database.url, var_dir=tmp_path)
    errors: list[str] = []
    try:
        server.start()
        base = server.url
        claire, basile = (new_context().new_page() for _ in range(2))
        for name, page in (("Claire", claire), ("Basile", basile)):
            collect_errors(page, name, errors)
        log_in(claire, base, CLAIRE["email"])
        log_in(basile, base, BASILE["email"])

        basile.goto(base + "/agenda/")
        region_map = basile.locator("#region-map")
        bretagne = region_map.get_by_role("link", name=ui(
            r"^Bretagne: 1 event$", r"^Bretagne\s*: 1 événement$"))
        expect(bretagne).to_have_count(1)
        axe_check(basile)
        bretagne.focus()
        basile.keyboard.press("Enter")
        expect(basile).to_have_url(re.compile(r"/agenda/\?region=bretagne$"))
        expect(basile.get_by_role("heading", level=3, name=REGIONAL)).to_be_visible()
        expect(basile.locator("#filter-region")).to_have_value("bretagne")
        axe_check(basile)

        basile.get_by_role("link", name=REGIONAL).click()
        url = basile.url
        claire.goto(url)
        claire.get_by_role("link", name=ui("Registrations and record",
                                           "Inscriptions et compte rendu")).click()
        library = claire.locator("#library")
        library.get_by_role("button", name=ui(f"^Link to the event {GUIDE}$",
                                              f"^Lier à l'événement {GUIDE}$")).click()
        expect(claire.locator("#library [data-linked-document]")).to_contain_text(GUIDE)
        axe_check(claire)
        basile.goto(url)
        expect(basile.locator("[data-library-document]")).to_have_text(GUIDE)
        axe_check(basile)
    finally:
        server.stop()
    assert errors == []
