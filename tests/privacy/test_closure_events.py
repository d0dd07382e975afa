"""Closing an account withdraws the events the member proposed that still wait for the
moderators: they leave the one moderation queue (with their files, and a series of them with
its occurrences), while the events already published stay in the agenda without their name
(issue 14, item 2: "pending items withdrawn")."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone, translation

from events import services as event_services
from events.models import Event, EventDocument, EventSeries
from moderation import selectors as queue
from moderation.services import decide
from privacy.closure.services import account_close, closure_summary

pytestmark = pytest.mark.django_db

PROPOSED = "Atelier Tatou en attente"
PUBLISHED = "Rencontre Ibis publiée"


def _fields(title: str, days: int = 10) -> dict:
    start = (timezone.now() + timedelta(days=days)).astimezone(ZoneInfo("Europe/Paris")).replace(
        hour=10, minute=0, second=0, microsecond=0)
    return {"title": title, "kind": "webinaire", "summary": "Un retour d'expériences.",
            "description": "", "starts_at": start, "ends_at": start + timedelta(hours=2),
            "time_zone": "Europe/Paris", "online_url": "https://visio.exemple.fr/salle",
            "capacity": None}


def _queued_titles(moderator) -> set[str]:
    items, _total = queue.waiting_for_decision(moderator)
    return {pending.item.title for pending in items if isinstance(pending.item, Event)}


@pytest.fixture
def proposals(member, moderator, django_capture_on_commit_callbacks):
    """One proposal still waiting, with a file; a series of two waiting; one published."""
    with django_capture_on_commit_callbacks(execute=True):
        pending = event_services.event_create(actor=member, **_fields(PROPOSED))
        stored = default_storage.save("events/documents/tatou.txt", ContentFile(b"programme"))
        EventDocument.objects.create(event=pending, file=stored, display_name="programme.txt",
                                     content_type="text/plain", size=9, uploaded_by=member)
        fields = _fields("Cycle Tatou")
        series = event_services.event_series_create(
            actor=member, starts=[fields["starts_at"], fields["starts_at"] + timedelta(days=7)],
            **fields)
        published = event_services.event_create(actor=member, **_fields(PUBLISHED, days=12))
        decide(actor=moderator, item=published, decision="approve")
    assert pending.moderation_status == "pending"
    assert _queued_titles(moderator) == {PROPOSED, "Cycle Tatou"}
    return pending, series, Event.objects.get(pk=published.pk), stored


def test_the_page_before_closing_says_the_proposals_are_withdrawn(member, proposals):
    with translation.override("fr"):
        lines = [line.text for line in closure_summary(actor=member, member=member)]
    assert ("3 propositions d’événement en attente des animateurs sont "
            "retirées." in lines), lines


@pytest.mark.parametrize("mode", ["anonymise", "delete"])
def test_pending_proposals_leave_the_queue_published_events_stay(
        mode, member, moderator, proposals, django_capture_on_commit_callbacks):
    pending, series, published, stored = proposals
    pending_before = queue.pending_count()
    with django_capture_on_commit_callbacks(execute=True):
        closure = account_close(actor=member, member=member, mode=mode)

    assert closure.counts["events.withdrawn"] == 3
    assert not Event.objects.filter(pk__in=[pending.pk, *(event.pk for event in series)]).exists()
    assert not EventSeries.objects.filter(pk=series[0].series_id).exists()
    assert not EventDocument.objects.filter(event_id=pending.pk).exists()
    assert not default_storage.exists(stored)  # the file went once the closing committed
    assert _queued_titles(moderator) == set()
    assert queue.pending_count() == pending_before - 3
    # The published event stays in the agenda, proposed by nobody and organised by nobody.
    published.refresh_from_db()
    assert published.moderation_status == "published"
    assert published.created_by is None
    assert not published.organisers.exists()


def test_a_moderator_closing_the_account_withdraws_them_too(
        member, moderator, proposals, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        account_close(actor=moderator, member=member, mode="anonymise",
                      reason="Demande écrite du membre")
    assert _queued_titles(moderator) == set()
    assert Event.objects.filter(title=PUBLISHED).exists()


def test_others_proposals_stay_in_the_queue(member, other_member, moderator,
                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        event_services.event_create(actor=other_member, **_fields("Proposition de l'autre"))
        event_services.event_create(actor=member, **_fields(PROPOSED))
        account_close(actor=member, member=member, mode="delete")
    assert _queued_titles(moderator) == {"Proposition de l'autre"}
