"""Error pages (config/errors.py): French (or the person's language), in the site's layout, with
a way back; a 403 says why; the 500 page renders with the database down."""

import re
from html.parser import HTMLParser

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.urls import reverse

from projects.models import Project
from projects.services.projects import project_create

pytestmark = pytest.mark.django_db

TITLE = re.compile(r"\S.* · Catalyse")


class Page(HTMLParser):
    """What a person (or a screen reader) finds on a page: its language, title, landmarks,
    headings and links."""

    def __init__(self, html: str):
        super().__init__()
        self.lang = None
        self.tags: list[str] = []
        self.links: list[str] = []
        self.h1: list[str] = []
        self.title = ""
        self._in: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "a":
            self.links.append(attrs.get("href", ""))
        if tag in ("title", "h1"):
            self._in = tag
            if tag == "h1":
                self.h1.append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "h1":
            self.h1[-1] += data


def error_page(response, status: int, heading: str, *, lang: str = "fr") -> Page:
    """The checks every error page passes; returns the page for the rest."""
    assert response.status_code == status
    page = Page(response.content.decode())
    assert page.lang == lang
    assert TITLE.fullmatch(page.title.strip()), page.title
    assert page.title.strip() == f"{heading} · Catalyse"
    assert page.h1 == [heading]
    assert "main" in page.tags and "header" in page.tags and "footer" in page.tags
    assert reverse("community:home") in page.links  # a way back
    return page


@pytest.fixture
def private_project(db, other_member):
    return project_create(actor=other_member, title="Coopérative de santé",
                          summary="Un centre de santé porté par les habitants.",
                          visibility=Project.Visibility.PRIVATE)


# --- 403 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["community:applications", "moderation:reports",
                                  "moderation:journal"])
def test_a_member_opening_a_moderators_page(as_user, member, name):
    response = as_user(member).get(reverse(name))
    page = error_page(response, 403, "Accès refusé")
    text = response.content.decode()
    assert "Cette page est réservée aux animateurs et animatrices du réseau." in text
    assert "demandez-le aux animateurs" in text
    assert member.display_name in text  # the site's header, the member still logged in
    assert reverse("community:directory") in page.links  # and its menu


def test_a_403_says_the_reason_it_was_given(as_user, member, settings):
    settings.ROOT_URLCONF = "tests.config.error_urls"
    response = as_user(member).get("/tests/forbidden-with-a-reason/")
    error_page(response, 403, "Accès refusé")
    assert "Seules les personnes qui animent ce projet peuvent le clore." in (
        response.content.decode())


def test_otherwise_a_general_explanation(as_user, member, settings):
    settings.ROOT_URLCONF = "tests.config.error_urls"
    response = as_user(member).get("/tests/forbidden/")
    error_page(response, 403, "Accès refusé")
    assert "Vous n'avez pas les droits nécessaires" in response.content.decode()


def test_a_403_in_english_for_who_chose_english(as_user, member):
    client = as_user(member)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("community:applications"))
    error_page(response, 403, "Access denied", lang="en")


# --- 404 ----------------------------------------------------------------------------------------


def test_a_member_opening_a_private_project(as_user, member, private_project):
    response = as_user(member).get(private_project.get_absolute_url())
    page = error_page(response, 404, "Page introuvable")
    text = response.content.decode()
    assert "un projet privé, par exemple, n'est visible que par ses membres" in text
    assert "Coopérative de santé" not in text  # nothing of the project leaks
    assert reverse("projects:list") in page.links


def test_anonymous_on_a_private_project_are_asked_to_log_in(private_project):
    """The membership gate answers before the project's view: nothing tells them it exists."""
    response = Client().get(private_project.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    missing = Client().get(reverse("projects:detail", args=[private_project.pk + 1000]))
    assert missing.status_code == 302 and missing["Location"].startswith(
        reverse("account_login"))


def test_anonymous_on_an_address_that_does_not_exist():
    response = Client().get("/cette-page-n-existe-pas/")
    page = error_page(response, 404, "Page introuvable")
    assert reverse("account_login") in page.links


def test_the_way_back_to_the_previous_page_only_if_it_is_ours(as_user, member):
    client = as_user(member)
    ours = client.get("/nulle-part/", HTTP_REFERER="http://testserver/mur/")
    assert "http://testserver/mur/" in error_page(ours, 404, "Page introuvable").links
    assert "Retour à la page précédente" in ours.content.decode()
    elsewhere = client.get("/nulle-part/", HTTP_REFERER="https://ailleurs.example/piege/")
    assert not any("ailleurs" in link for link in error_page(elsewhere, 404,
                                                             "Page introuvable").links)
    assert "Retour à la page précédente" not in elsewhere.content.decode()


# --- CSRF failure -------------------------------------------------------------------------------


def test_a_form_sent_without_the_cookie(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(reverse("community:profile_edit"), {"organisation": "X"})
    error_page(response, 403, "Formulaire expiré")
    text = response.content.decode()
    assert "rien n'a été enregistré" in text and "Autorisez les cookies" in text


def test_a_form_left_open_too_long(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    client.get(reverse("community:profile_edit"))  # the page sets the cookie
    response = client.post(reverse("community:profile_edit"),
                           {"organisation": "X", "csrfmiddlewaretoken": "a" * 64})
    error_page(response, 403, "Formulaire expiré")
    assert "rechargez la page, puis envoyez à nouveau le formulaire" in (
        response.content.decode())
    member.profile.refresh_from_db()
    assert member.profile.organisation != "X"


def test_anonymous_logging_in_with_an_expired_form():
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("account_login"))
    response = client.post(reverse("account_login"), {
        "login": "personne@exemple.fr", "password": "x", "csrfmiddlewaretoken": "b" * 64})
    error_page(response, 403, "Formulaire expiré")


# --- 500, with the database down ------------------------------------------------------------


@pytest.fixture
def database_down(db, monkeypatch, settings):
    """From now on every query fails, as when PostgreSQL is unreachable; counts the attempts."""
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.config.error_urls"
    attempts = []

    def unreachable(self, *args, **kwargs):
        attempts.append(self.alias)
        raise OperationalError("connection refused")

    def down():
        monkeypatch.setattr(BaseDatabaseWrapper, "cursor", unreachable)
        return attempts

    yield down
    monkeypatch.undo()


def test_the_500_page_renders_without_the_database(database_down):
    client = Client(raise_request_exception=False)
    attempts = database_down()
    response = client.get("/tests/database-down/")
    assert attempts == ["default"]  # the view's query only: the error page asked for nothing
    error_page(response, 500, "Erreur du serveur")
    assert "vous n'y êtes pour rien" in response.content.decode()
    assert "/static/css/app.css" in response.content.decode()


def test_a_member_whose_page_fails_with_the_database(member, database_down):
    client = Client(raise_request_exception=False)
    client.force_login(member)
    database_down()
    response = client.get(reverse("walls:group"))  # the session itself cannot be read
    error_page(response, 500, "Erreur du serveur")
    assert member.display_name not in response.content.decode()  # no user, no header counters


def test_the_500_page_in_english_for_who_chose_english(database_down):
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "en"
    database_down()
    response = client.get("/tests/database-down/")
    error_page(response, 500, "Server error", lang="en")
