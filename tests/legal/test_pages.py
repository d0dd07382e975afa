"""The legal pages (issue 14, item 4): public, in French, in the site's layout, editable by
admins, reachable at every stage, and linked from every page's footer."""

import re
from html import unescape

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client

from legal.models import LegalPage, PageKind
from legal.services import legal_page_update

pytestmark = pytest.mark.django_db

PAGES = {
    "/mentions-legales/": "Mentions légales",
    "/confidentialite/": "Politique de confidentialité",
    "/charte/": "Charte de la communauté",
    "/accessibilite/": "Déclaration d'accessibilité",
    "/plan-du-site/": "Plan du site",
}
FOOTER_LINKS = ["/mentions-legales/", "/confidentialite/", "/charte/", "/accessibilite/",
                "/plan-du-site/"]


def footer(html: str) -> str:
    return re.search(r'<footer class="site-footer">(.*?)</footer>', html, re.S).group(1)


@pytest.mark.parametrize("url, title", PAGES.items())
def test_each_page_is_public_french_and_in_the_layout(url, title):
    response = Client().get(url)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert '<html lang="fr">' in html
    assert re.search(rf"<h1[^>]*>{re.escape(title)}</h1>", html)
    assert f"<title>{title} · Catalyse</title>" in html
    assert 'id="contenu"' in html  # base.html's main landmark


@pytest.mark.parametrize("url", PAGES)
def test_every_stage_reaches_the_pages(url, as_user, applicant, member):
    """An applicant, a member who has not completed onboarding: the gate lets them read."""
    from tests.factories import UserFactory

    newcomer = UserFactory()  # a member, not onboarded
    for user in (applicant, newcomer, member):
        assert as_user(user).get(url).status_code == 200, user


@pytest.mark.parametrize("who", ["anonymous", "applicant", "member", "moderator"])
def test_footer_links_on_every_kind_of_page(who, as_user, request):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    page = {"anonymous": "/", "applicant": "/candidature/", "member": "/",
            "moderator": "/animation/candidatures/"}[who]
    response = as_user(user).get(page)
    assert response.status_code == 200
    links = footer(response.content.decode())
    for url in FOOTER_LINKS:
        assert f'href="{url}"' in links
    assert "Accessibilité\u00a0: non conforme" in links  # the RGAA's wording, with its status


def test_login_page_has_the_footer_links():
    links = footer(Client().get("/comptes/login/").content.decode())
    assert all(f'href="{url}"' in links for url in FOOTER_LINKS)


def test_the_footer_follows_the_declared_accessibility_status(settings):
    settings.LEGAL_ACCESSIBILITY_STATUS = "partial"
    links = footer(Client().get("/").content.decode())
    assert "Accessibilité\u00a0: partiellement conforme" in links


def test_an_admin_edit_shows_up(admin_user, as_user):
    admin = as_user(admin_user)
    page = LegalPage.objects.get(kind=PageKind.LEGAL_NOTICE)
    response = admin.post(f"/admin/legal/legalpage/{page.pk}/change/", {
        "body": "## Éditeur\n\nAssociation **Catalyseurs de France**, 12 rue de la Paix.",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.updated_by == admin_user
    html = Client().get("/mentions-legales/").content.decode()
    assert "<strong>Catalyseurs de France</strong>" in html
    assert "<h2>Éditeur</h2>" in html
    assert "À compléter" not in html


def test_a_page_without_its_row_shows_the_default_text():
    LegalPage.objects.filter(kind=PageKind.LEGAL_NOTICE).delete()
    html = unescape(Client().get("/mentions-legales/").content.decode())
    assert "Directeur ou directrice de la publication" in html
    assert "loi n°\u00a02004-575" in html


def test_markdown_is_sanitised(admin_user):
    body = '<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b onclick="x">b</b>'
    legal_page_update(actor=admin_user, kind=PageKind.PRIVACY, body=body)
    html = Client().get("/confidentialite/").content.decode()
    assert "<script>alert" not in html and 'href="javascript:' not in html
    assert "<b onclick" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text, harmless


def test_only_admins_may_edit(member):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        legal_page_update(actor=member, kind=PageKind.PRIVACY, body="Rien.")


def test_admins_see_the_fields_left_to_complete(admin_user, as_user):
    html = as_user(admin_user).get("/mentions-legales/").content.decode()
    assert 'class="legal-placeholder"' in html
    assert "champs à compléter" in html
    assert "/admin/legal/legalpage/" in html
    visitor = Client().get("/mentions-legales/").content.decode()
    assert "champs à compléter" not in visitor  # the note is for admins; the marks stay visible


def test_check_deploy_warns_while_fields_remain(admin_user, capsys):
    from legal.checks import check_legal_pages_completed

    ids = {warning.id for warning in check_legal_pages_completed()}
    assert ids == {"legal.W001"}
    for kind in PageKind.values:
        legal_page_update(actor=admin_user, kind=kind, body="Texte complet.")
    assert check_legal_pages_completed() == []


def test_check_deploy_runs_the_legal_check():
    with pytest.raises(SystemCheckError):
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "compatibility")


def test_privacy_policy_explains_processing_rights_and_retention():
    html = Client().get("/confidentialite/").content.decode()
    for words in ("article 6 du RGPD", "art. 6, 1, b", "art. 6, 1, a", "art. 6, 1, f",
                  "Droit d'accès et droit à la portabilité", "Droit de rectification",
                  "Droit à l'effacement", "Droit d'opposition", "www.cnil.fr/fr/plaintes",
                  "Qui reçoit vos données"):
        assert words in html, words
    assert 'href="/mes-donnees/"' in html
    # The retention table is the policies the platform applies (privacy/retention).
    from privacy.retention.selectors import retention_policies

    table = re.search(r'<table class="table legal-retention">(.*?)</table>', html, re.S).group(1)
    policies = retention_policies()
    assert policies
    assert table.count("<tr>") == len(policies) + 1
    squeezed = re.sub(r"\s", "", unescape(table))
    for policy in policies:
        assert re.sub(r"\s", "", policy.duration) in squeezed
    # Placed where the text says, before the cookies.
    assert html.index("legal-retention") < html.index("<h2>Cookies</h2>")


def test_accessibility_statement_has_the_rgaa_parts():
    html = Client().get("/accessibilite/").content.decode()
    for words in ("État de conformité", "n'est pas en conformité", "RGAA", "Résultats des tests",
                  "axe-core", "Contenus non accessibles", "Établissement de cette déclaration",
                  "Retour d'information et contact", "Voies de recours", "Défenseur des droits"):
        assert words in html, words


def test_the_site_map_depends_on_who_reads(as_user, member, moderator):
    anonymous = Client().get("/plan-du-site/").content.decode()
    assert 'href="/comptes/login/"' in anonymous
    assert 'href="/mur/"' not in anonymous
    member_map = as_user(member).get("/plan-du-site/").content.decode()
    for url in ("/mur/", "/actualites/", "/projets/", "/documents/", "/agenda/", "/membres/",
                "/chat/", "/recherche/", "/profil/", "/mes-donnees/", "/charte/"):
        assert f'href="{url}"' in member_map, url
    assert "/animation/" not in member_map.split("<main")[1].split("</main>")[0]
    moderator_map = as_user(moderator).get("/plan-du-site/").content.decode()
    assert 'href="/animation/candidatures/"' in moderator_map


def test_the_500_page_links_them_without_the_database(db, monkeypatch, settings):
    """The 500 page extends nothing (config/errors.py); its footer asks no query either."""
    from django.db import OperationalError
    from django.db.backends.base.base import BaseDatabaseWrapper

    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.config.error_urls"
    attempts = []

    def unreachable(self, *args, **kwargs):
        attempts.append(self.alias)
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", unreachable)
    response = Client(raise_request_exception=False).get("/tests/database-down/")
    assert response.status_code == 500
    assert attempts == ["default"]  # the failing view's query only
    links = footer(response.content.decode())
    assert all(f'href="{url}"' in links for url in FOOTER_LINKS)
