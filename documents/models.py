"""The document library (*Documents*) and the project documents: one model for both.

A ``Document`` is the card members browse (title, description, entry point, levers, domains,
tags, language, an optional external link); its files live in numbered ``DocumentVersion``s,
each holding one or more ``DocumentFile``s. A document with ``project`` empty belongs to the
library, and follows moderation (a member's proposal waits for a moderator); a project's
document is published at once and is seen by whoever sees the project.

Files are stored under random names (documents.storage.upload_to) and never served by the web
server: documents/views/downloads.py checks the permissions and answers with an attachment.
When a virus scanner is configured, a new file stays unavailable (``pending``) until the scan
task finds it clean.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from documents import taxonomy
from documents.kinds import FileKind
from documents.storage import upload_to
from moderation.models import Moderated, ModerationStatus

MAX_TITLE_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 5000
MAX_LINK_LENGTH = 500
MAX_NOTE_LENGTH = 500
MAX_DISPLAY_NAME_LENGTH = 255


class Lever(models.Model):
    """One of the seven levers; rows created by a migration, labels from the code."""

    slug = models.CharField(primary_key=True, max_length=40, choices=taxonomy.Lever)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("lever")
        verbose_name_plural = _("levers")

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        return self.get_slug_display()


class DocumentQuerySet(models.QuerySet):
    def library(self) -> "DocumentQuerySet":
        return self.filter(project__isnull=True)

    def published(self) -> "DocumentQuerySet":
        return self.filter(moderation_status=ModerationStatus.PUBLISHED)


class Document(Moderated):
    title = models.CharField(_("title"), max_length=MAX_TITLE_LENGTH)
    description = models.TextField(_("description"), max_length=MAX_DESCRIPTION_LENGTH)
    # Where the library shows it; empty for a project's document, which is not in the library.
    entry_point = models.CharField(_("entry point"), max_length=20, blank=True,
                                   choices=taxonomy.EntryPoint, db_index=True)
    levers = models.ManyToManyField(Lever, verbose_name=_("levers"), blank=True,
                                    related_name="documents")
    domains = models.ManyToManyField("community.FragilityDomain",
                                     verbose_name=_("fragility domains"), blank=True,
                                     related_name="documents")
    tags = TaggableManager(verbose_name=_("tags"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=taxonomy.Language,
                                default=taxonomy.Language.FR)
    link = models.URLField(_("external link"), max_length=MAX_LINK_LENGTH, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="documents", verbose_name=_("author"),
    )
    # Empty: the library. Set: a project's document, seen as the project is.
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, null=True, blank=True,
        related_name="documents", verbose_name=_("project"),
    )
    download_count = models.PositiveIntegerField(_("downloads"), default=0)
    created_at = models.DateTimeField(_("proposed on"), auto_now_add=True)
    # When members first saw it (publication); the library's "newest" order.
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["moderation_status", "entry_point", "-published_at"],
                         name="documents_browse"),
            models.Index(fields=["moderation_status", "-download_count"],
                         name="documents_downloads"),
            models.Index(fields=["author", "-created_at"], name="documents_author"),
            models.Index(fields=["project", "-published_at"], name="documents_of_project"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=False) | ~Q(entry_point=""),
                name="documents_library_has_entry_point",
                violation_error_message=_("Choose the entry point of the library."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    @property
    def is_library(self) -> bool:
        return self.project_id is None


class DocumentVersion(models.Model):
    """One state of a document's files. Restoring an old version adds a new one that copies it
    (``restored_from``): the history only grows."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    note = models.CharField(_("note"), max_length=MAX_NOTE_LENGTH, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("uploaded by"),
    )
    restored_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("restored from"),
    )
    created = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"],
                                    name="documents_one_number_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"


class ScanStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the virus scan")
    CLEAN = "clean", _("Scanned: clean")
    INFECTED = "infected", _("Infected: blocked")
    UNSCANNED = "unscanned", _("Not scanned (no scanner configured)")


AVAILABLE_SCAN_STATUSES = (ScanStatus.CLEAN, ScanStatus.UNSCANNED)


class DocumentFile(models.Model):
    """A stored file. ``display_name`` is what the member called it (cleaned by
    documents.safety); ``file`` has a random name. A restored version's files point at the
    same stored content as the version they copy: nothing is stored twice."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=upload_to("documents"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=FileKind)
    size = models.PositiveBigIntegerField(_("size"))
    display_name = models.CharField(_("name"), max_length=MAX_DISPLAY_NAME_LENGTH)
    content_type = models.CharField(_("content type"), max_length=100)
    thumbnail = models.FileField(_("thumbnail"), upload_to=upload_to("thumbnails"),
                                 max_length=255, blank=True)
    text = models.TextField(_("extracted text"), blank=True)
    scan_status = models.CharField(_("virus scan"), max_length=10, choices=ScanStatus,
                                   default=ScanStatus.PENDING, db_index=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["pk"]
        indexes = [models.Index(fields=["file"], name="documents_file_name")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_available(self) -> bool:
        return self.scan_status in AVAILABLE_SCAN_STATUSES

    @property
    def is_infected(self) -> bool:
        return self.scan_status == ScanStatus.INFECTED


AVAILABLE_FILE = Q(scan_status__in=AVAILABLE_SCAN_STATUSES)
