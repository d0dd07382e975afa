"""Project spaces (*projets*): projects, their members, tasks and milestones.

A project is a moderated thing (``moderation.models.Moderated``): published at creation, hidden
or restored by a moderator through ``moderation.services.decide``. Its description is kept as
written (light Markdown, ``description``) and as rendered and sanitised HTML
(``description_html``, projects/services.py), like a wall post.

Regions and kinds of partnership have several values each. They are rows of small child tables
(``ProjectRegion``, ``ProjectPartnership``) holding a slug of a fixed choice list, rather than a
JSON list: a JSON "contains" lookup is not available on SQLite and is not indexed the same way
on PostgreSQL, whereas "projects of this region" is one indexed join on both, the labels come
from the choices without a query, and a page prefetches every project's rows in one query.
Fragility domains and trades reuse the taxonomy tables of member profiles
(``community.models.FragilityDomain`` and ``Metier``), as ``Profile`` does.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.managers import TaggableManager

from community.taxonomy import Region
from moderation.models import Moderated

MAX_TITLE_LENGTH = 150
MAX_SUMMARY_LENGTH = 300
MAX_DESCRIPTION_LENGTH = 20_000
MAX_TASK_TITLE_LENGTH = 200


class PartnershipKind(models.TextChoices):
    """The kinds of partnership of the network's reference (referentiel.json,
    ``types_partenariat``)."""

    MECENAT = "mecenat", _("Patronage")
    PRATIQUES_RESPONSABLES = "pratiques-responsables", _("Responsible practices")
    COOPERATION_ECONOMIQUE = "cooperation-economique", _("Economic cooperation")
    INNOVATION_SOCIETALE = "innovation-societale", _("Societal innovation")


class Project(Moderated):
    class Status(models.TextChoices):
        IDEA = "idea", pgettext_lazy("project status", "Idea")
        ONGOING = "ongoing", pgettext_lazy("project status", "In progress")
        PAUSED = "paused", pgettext_lazy("project status", "On hold")
        DONE = "done", pgettext_lazy("project status", "Completed")

    class Visibility(models.TextChoices):
        MEMBERS = "members", _("The whole network")
        PRIVATE = "private", _("The project's members only")

    title = models.CharField(_("title"), max_length=MAX_TITLE_LENGTH)
    summary = models.CharField(_("summary"), max_length=MAX_SUMMARY_LENGTH)
    description = models.TextField(_("description"), max_length=MAX_DESCRIPTION_LENGTH,
                                   blank=True)
    description_html = models.TextField(blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.IDEA,
                              db_index=True)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility,
                                  default=Visibility.MEMBERS, db_index=True)
    domains = models.ManyToManyField("community.FragilityDomain",
                                     verbose_name=_("fragility domains"), blank=True,
                                     related_name="projects")
    metiers = models.ManyToManyField("community.Metier", verbose_name=_("trades"), blank=True,
                                     related_name="projects")
    tags = TaggableManager(verbose_name=_("tags"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="created_projects", verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)
    # The project's own discussion wall and chat room (created with the project).
    wall = models.OneToOneField("walls.Wall", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="project")
    room = models.OneToOneField("chat.Room", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="project")

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["visibility", "moderation_status", "-id"],
                                name="projects_listing")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_private(self) -> bool:
        return self.visibility == self.Visibility.PRIVATE

    @property
    def region_slugs(self) -> list[str]:
        """From the prefetched rows when there are (selectors), else one query."""
        return [row.region for row in self.region_rows.all()]

    @property
    def partnership_slugs(self) -> list[str]:
        return [row.kind for row in self.partnership_rows.all()]

    @property
    def region_labels(self) -> list[str]:
        return [str(Region(slug).label) for slug in sorted(self.region_slugs)]

    @property
    def partnership_labels(self) -> list[str]:
        return [str(PartnershipKind(slug).label) for slug in sorted(self.partnership_slugs)]


class ProjectRegion(models.Model):
    """One region where a project takes place (see the module's docstring)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="region_rows")
    region = models.CharField(_("region"), max_length=40, choices=Region)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "region"],
                                               name="projects_region_once")]
        indexes = [models.Index(fields=["region", "project"], name="projects_by_region")]

    def __str__(self) -> str:
        return f"{self.project_id}:{self.region}"


class ProjectPartnership(models.Model):
    """One kind of partnership a project involves."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE,
                                related_name="partnership_rows")
    kind = models.CharField(_("kind of partnership"), max_length=40, choices=PartnershipKind)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "kind"],
                                               name="projects_partnership_once")]
        indexes = [models.Index(fields=["kind", "project"], name="projects_by_partnership")]

    def __str__(self) -> str:
        return f"{self.project_id}:{self.kind}"


class ProjectMembership(models.Model):
    """A member's place in a project: an accepted owner or contributor (``state`` member), or a
    pending request to join (requested) or invitation (invited). One row per project and
    member; declining or leaving deletes it."""

    class Role(models.TextChoices):
        OWNER = "owner", pgettext_lazy("project role", "Owner")
        CONTRIBUTOR = "contributor", pgettext_lazy("project role", "Contributor")

    class State(models.TextChoices):
        MEMBER = "member", pgettext_lazy("project membership", "Member")
        REQUESTED = "requested", pgettext_lazy("project membership", "Asked to join")
        INVITED = "invited", pgettext_lazy("project membership", "Invited")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="project_memberships", verbose_name=_("member"))
    role = models.CharField(_("role"), max_length=12, choices=Role, default=Role.CONTRIBUTOR)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.MEMBER)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    message = models.CharField(_("message"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    joined_at = models.DateTimeField(_("joined on"), null=True, blank=True)

    class Meta:
        verbose_name = _("project membership")
        verbose_name_plural = _("project memberships")
        constraints = [
            models.UniqueConstraint(fields=["project", "member"], name="projects_member_once"),
        ]
        indexes = [models.Index(fields=["member", "state"], name="projects_membership_of")]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.project_id} ({self.role}, {self.state})"

    @property
    def is_accepted(self) -> bool:
        return self.state == self.State.MEMBER

    @property
    def is_owner(self) -> bool:
        return self.is_accepted and self.role == self.Role.OWNER


ACCEPTED = Q(state=ProjectMembership.State.MEMBER)


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=MAX_TASK_TITLE_LENGTH)
    due_on = models.DateField(_("date"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    class Status(models.TextChoices):
        TO_DO = "todo", pgettext_lazy("task status", "To do")
        DOING = "doing", pgettext_lazy("task status", "In progress")
        DONE = "done", pgettext_lazy("task status", "Done")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("title"), max_length=MAX_TASK_TITLE_LENGTH)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="project_tasks",
                                 verbose_name=_("assigned to"))
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.TO_DO)
    milestone = models.ForeignKey(Milestone, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="tasks", verbose_name=_("milestone"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["project", "status"], name="projects_task_board")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE
