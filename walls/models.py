"""Walls (*murs*): the network's wall and themed walls, their posts, comments and reactions.

Posts and comments are moderated things (moderation.models.Moderated): published at once,
hidden or restored by a moderator through ``moderation.services.decide``. Their text is kept as
written (Markdown, ``body``) and as rendered and sanitised HTML (``html``, walls/services/).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from community.taxonomy import Metier, Region
from documents.kinds import FileKind
from documents.models import AVAILABLE_SCAN_STATUSES, ScanStatus
from documents.storage import upload_to
from moderation.models import Moderated

MAX_BODY_LENGTH = 10_000
MAX_WALL_NAME_LENGTH = 80
MAX_WALL_DESCRIPTION_LENGTH = 300


class Wall(models.Model):
    """Where posts are published: exactly one wall of the whole network (created by a data
    migration), and themed walls that moderators open and archive."""

    class Kind(models.TextChoices):
        GROUP = "group", _("The network's wall")
        THEMED = "themed", _("Themed wall")
        # A project's discussion (projects/): read and written as the project allows, never
        # listed with the network's walls.
        PROJECT = "project", _("Project wall")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.THEMED)
    name = models.CharField(_("name"), max_length=MAX_WALL_NAME_LENGTH)
    slug = models.SlugField(_("address"), max_length=MAX_WALL_NAME_LENGTH, unique=True)
    description = models.CharField(
        _("description"), max_length=MAX_WALL_DESCRIPTION_LENGTH, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)

    class Meta:
        verbose_name = _("wall")
        verbose_name_plural = _("walls")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind"], condition=Q(kind="group"),
                                    name="walls_one_group_wall"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        if self.kind == self.Kind.GROUP:
            return reverse("walls:group")
        project = getattr(self, "project", None) if self.kind == self.Kind.PROJECT else None
        if project is not None:
            return reverse("projects:discussion", args=[project.pk])
        return reverse("walls:wall", args=[self.slug])

    @property
    def group_name(self) -> str:
        """The channel-layer group of the wall's live activity (DESIGN.md §5)."""
        return f"wall.{self.pk}"

    @property
    def is_group(self) -> bool:
        return self.kind == self.Kind.GROUP

    @property
    def is_project(self) -> bool:
        return self.kind == self.Kind.PROJECT

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Post(Moderated):
    """A message on a wall, or a question to peers (``kind`` "question", *demande d'aide*):
    skills wanted (tags, as a profile's), optionally a trade and a region; its top-level
    comments are the answers, and the asker may accept one."""

    class Kind(models.TextChoices):
        POST = "post", _("Post")
        QUESTION = "question", _("Question")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.POST)
    wall = models.ForeignKey(Wall, on_delete=models.CASCADE, related_name="posts",
                             verbose_name=_("wall"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="wall_posts",
        verbose_name=_("author"),
    )
    body = models.TextField(_("text"), max_length=MAX_BODY_LENGTH)
    html = models.TextField()
    created_at = models.DateTimeField(_("published on"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited on"), null=True, blank=True)
    # Deleted by its author: off the wall for everyone; the row stays for reports and the log.
    deleted_at = models.DateTimeField(_("deleted on"), null=True, blank=True)
    pinned_at = models.DateTimeField(_("pinned on"), null=True, blank=True)
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    # Questions only.
    skills = TaggableManager(verbose_name=_("skills"), blank=True)
    metier = models.ForeignKey(
        "community.Metier", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("trade"),
    )
    region = models.CharField(_("region"), max_length=40, choices=Region, blank=True)
    accepted_answer = models.ForeignKey(
        "walls.Comment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("accepted answer"),
    )
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["wall", "-id"], name="walls_post_feed"),
            models.Index(fields=["wall", "pinned_at"], name="walls_post_pinned"),
            models.Index(fields=["kind", "answered_at", "-id"], name="walls_post_questions"),
        ]

    def __str__(self) -> str:
        return f"{self.wall_id}:{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("walls:post_detail", args=[self.pk])

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_pinned(self) -> bool:
        return self.pinned_at is not None

    @property
    def is_question(self) -> bool:
        return self.kind == self.Kind.QUESTION

    @property
    def metier_label(self) -> str:
        """The trade's label, from its code (no query)."""
        return str(Metier(self.metier_id).label) if self.metier_id else ""


class Comment(Moderated):
    """A comment on a post, or a reply to a comment: one level only, a reply to a reply is
    attached to the comment that started the thread (walls/services/comments.py)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments",
                             verbose_name=_("post"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
        related_name="wall_comments", verbose_name=_("author"),
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies",
        verbose_name=_("in reply to"),
    )
    body = models.TextField(_("text"), max_length=MAX_BODY_LENGTH)
    html = models.TextField()
    created_at = models.DateTimeField(_("published on"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited on"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["post", "created_at"], name="walls_comment_thread")]

    def __str__(self) -> str:
        return f"{self.post_id}:{self.pk}"

    def get_absolute_url(self) -> str:
        return f"{reverse('walls:post_detail', args=[self.post_id])}#c-{self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Reaction(models.Model):
    """A member's reaction to a post: one of a few kinds, at most one of each per member."""

    class Kind(models.TextChoices):
        APPROVE = "approve", _("I approve")
        USEFUL = "useful", _("Useful")
        THANKS = "thanks", _("Thank you")
        BRAVO = "bravo", _("Well done")

    EMOJI = {
        Kind.APPROVE: "👍",
        Kind.USEFUL: "💡",
        Kind.THANKS: "🙏",
        Kind.BRAVO: "🎉",
    }

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(fields=["post", "member", "kind"],
                                    name="walls_one_reaction_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.member_id} → {self.post_id}"


class PostAttachment(models.Model):
    """A file attached to a post, under the document rules (documents.safety): checked by
    content, stored under a random name, counted in its author's storage quota, sent only
    through a permission-checked view (walls/views/attachments.py). Images are shown as
    thumbnails, other files as download links; a file waiting for its virus scan, or infected,
    is not offered. Deleting the post deletes its attachments and their files."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments",
                             verbose_name=_("post"))
    file = models.FileField(_("file"), upload_to=upload_to("walls"), max_length=255)
    thumbnail = models.FileField(_("thumbnail"), upload_to=upload_to("walls/thumbnails"),
                                 max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=FileKind)
    size = models.PositiveBigIntegerField(_("size"))
    display_name = models.CharField(_("name"), max_length=255)
    content_type = models.CharField(max_length=120)
    scan_status = models.CharField(_("virus scan"), max_length=12, choices=ScanStatus,
                                   default=ScanStatus.UNSCANNED)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["post", "position", "pk"]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("walls:attachment_download", args=[self.pk])

    def get_thumbnail_url(self) -> str:
        return reverse("walls:attachment_thumbnail", args=[self.pk])

    @property
    def is_available(self) -> bool:
        return self.scan_status in AVAILABLE_SCAN_STATUSES

    @property
    def is_image(self) -> bool:
        return FileKind(self.kind).is_image

    @property
    def is_infected(self) -> bool:
        return self.scan_status == ScanStatus.INFECTED
