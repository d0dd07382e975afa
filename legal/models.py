"""The legal pages' texts as admins edit them, and the charter's versions and acceptances.

A page with no row shows its default text (legal/defaults/<kind>.md): the data migration makes
the rows so that admins find them in the admin, and a database emptied by tests or by hand still
shows complete pages.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PageKind(models.TextChoices):
    LEGAL_NOTICE = "mentions-legales", _("Legal notice")
    PRIVACY = "confidentialite", _("Privacy policy")
    ACCESSIBILITY = "accessibilite", _("Accessibility statement")


URL_NAMES = {
    PageKind.LEGAL_NOTICE: "legal:legal_notice",
    PageKind.PRIVACY: "legal:privacy",
    PageKind.ACCESSIBILITY: "legal:accessibility",
}


class LegalPage(models.Model):
    """One editable page. Its title comes from ``kind`` (translated); its body is light Markdown."""

    kind = models.CharField(_("page"), max_length=32, choices=PageKind.choices, unique=True)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Light Markdown: ## heading, **bold**, *italic*, lists, [link](https://...), tables. "
            "Replace every [À compléter : ...] field before opening the platform."
        ),
    )
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("legal page")
        verbose_name_plural = _("legal pages")
        ordering = ["kind"]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    def get_absolute_url(self) -> str:
        return reverse(URL_NAMES[self.kind])


class CharterVersion(models.Model):
    """A version of the community charter. A draft (``published_at`` empty) can be edited; once
    published it is frozen, and every member must accept it at their next page."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    body = models.TextField(_("text"), help_text=_("Light Markdown, as for the legal pages."))
    changes = models.TextField(
        _("what changed"), blank=True,
        help_text=_("Shown to members who accepted an earlier version, above the text."),
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("charter version")
        verbose_name_plural = _("charter versions")
        ordering = ["-number"]

    def __str__(self) -> str:
        return str(_("Charter, version %(number)s") % {"number": self.number})

    def get_absolute_url(self) -> str:
        return reverse("legal:charter")

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class CharterAcceptance(models.Model):
    """A member accepted a version of the charter, at a date: the proof the network keeps."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE,
        related_name="charter_acceptances",
    )
    version = models.ForeignKey(
        CharterVersion, verbose_name=_("version"), on_delete=models.PROTECT,
        related_name="acceptances",
    )
    accepted_at = models.DateTimeField(_("accepted on"), auto_now_add=True)

    class Meta:
        verbose_name = _("charter acceptance")
        verbose_name_plural = _("charter acceptances")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "version"], name="legal_one_acceptance_per_version"
            ),
        ]
        ordering = ["-accepted_at"]

    def __str__(self) -> str:
        return f"{self.user} – {self.version}"
