"""Writes of the news feed: proposing, publishing, scheduling, editing, pinning, withdrawing,
the moderation state machine through ``decide`` and what it does to the activity stream."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from moderation.models import AuditEntry, ModerationStatus
from moderation.services import decide
from news import permissions, selectors, services
from news.models import ActivityEvent, NewsItem
from notifications.models import Notification

pytestmark = pytest.mark.django_db

FIELDS = {"title": "Un tiers-lieu ouvre à Redon", "summary": "Visites le jeudi.",
          "body": "Le lieu accueille **douze** structures.", "link": "https://exemple.fr/redon"}


def _stream() -> list[tuple[str, int | None]]:
    """What the feed shows now: (kind, target id) of its entries, pinned items first."""
    feed = selectors.feed_page()
    return ([("pinned", item.pk) for item in feed.pinned]
            + [(event.kind, event.object_id) for event in feed.entries])


def _proposal(author, **changes) -> NewsItem:
    return services.news_propose(actor=author, **{**FIELDS, **changes})


# --- Proposing and publishing ------------------------------------------------------------------


def test_a_member_proposal_waits_for_a_decision(member, other_member, moderator):
    item = _proposal(member)
    assert item.moderation_status == ModerationStatus.PENDING
    assert item.published_at is None and item.author == member
    assert item.html == "<p>Le lieu accueille <strong>douze</strong> structures.</p>"
    assert _stream() == []
    assert not permissions.can_view_news(other_member, item)
    assert permissions.can_view_news(member, item) and permissions.can_view_news(moderator, item)
    assert list(selectors.news_of_author(member)) == [item]


def test_applicants_propose_nothing(applicant):
    with pytest.raises(PermissionDenied):
        _proposal(applicant)
    assert not NewsItem.objects.exists()


def test_only_moderators_publish_directly(member, moderator, admin_user):
    with pytest.raises(PermissionDenied):
        services.news_publish(actor=member, **FIELDS)
    item = services.news_publish(actor=moderator, **FIELDS)
    assert item.is_published and item.is_visible()
    assert item.decided_by == moderator and not item.is_pinned
    assert _stream() == [("news_published", item.pk)]
    pinned = services.news_publish(actor=admin_user, **FIELDS, pin=True)
    assert pinned.is_pinned and pinned.pinned_by == admin_user
    assert _stream() == [("pinned", pinned.pk), ("news_published", item.pk)]


@pytest.mark.parametrize(("field", "value"), [
    ("title", ""), ("title", "   "), ("title", "x" * 151), ("summary", ""),
    ("summary", "x" * 501), ("body", "x" * 20_001), ("link", "javascript:alert(1)"),
    ("link", "ftp://exemple.fr/fichier"), ("link", "pas une adresse"),
    ("link", "data:text/html,<script>alert(1)</script>"),
])
def test_bad_fields_are_refused(member, moderator, field, value):
    for create in (lambda: _proposal(member, **{field: value}),
                   lambda: services.news_publish(actor=moderator, **{**FIELDS, field: value})):
        with pytest.raises(ValidationError) as error:
            create()
        assert field in error.value.message_dict
    assert not NewsItem.objects.exists()


# --- The state machine, through decide -------------------------------------------------------


def test_approval_publishes_and_tells_the_author(member, moderator):
    item = _proposal(member)
    decide(actor=moderator, item=item, decision="approve")
    item.refresh_from_db()
    assert item.is_published and item.is_visible()
    assert timezone.now() - item.published_at < timedelta(seconds=5)
    [event] = ActivityEvent.objects.all()
    assert (event.kind, event.target, event.actor, event.text, event.url) == (
        ActivityEvent.Kind.NEWS_PUBLISHED, item, member, item.title, item.get_absolute_url())
    assert event.occurred_at == item.published_at
    told = Notification.objects.get(recipient=member)
    assert told.url == item.get_absolute_url() and item.title in told.text
    assert AuditEntry.objects.get().action == AuditEntry.Action.APPROVED


def test_rejection_keeps_it_out_with_the_reason(member, other_member, moderator):
    item = _proposal(member)
    decide(actor=moderator, item=item, decision="reject", reason="Hors du champ du réseau")
    item.refresh_from_db()
    assert item.is_rejected and item.published_at is None
    assert item.decision_reason == "Hors du champ du réseau"
    assert _stream() == [] and not ActivityEvent.objects.exists()
    assert "Hors du champ du réseau" in Notification.objects.get(recipient=member).text
    assert not permissions.can_view_news(other_member, item)
    assert permissions.can_view_news(member, item)
    assert not permissions.can_edit_news(member, item)  # decided: no longer the author's
    with pytest.raises(ValidationError):  # rejected is final
        decide(actor=moderator, item=item, decision="approve")


def test_hiding_takes_it_out_of_the_stream_and_restoring_brings_it_back(member, moderator):
    item = _proposal(member)
    decide(actor=moderator, item=item, decision="approve")
    services.news_pin(actor=moderator, item=item)
    assert _stream() == [("pinned", item.pk)]
    decide(actor=moderator, item=item, decision="hide", reason="Coordonnées personnelles")
    assert _stream() == [] and selectors.latest_news() == []
    assert ActivityEvent.objects.get().hidden_at is not None
    decide(actor=moderator, item=item, decision="restore")
    assert _stream() == [("pinned", item.pk)]
    services.news_unpin(actor=moderator, item=item)
    assert _stream() == [("news_published", item.pk)]


# --- Scheduling -------------------------------------------------------------------------------


def test_a_scheduled_item_is_invisible_until_its_time(member, moderator):
    now = timezone.now()
    later = now + timedelta(days=2)
    item = services.news_publish(actor=moderator, **FIELDS, scheduled_for=later)
    assert item.published_at == later and item.is_scheduled and not item.is_visible()
    assert _stream() == [] and selectors.latest_news() == []
    assert selectors.scheduled_news() == [item]
    assert not permissions.can_view_news(member, item)
    assert permissions.can_view_news(moderator, item)
    # When the time comes, nothing has to run: the feed filters on the publication time.
    after = later + timedelta(minutes=1)
    assert [e.object_id for e in selectors.feed_page(now=after).entries] == [item.pk]
    assert list(NewsItem.objects.visible(after)) == [item]
    assert selectors.scheduled_news(now=after) == []


def test_scheduling_in_the_past_is_refused(moderator):
    with pytest.raises(ValidationError) as error:
        services.news_publish(actor=moderator, **FIELDS,
                              scheduled_for=timezone.now() - timedelta(minutes=1))
    assert "scheduled_for" in error.value.message_dict
    assert not NewsItem.objects.exists()


def test_a_proposal_scheduled_then_approved_comes_out_at_its_time(member, moderator):
    item = _proposal(member)
    later = timezone.now() + timedelta(hours=5)
    with pytest.raises(PermissionDenied):
        services.news_schedule(actor=member, item=item, scheduled_for=later)
    services.news_schedule(actor=moderator, item=item, scheduled_for=later)
    decide(actor=moderator, item=item, decision="approve")
    item.refresh_from_db()
    assert item.published_at == later and item.is_scheduled
    assert ActivityEvent.objects.get().occurred_at == later
    assert _stream() == []


def test_a_proposal_scheduled_for_a_time_already_past_comes_out_at_approval(member, moderator):
    item = _proposal(member)
    now = timezone.now()
    services.news_schedule(actor=moderator, item=item, scheduled_for=now + timedelta(hours=1),
                           now=now)
    NewsItem.objects.filter(pk=item.pk).update(scheduled_for=now - timedelta(hours=1))
    decide(actor=moderator, item=item, decision="approve")
    item.refresh_from_db()
    assert item.published_at >= now and item.is_visible()


def test_rescheduling_moves_the_stream_too(moderator):
    now = timezone.now()
    item = services.news_publish(actor=moderator, **FIELDS,
                                 scheduled_for=now + timedelta(days=3))
    sooner = now + timedelta(days=1)
    services.news_edit(actor=moderator, item=item, **FIELDS, scheduled_for=sooner)
    item.refresh_from_db()
    assert item.published_at == sooner
    assert ActivityEvent.objects.get().occurred_at == sooner
    services.news_edit(actor=moderator, item=item, **FIELDS, scheduled_for=None)  # now
    item.refresh_from_db()
    assert item.is_visible() and _stream() == [("news_published", item.pk)]
    with pytest.raises(PermissionDenied):  # out already: its time can no longer move
        services.news_schedule(actor=moderator, item=item, scheduled_for=sooner)


# --- Editing, withdrawing, pinning -----------------------------------------------------------


def test_the_author_edits_only_while_it_waits(member, other_member, moderator):
    item = _proposal(member)
    with pytest.raises(PermissionDenied):
        services.news_edit(actor=other_member, item=item, **FIELDS)
    services.news_edit(actor=member, item=item, **{**FIELDS, "title": "Titre précisé"})
    item.refresh_from_db()
    assert item.title == "Titre précisé" and item.edited_by == member
    with pytest.raises(PermissionDenied):  # members never schedule
        services.news_edit(actor=member, item=item, **FIELDS,
                           scheduled_for=timezone.now() + timedelta(days=1))
    decide(actor=moderator, item=item, decision="approve")
    with pytest.raises(PermissionDenied):
        services.news_edit(actor=member, item=item, **{**FIELDS, "title": "Encore"})


def test_moderators_edit_any_item_and_the_stream_follows(member, moderator):
    item = _proposal(member)
    decide(actor=moderator, item=item, decision="approve")
    services.news_edit(actor=moderator, item=item,
                       **{**FIELDS, "title": "Titre corrigé", "body": "*Nuance*"})
    item.refresh_from_db()
    assert (item.title, item.html, item.edited_by) == (
        "Titre corrigé", "<p><em>Nuance</em></p>", moderator)
    assert item.is_published  # editing is no decision
    assert ActivityEvent.objects.get().text == "Titre corrigé"
    edited_at = item.edited_at
    services.news_edit(actor=moderator, item=item,
                       **{**FIELDS, "title": "Titre corrigé", "body": "*Nuance*"})
    item.refresh_from_db()
    assert item.edited_at == edited_at  # nothing changed, nothing marked


def test_the_author_withdraws_a_waiting_proposal(member, other_member, moderator):
    item = _proposal(member)
    for someone in (other_member, moderator):
        with pytest.raises(PermissionDenied):
            services.news_withdraw(actor=someone, item=item)
    services.news_withdraw(actor=member, item=item)
    assert not NewsItem.objects.exists()
    approved = _proposal(member)
    decide(actor=moderator, item=approved, decision="approve")
    with pytest.raises(PermissionDenied):
        services.news_withdraw(actor=member, item=approved)


def test_only_moderators_pin_and_only_what_is_published(member, moderator):
    item = _proposal(member)
    with pytest.raises(PermissionDenied):  # pending
        services.news_pin(actor=moderator, item=item)
    decide(actor=moderator, item=item, decision="approve")
    for action in (services.news_pin, services.news_unpin):
        with pytest.raises(PermissionDenied):
            action(actor=member, item=item)
    services.news_pin(actor=moderator, item=item)
    first = NewsItem.objects.get().pinned_at
    services.news_pin(actor=moderator, item=item)  # again: nothing changes
    assert NewsItem.objects.get().pinned_at == first


# --- The activity stream ----------------------------------------------------------------------


def test_recording_an_event_twice_records_it_once(member, moderator):
    first = services.activity_record(kind="member_welcomed", target=member, text="Marc",
                                     url=member.get_absolute_url())
    again = services.activity_record(kind="member_welcomed", target=member, text="Autre",
                                     url=member.get_absolute_url())
    assert again.pk == first.pk and ActivityEvent.objects.get().text == "Marc"
    with pytest.raises(ValueError):
        services.activity_record(kind="party", text="?", url="/")
    for url in ("https://ailleurs.example/", "javascript:alert(1)", "//ailleurs.example/"):
        with pytest.raises(ValueError):
            services.activity_record(kind="document_published", text="?", url=url)


def test_an_approved_application_and_an_accepted_invitation_welcome_the_member(
        applicant, moderator):
    from community.models import Invitation
    from community.models.membership import hash_token
    from community.services.membership import application_approve, invitation_accept

    application_approve(actor=moderator, application=applicant.application)
    token = Invitation.new_token()
    invitation = Invitation.objects.create(email="invitee@exemple.fr",
                                           token_hash=hash_token(token), invited_by=moderator)
    invited = invitation_accept(invitation=invitation, first_name="Inès", last_name="Invitée",
                                password="un-mot-de-passe-solide-2026")
    events = ActivityEvent.objects.order_by("pk")
    assert [(e.kind, e.target, e.actor) for e in events] == [
        ("member_welcomed", applicant, moderator), ("member_welcomed", invited, moderator)]
    assert events[0].detail == "Mairie de Quimperlé, Bretagne"
    assert [e.object_id for e in selectors.feed_page().entries] == [invited.pk, applicant.pk]


def test_an_erased_account_leaves_no_welcome(member):
    services.member_welcomed(member=member)
    member.delete()
    assert not ActivityEvent.objects.exists()


def test_a_suspended_members_welcome_is_not_shown(member, moderator):
    from community.services.membership import member_suspend

    services.member_welcomed(member=member, actor=moderator)
    member_suspend(actor=moderator, member=member, reason="Démarchage")
    assert selectors.feed_page().entries == []


# --- Visits -----------------------------------------------------------------------------------


def test_a_visit_remembers_the_previous_one(member):
    start = timezone.now() - timedelta(days=3)
    assert services.feed_visit(member=member, now=start) is None
    assert selectors.feed_mark(member) is None
    second = start + timedelta(days=1)
    assert services.feed_visit(member=member, now=second) == start
    assert selectors.feed_mark(member) == start
    # A reload a minute later is the same visit: what was new stays marked.
    assert services.feed_visit(member=member, now=second + timedelta(minutes=1)) == start
    third = second + services.VISIT_GAP + timedelta(minutes=2)
    assert services.feed_visit(member=member, now=third) == second + timedelta(minutes=1)
