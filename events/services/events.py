"""Every write of events themselves: creating (a proposal, or published at once), editing,
cancelling (never a silent delete), series, what follows a moderation decision, and the record
after the event.

Who may do what is events/permissions.py. The fields are checked here once for the forms and
the services alike (``clean_event``): each bad input gets a French message on its field, and
nothing is stored.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chat.rendering import render_markdown
from community.taxonomy import Region
from events import permissions
from events.models import (
    MAX_ADDRESS_LENGTH,
    MAX_CAPACITY,
    MAX_DESCRIPTION_LENGTH,
    MAX_DOCUMENTS,
    MAX_LINK_LENGTH,
    MAX_QUESTION_LENGTH,
    MAX_QUESTIONS,
    MAX_SUMMARY_LENGTH,
    MAX_TITLE_LENGTH,
    Event,
    EventDocument,
    EventSeries,
    Registration,
)
from events.services import notices
from events.taxonomy import DEFAULT_TIME_ZONE, EventKind
from moderation.models import ModerationStatus

link_validator = URLValidator(schemes=["http", "https"])
MAX_DURATION = timedelta(days=14)
MAX_OCCURRENCES = 24
# What changes the event in calendars (SEQUENCE) and is told to the registrants.
SCHEDULE_FIELDS = ("starts_at", "ends_at", "time_zone")
PLACE_FIELDS = ("address", "commune", "region", "online_url")


def _one_line(value: str) -> str:
    return " ".join((value or "").split())


def _text(value: str) -> str:
    return (value or "").replace("\r\n", "\n").strip()


def _zone(name: str, errors: dict) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        errors["time_zone"] = [_("“%(zone)s” is not a time zone we know. Choose one from the "
                                 "list, such as Europe/Paris.") % {"zone": name}]
        return None


def _aware(value: datetime | None, zone: ZoneInfo | None) -> datetime | None:
    """A naive time is read in the event's time zone (what the organiser typed)."""
    if value is None or timezone.is_aware(value) or zone is None:
        return value
    return value.replace(tzinfo=zone)


def _link(value: str, field: str, errors: dict) -> str:
    value = (value or "").strip()
    if value:
        try:
            if len(value) > MAX_LINK_LENGTH:
                raise ValidationError("too long")
            link_validator(value)
        except ValidationError:
            errors[field] = [_("Enter a web address starting with https:// or http://.")]
    return value


def clean_event(*, title: str, kind: str, summary: str, starts_at: datetime | None,
                ends_at: datetime | None, time_zone: str = DEFAULT_TIME_ZONE,
                description: str = "", address: str = "", commune: str = "", region: str = "",
                online_url: str = "", capacity: int | None = None,
                registration_opens_at: datetime | None = None,
                registration_closes_at: datetime | None = None, questions: str = "",
                audience: str = Event.Audience.NETWORK) -> dict:
    """The fields of an event, or a ValidationError per field saying what is wrong."""
    errors: dict[str, list] = {}
    title, summary, description = _one_line(title), _text(summary), _text(description)
    address, commune = _one_line(address), _one_line(commune)
    if not title:
        errors["title"] = [_("Give the event a title.")]
    elif len(title) > MAX_TITLE_LENGTH:
        errors["title"] = [_("At most %(max)d characters.") % {"max": MAX_TITLE_LENGTH}]
    if kind not in EventKind.values:
        errors["kind"] = [_("Choose the kind of event.")]
    if not summary:
        errors["summary"] = [_("Say in a sentence or two what the event is about.")]
    elif len(summary) > MAX_SUMMARY_LENGTH:
        errors["summary"] = [_("At most %(max)d characters.") % {"max": MAX_SUMMARY_LENGTH}]
    if len(description) > MAX_DESCRIPTION_LENGTH:
        errors["description"] = [_("At most %(max)d characters.")
                                 % {"max": MAX_DESCRIPTION_LENGTH}]
    time_zone = (time_zone or DEFAULT_TIME_ZONE).strip()
    zone = _zone(time_zone, errors)
    starts_at, ends_at = _aware(starts_at, zone), _aware(ends_at, zone)
    opens, closes = _aware(registration_opens_at, zone), _aware(registration_closes_at, zone)
    if starts_at is None:
        errors["starts_at"] = [_("Give the date and time of the start.")]
    if ends_at is None:
        errors["ends_at"] = [_("Give the date and time of the end.")]
    if starts_at and ends_at:
        if ends_at <= starts_at:
            errors["ends_at"] = [_("The end must come after the start.")]
        elif ends_at - starts_at > MAX_DURATION:
            errors["ends_at"] = [_("An event lasts at most 14 days.")]
    if starts_at and closes and closes > starts_at:
        errors["registration_closes_at"] = [
            _("Registration must close before the event starts.")]
    if opens and closes and closes <= opens:
        errors["registration_closes_at"] = [
            _("Registration must close after it opens.")]
    if starts_at and opens and opens >= starts_at:
        errors["registration_opens_at"] = [_("Registration must open before the event starts.")]
    if region and region not in Region.values:
        errors["region"] = [_("Choose a region from the list.")]
    if len(address) > MAX_ADDRESS_LENGTH:
        errors["address"] = [_("At most %(max)d characters.") % {"max": MAX_ADDRESS_LENGTH}]
    online_url = _link(online_url, "online_url", errors)
    if not (address or commune or online_url):
        errors["address"] = [_("Say where it takes place: an address, an online link, or "
                               "both.")]
    if capacity is not None and not 1 <= capacity <= MAX_CAPACITY:
        errors["capacity"] = [_("Give a number of seats between 1 and %(max)d, or leave it "
                                "empty for no limit.") % {"max": MAX_CAPACITY}]
    question_list = [_one_line(line) for line in _text(questions).splitlines() if line.strip()]
    if len(question_list) > MAX_QUESTIONS:
        errors["questions"] = [_("At most %(max)d questions.") % {"max": MAX_QUESTIONS}]
    elif any(len(line) > MAX_QUESTION_LENGTH for line in question_list):
        errors["questions"] = [_("A question has at most %(max)d characters.")
                               % {"max": MAX_QUESTION_LENGTH}]
    if audience not in Event.Audience.values:
        errors["audience"] = [_("Choose who the event is for.")]
    if errors:
        raise ValidationError(errors)
    return {
        "title": title, "kind": kind, "summary": summary, "description": description,
        "description_html": render_markdown(description), "starts_at": starts_at,
        "ends_at": ends_at, "time_zone": time_zone, "address": address, "commune": commune,
        "region": region, "online_url": online_url, "capacity": capacity,
        "registration_opens_at": opens, "registration_closes_at": closes,
        "questions": "\n".join(question_list), "audience": audience,
    }


def _locked(event: Event) -> Event:
    locked = (Event.objects.select_for_update(of=("self",)).select_related("project")
              .get(pk=event.pk))
    return locked


def _set_taxonomy(event: Event, domains, metiers, tags) -> None:
    if domains is not None:
        event.domains.set(domains)
    if metiers is not None:
        event.metiers.set(metiers)
    if tags is not None:
        event.tags.set(list(tags), clear=True)


@transaction.atomic
def event_create(*, actor, project=None, domains=None, metiers=None, tags=None,
                 series: EventSeries | None = None, **fields) -> Event:
    """A moderator publishes an event; a project's owner publishes their project's event; any
    other member proposes one, which waits in the moderation queue. The creator is its first
    organiser."""
    if project is not None:
        if not permissions.can_create_project_event(actor, project):
            raise PermissionDenied
        fields.setdefault("audience", Event.Audience.PROJECT)
    elif not permissions.can_propose_event(actor):
        raise PermissionDenied
    elif fields.get("audience") == Event.Audience.PROJECT:
        raise ValidationError({"audience": [_("Only a project's event is for its members.")]})
    cleaned = clean_event(**fields)
    publish = project is not None or permissions.can_publish_event(actor)
    now = timezone.now()
    event = Event.objects.create(
        created_by=actor, project=project, series=series,
        original_start=cleaned["starts_at"] if series else None,
        moderation_status=ModerationStatus.PUBLISHED if publish else ModerationStatus.PENDING,
        decided_by=actor if publish else None, decided_at=now if publish else None, **cleaned,
    )
    event.organisers.add(actor)
    _set_taxonomy(event, domains, metiers, tags)
    if publish:
        notices.event_published(event)
    return event


@transaction.atomic
def event_series_create(*, actor, starts: list[datetime], rule: str = "",
                        project=None, domains=None, metiers=None, tags=None,
                        **fields) -> list[Event]:
    """A recurring meeting: one event per start in ``starts`` (same duration as the first),
    all in one series; each can then be moved or cancelled on its own."""
    if not starts:
        raise ValidationError({"starts_at": [_("Give at least one date.")]})
    if len(starts) > MAX_OCCURRENCES:
        raise ValidationError({"starts_at": [_("At most %(max)d dates in a series.")
                                             % {"max": MAX_OCCURRENCES}]})
    first = clean_event(**fields)
    duration = first["ends_at"] - first["starts_at"]
    series = EventSeries.objects.create(title=first["title"], rule=rule, created_by=actor)
    zone = ZoneInfo(first["time_zone"])
    events = []
    for start in sorted(starts):
        start = _aware(start, zone)
        events.append(event_create(
            actor=actor, project=project, domains=domains, metiers=metiers, tags=tags,
            series=series, **{**fields, "starts_at": start, "ends_at": start + duration,
                              "registration_opens_at": None, "registration_closes_at": None}))
    return events


def _confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=Registration.Status.CONFIRMED).count()


@transaction.atomic
def event_edit(*, actor, event: Event, domains=None, metiers=None, tags=None,
               **fields) -> Event:
    """Organisers and moderators change an event. A change of date, time or place raises its
    calendar SEQUENCE and is told to everyone registered or waiting; a capacity raised gives
    the freed seats to the waitlist at once; a capacity below the number registered is
    refused."""
    event = _locked(event)
    if not permissions.can_edit_event(actor, event):
        raise PermissionDenied
    fields.setdefault("audience", event.audience)
    cleaned = clean_event(**fields)
    if cleaned["capacity"] is not None:
        registered = _confirmed_count(event)
        if cleaned["capacity"] < registered:
            raise ValidationError({"capacity": [
                _("%(count)d people are already registered: the capacity cannot be lower.")
                % {"count": registered}]})
    changed = [name for name, value in cleaned.items() if getattr(event, name) != value]
    moved = [name for name in changed if name in SCHEDULE_FIELDS or name in PLACE_FIELDS]
    for name in changed:
        setattr(event, name, cleaned[name])
    if moved:
        event.sequence += 1
    event.save()
    _set_taxonomy(event, domains, metiers, tags)
    if "capacity" in changed:
        from events.services.registrations import promote_waitlist

        promote_waitlist(event)
    if moved and event.is_published:
        notices.event_changed(event, actor=actor,
                              schedule=any(name in SCHEDULE_FIELDS for name in moved))
    if changed:
        notices.reindex_event(event.pk)
    return event


@transaction.atomic
def event_cancel(*, actor, event: Event, reason: str = "") -> Event:
    """The event stays, marked cancelled (calendars get STATUS:CANCELLED); everyone registered
    or waiting is told, with the reason."""
    event = _locked(event)
    if not permissions.can_cancel_event(actor, event):
        raise PermissionDenied
    reason = _text(reason)
    if len(reason) > 1000:
        raise ValidationError({"reason": [_("At most %(max)d characters.") % {"max": 1000}]})
    event.cancelled_at = timezone.now()
    event.cancelled_by = actor
    event.cancel_reason = reason
    event.sequence += 1
    event.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason", "sequence",
                              "updated_at"])
    if event.is_published:
        notices.event_cancelled(event, actor=actor)
    notices.reindex_event(event.pk)
    return event


@transaction.atomic
def event_record(*, actor, event: Event, replay_url: str = "", minutes: str = "") -> Event:
    """After the event: the replay link, the minutes and key takeaways. Registrants are told
    the first time a replay or minutes appear."""
    event = _locked(event)
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied
    errors: dict = {}
    replay_url = _link(replay_url, "replay_url", errors)
    minutes = _text(minutes)
    if len(minutes) > MAX_DESCRIPTION_LENGTH:
        errors["minutes"] = [_("At most %(max)d characters.") % {"max": MAX_DESCRIPTION_LENGTH}]
    if errors:
        raise ValidationError(errors)
    was_empty = not (event.replay_url or event.minutes)
    event.replay_url, event.minutes = replay_url, minutes
    event.minutes_html = render_markdown(minutes)
    event.save(update_fields=["replay_url", "minutes", "minutes_html", "updated_at"])
    if was_empty and (replay_url or minutes) and event.is_published:
        notices.event_recorded(event, actor=actor)
    return event


@transaction.atomic
def event_set_cover(*, actor, event: Event, upload) -> Event:
    """Organisers give the event a cover picture (PNG, JPEG or WebP, checked by its content
    and re-encoded by documents.safety); the previous one is deleted once this commits."""
    from documents.safety import check_upload
    from documents.storage import delete_files_on_commit

    event = _locked(event)
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied
    checked = check_upload(upload)
    if not checked.kind.is_image:
        raise ValidationError({"cover": [_("Choose a picture: PNG, JPEG or WebP.")]})
    if event.cover:
        delete_files_on_commit(event.cover)
    event.cover.save(checked.display_name, checked.content, save=False)
    event.cover_type = checked.content_type
    event.save(update_fields=["cover", "cover_type", "updated_at"])
    return event


@transaction.atomic
def event_add_document(*, actor, event: Event, upload) -> EventDocument:
    """Organisers add slides or documents (any file documents.safety accepts: PDF, office,
    pictures, text), at most ``MAX_DOCUMENTS`` per event."""
    from documents.safety import check_upload
    from events.models import EventDocument

    event = _locked(event)
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied
    if event.documents.count() >= MAX_DOCUMENTS:
        raise ValidationError({"file": [_("At most %(max)d documents per event.")
                                        % {"max": MAX_DOCUMENTS}]})
    checked = check_upload(upload)
    document = EventDocument(event=event, display_name=checked.display_name,
                             content_type=checked.content_type, size=checked.size,
                             uploaded_by=actor)
    document.file.save(checked.display_name, checked.content, save=False)
    document.save()
    return document


def event_decided(event: Event, decision: str) -> None:
    """Called by ``moderation.services.decide`` inside its transaction (events/moderated.py):
    an approved proposal is published (announced in the news feed, indexed); a hidden one
    leaves the index, a restored one comes back."""
    if decision == "approve":
        notices.event_published(event)
    else:
        notices.reindex_event(event.pk)
