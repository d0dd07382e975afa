"""Reads of the legal pages and of the charter."""

from django.db.models import QuerySet

from legal.defaults import CHARTER, default_text
from legal.models import CharterAcceptance, CharterVersion, LegalPage, PageKind


def legal_page(kind: str) -> LegalPage:
    """The page as admins last saved it, or an unsaved page with the default text."""
    page = LegalPage.objects.filter(kind=kind).select_related("updated_by").first()
    return page or LegalPage(kind=kind, body=default_text(PageKind(kind).value))


def published_charters() -> QuerySet[CharterVersion]:
    return CharterVersion.objects.filter(published_at__isnull=False)


def current_charter() -> CharterVersion | None:
    """The latest published version, the one every member must have accepted; ``None`` when no
    version is published (then nobody is asked anything)."""
    return published_charters().order_by("-number").first()


def charter_to_show() -> CharterVersion:
    """What /charte/ shows: the current version, or the default text while none is published."""
    return current_charter() or CharterVersion(number=1, body=default_text(CHARTER))


def has_accepted(user, version: CharterVersion) -> bool:
    if not user.is_authenticated or version.pk is None:
        return False
    return CharterAcceptance.objects.filter(user=user, version=version).exists()


def last_acceptance(user) -> CharterAcceptance | None:
    if not user.is_authenticated:
        return None
    return (
        CharterAcceptance.objects.filter(user=user).select_related("version")
        .order_by("-version__number").first()
    )
