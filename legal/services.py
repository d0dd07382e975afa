"""Writes of the legal app: admins edit the pages and publish charter versions; members accept
the charter. Views, the admin and community's onboarding call these, never the models."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from legal.models import CharterAcceptance, CharterVersion, LegalPage


def _require_admin(actor, permission: str) -> None:
    if not (actor.is_authenticated and actor.is_active and actor.has_perm(permission)):
        raise PermissionDenied(_("Only administrators may change the legal pages."))


@transaction.atomic
def legal_page_update(*, actor, kind: str, body: str) -> LegalPage:
    _require_admin(actor, "legal.change_legalpage")
    page, _created = LegalPage.objects.select_for_update().get_or_create(
        kind=kind, defaults={"body": body, "updated_by": actor},
    )
    if not _created:
        page.body = body
        page.updated_by = actor
        page.save(update_fields=["body", "updated_by", "updated_at"])
    return page


@transaction.atomic
def charter_draft_save(*, actor, version: CharterVersion) -> CharterVersion:
    """A new draft takes the next number; a published version can no longer change."""
    _require_admin(actor, "legal.change_charterversion")
    if version.pk is not None:
        stored = CharterVersion.objects.select_for_update().get(pk=version.pk)
        if stored.is_published:
            raise ValidationError(_("A published version cannot be changed: write a new one."))
    else:
        # Two admins saving a draft at once take numbers in turn (PostgreSQL refuses FOR UPDATE
        # with an aggregate: the rows are locked first, then counted).
        list(CharterVersion.objects.select_for_update().values_list("pk", flat=True))
        last = CharterVersion.objects.aggregate(last=Max("number"))["last"]
        version.number = (last or 0) + 1
    version.published_at = None
    version.save()
    return version


@transaction.atomic
def charter_publish(*, actor, version: CharterVersion) -> CharterVersion:
    """Publishing makes this version the one every member must accept at their next page. Only
    a version newer than the current one may be published: members never go back."""
    _require_admin(actor, "legal.change_charterversion")
    version = CharterVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise ValidationError(_("This version is already published."))
    newer = CharterVersion.objects.filter(published_at__isnull=False, number__gt=version.number)
    if newer.exists():
        raise ValidationError(_("A newer version is already published."))
    if not version.body.strip():
        raise ValidationError(_("The charter's text is empty."))
    version.published_at = timezone.now()
    version.published_by = actor
    version.save(update_fields=["published_at", "published_by"])
    return version


@transaction.atomic
def charter_accept(*, actor, version: CharterVersion) -> CharterAcceptance:
    """The member accepts this published version (accepting twice keeps the first date)."""
    if not actor.is_authenticated:
        raise PermissionDenied
    if not version.is_published:
        raise ValidationError(_("This version of the charter is not published."))
    acceptance, _created = CharterAcceptance.objects.get_or_create(user=actor, version=version)
    return acceptance


@transaction.atomic
def member_charter_acceptances_erase(*, member) -> int:
    """A closed account's acceptances (privacy's closure calls this through legal's
    data_erasure.py); returns how many went."""
    deleted, _by_model = CharterAcceptance.objects.filter(user=member).delete()
    return deleted
