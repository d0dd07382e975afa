"""Events and the network's agenda: events, their series, registrations and calendar feeds.

An event is a moderated thing (``moderation.models.Moderated``): a member's proposal waits in
the one moderation queue (``pending``); a moderator's event, or a project owner's event for
their project, is published at once. It is never deleted by the people who run it: a
cancelled event stays, marked ``cancelled_at``, so that registrants and calendars learn of it
(``STATUS:CANCELLED``).

Times are stored in UTC (``starts_at``, ``ends_at``) with the event's own time zone
(``time_zone``, an IANA name: Europe/Paris by default, Indian/Reunion for La Réunion...), in
which pages and calendar files show them.

Calendars (events/calendars.py): ``uid`` is given once and never changes; ``sequence`` rises
when the date, time or place changes (RFC 5545 §3.8.7.4), so that calendar programs replace
their copy instead of adding a second one. An occurrence of a series keeps its
``original_start``: the RECURRENCE-ID that names it in the series, however far it is moved.
"""

import secrets
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from community.taxonomy import Region
from documents.storage import upload_to
from events.taxonomy import DEFAULT_TIME_ZONE, EventKind
from moderation.models import Moderated, ModerationStatus

MAX_TITLE_LENGTH = 150
MAX_SUMMARY_LENGTH = 500
MAX_DESCRIPTION_LENGTH = 20_000
MAX_LINK_LENGTH = 500
MAX_ADDRESS_LENGTH = 300
MAX_QUESTIONS = 3
MAX_QUESTION_LENGTH = 200
MAX_ANSWER_LENGTH = 1000
MAX_CAPACITY = 100_000


def new_uid() -> str:
    """A calendar UID: globally unique, given once (RFC 5545 §3.8.4.7)."""
    return f"{uuid.uuid4()}@catalyse"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_check_in_code() -> str:
    """Six characters shown at the meeting, easy to read aloud (no 0/O, 1/I)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(6))


class EventSeries(models.Model):
    """A recurring meeting (e.g. "every first Thursday"): its occurrences are events that
    share this series, each movable on its own. ``uid`` names the series in calendars."""

    title = models.CharField(_("title"), max_length=MAX_TITLE_LENGTH)
    rule = models.CharField(_("rhythm"), max_length=200, blank=True)
    uid = models.CharField(max_length=100, unique=True, default=new_uid, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("series of events")
        verbose_name_plural = _("series of events")

    def __str__(self) -> str:
        return self.title


class EventQuerySet(models.QuerySet):
    def published(self) -> "EventQuerySet":
        return self.filter(moderation_status=ModerationStatus.PUBLISHED)

    def upcoming(self, now: datetime | None = None) -> "EventQuerySet":
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now: datetime | None = None) -> "EventQuerySet":
        return self.filter(ends_at__lt=now or timezone.now())


class Event(Moderated):
    class Audience(models.TextChoices):
        NETWORK = "network", _("The whole network")
        PROJECT = "project", _("The project's members")
        PUBLIC = "public", _("Also the public (once the showcase exists)")

    uid = models.CharField(max_length=100, unique=True, default=new_uid, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    title = models.CharField(_("title"), max_length=MAX_TITLE_LENGTH)
    kind = models.CharField(_("kind of event"), max_length=40, choices=EventKind)
    summary = models.TextField(_("summary"), max_length=MAX_SUMMARY_LENGTH)
    description = models.TextField(_("description"), max_length=MAX_DESCRIPTION_LENGTH,
                                   blank=True)
    description_html = models.TextField(blank=True)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    time_zone = models.CharField(_("time zone"), max_length=64, default=DEFAULT_TIME_ZONE)
    address = models.CharField(_("address"), max_length=MAX_ADDRESS_LENGTH, blank=True)
    commune = models.CharField(_("town"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=40, choices=Region, blank=True,
                              db_index=True)
    online_url = models.URLField(_("online link"), max_length=MAX_LINK_LENGTH, blank=True)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience,
                                default=Audience.NETWORK)
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, null=True,
                                blank=True, related_name="events", verbose_name=_("project"))
    organisers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                        related_name="organised_events",
                                        verbose_name=_("organisers"))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True,
                                                 blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True,
                                                  blank=True)
    registration_closed_at = models.DateTimeField(_("registration closed by the organisers"),
                                                  null=True, blank=True)
    # Optional questions asked at registration, one per line (dietary needs, expectations...).
    questions = models.TextField(_("questions asked at registration"), blank=True)
    domains = models.ManyToManyField("community.FragilityDomain", blank=True,
                                     related_name="events", verbose_name=_("fragility domains"))
    metiers = models.ManyToManyField("community.Metier", blank=True, related_name="events",
                                     verbose_name=_("trades"))
    tags = TaggableManager(verbose_name=_("tags"), blank=True)
    series = models.ForeignKey(EventSeries, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="occurrences", verbose_name=_("series"))
    original_start = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("proposed by"))
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    # After the event: the record the network keeps.
    replay_url = models.URLField(_("replay"), max_length=MAX_LINK_LENGTH, blank=True)
    minutes = models.TextField(_("minutes and key takeaways"), blank=True,
                               max_length=MAX_DESCRIPTION_LENGTH)
    minutes_html = models.TextField(blank=True)
    # A cover picture, checked and re-encoded by documents.safety, served through a
    # permission-checked view (events/views/pages.py ``cover``), stored under a random name.
    cover = models.FileField(_("cover picture"), upload_to=upload_to("events"), blank=True,
                             max_length=255)
    cover_type = models.CharField(max_length=40, blank=True, editable=False)
    # The event's discussion: a post on the network's wall (the project's wall for a project's
    # event) that members comment on, made when the event is published.
    discussion = models.OneToOneField("walls.Post", on_delete=models.SET_NULL, null=True,
                                      blank=True, related_name="event", editable=False)
    check_in_code = models.CharField(max_length=12, default=new_check_in_code, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["moderation_status", "starts_at"], name="events_agenda"),
            models.Index(fields=["moderation_status", "ends_at"], name="events_by_end"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                   name="events_end_after_start"),
            models.CheckConstraint(
                condition=Q(audience="project", project__isnull=False) | ~Q(audience="project"),
                name="events_project_audience_has_project"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self) -> datetime:
        return self.ends_at.astimezone(self.zone)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)

    @property
    def is_in_person(self) -> bool:
        return bool(self.address or self.commune)

    def has_started(self, now: datetime | None = None) -> bool:
        return self.starts_at <= (now or timezone.now())

    def is_past(self, now: datetime | None = None) -> bool:
        return self.ends_at < (now or timezone.now())

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]

    def registration_state(self, now: datetime | None = None) -> str:
        """``open``, ``not_yet``, ``closed`` (by date or by the organisers), ``started``,
        ``cancelled``: why one may or may not register, in one word."""
        now = now or timezone.now()
        if self.is_cancelled:
            return "cancelled"
        if self.has_started(now):
            return "started"
        if self.registration_closed_at or (self.registration_closes_at
                                           and self.registration_closes_at <= now):
            return "closed"
        if self.registration_opens_at and self.registration_opens_at > now:
            return "not_yet"
        return "open"


class Registration(models.Model):
    """One member's registration to one event: confirmed, on the waitlist, or cancelled (the
    row stays, so that registering again reuses it and the waitlist order is kept honest)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="event_registrations", verbose_name=_("member"))
    status = models.CharField(_("status"), max_length=12, choices=Status)
    # When the member joined the waitlist (or registered): the waitlist's order.
    queued_at = models.DateTimeField(default=timezone.now)
    answers = models.JSONField(default=dict, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "member"], name="events_one_registration"),
        ]
        indexes = [
            models.Index(fields=["event", "status", "queued_at"], name="events_reg_queue"),
            models.Index(fields=["member", "status"], name="events_reg_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.event_id}: {self.status}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == self.Status.WAITLISTED


MAX_DOCUMENTS = 20


class EventDocument(models.Model):
    """A slide deck, a handout, the minutes as a file: uploaded by the organisers after (or
    before) the meeting, checked by documents.safety, downloaded through a permission check."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to=upload_to("events/documents"), max_length=255)
    display_name = models.CharField(_("name"), max_length=150)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document of an event")
        verbose_name_plural = _("documents of events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.display_name


class EventLibraryDocument(models.Model):
    """A document of the library (or of a project) linked to an event by its organisers: the
    document stays the documents app's, with its own rules of who reads it
    (documents/permissions.py), which the event's page applies to each reader. Removing the
    link deletes this row only, never the document."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="library_links")
    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE,
                                 related_name="event_links", verbose_name=_("document"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("library document of an event")
        verbose_name_plural = _("library documents of events")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "document"],
                                    name="events_one_link_per_document"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.document_id}"


class CalendarFeed(models.Model):
    """A member's secret calendar address: the events they registered for, and the whole
    agenda if they wish. Revoking gives a new token; the old address answers 404."""

    member = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    include_agenda = models.BooleanField(_("also the whole agenda"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.member_id}"
