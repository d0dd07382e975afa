"""Reports and their outcome: who may report, idempotence, snapshots, dismissal, resolution."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chat import services as chat
from moderation import permissions, services
from moderation.models import MAX_EXCERPT_LENGTH, AuditEntry, Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def message(moderator, other_member):
    room = chat.room_create(actor=moderator, name="Tiers-lieux")
    return chat.message_send(actor=other_member, room=room, body="Un message à signaler")


def _report(actor, target, author, reason="Propos déplacés", excerpt="Un message à signaler"):
    return services.report_create(actor=actor, target=target, reason=reason, excerpt=excerpt,
                                  target_author=author, context_label="Salon “Tiers-lieux”")


def test_permissions(applicant, member, moderator, admin_user):
    assert [permissions.can_moderate(u) for u in (applicant, member, moderator, admin_user)] == [
        False, False, True, True]
    assert [permissions.can_report(u) for u in (applicant, member, moderator, admin_user)] == [
        False, True, True, True]


def test_a_report_is_idempotent(member, other_member, message):
    first = _report(member, message, other_member)
    again = _report(member, message, other_member, reason="Autre raison")
    assert again.pk == first.pk and Report.objects.count() == 1
    assert Report.objects.get().reason == "Propos déplacés"
    assert first.status == Report.Status.OPEN and first.context_label == "Salon “Tiers-lieux”"


def test_not_your_own_content_and_members_only(applicant, other_member, message):
    with pytest.raises(PermissionDenied):
        _report(other_member, message, other_member)
    with pytest.raises(PermissionDenied):
        _report(applicant, message, other_member)
    assert not Report.objects.exists()


@pytest.mark.parametrize("reason", ["", "   ", "x" * 1001])
def test_a_reason_is_required_and_bounded(member, other_member, message, reason):
    with pytest.raises(ValidationError):
        _report(member, message, other_member, reason=reason)


def test_the_excerpt_is_truncated(member, other_member, message):
    report = _report(member, message, other_member, excerpt="mot " * 1000)
    assert len(report.excerpt) <= MAX_EXCERPT_LENGTH and report.excerpt.endswith("…")


def test_dismissal_is_for_moderators_and_logged(member, other_member, moderator, message):
    report = _report(member, message, other_member)
    with pytest.raises(PermissionDenied):
        services.report_dismiss(actor=member, report=report, note="Non")
    services.report_dismiss(actor=moderator, report=report, note=" Rien de grave ")
    report.refresh_from_db()
    assert report.status == Report.Status.DISMISSED
    assert report.resolved_by == moderator and report.resolved_at is not None
    assert report.resolution_note == "Rien de grave"
    [entry] = AuditEntry.objects.all()
    assert entry.action == AuditEntry.Action.REPORT_DISMISSED and entry.target == report
    assert entry.reason == "Rien de grave" and member.display_name in entry.target_repr
    with pytest.raises(ValidationError):
        services.report_dismiss(actor=moderator, report=report)
    assert AuditEntry.objects.count() == 1


def test_resolving_closes_open_reports_on_one_target(member, other_member, moderator, message):
    third = _report(moderator, message, other_member)
    first = _report(member, message, other_member)
    services.report_dismiss(actor=moderator, report=third)
    with pytest.raises(PermissionDenied):
        services.reports_resolve_for(target=message, actor=member)
    assert services.reports_resolve_for(target=message, actor=moderator, note="Retiré") == 1
    first.refresh_from_db()
    third.refresh_from_db()
    assert (first.status, first.resolved_by, first.resolution_note) == (
        Report.Status.ACTIONED, moderator, "Retiré")
    assert third.status == Report.Status.DISMISSED  # already handled: left as it was


def test_suspension_and_public_room_archiving_are_logged(moderator, member):
    from community.services.membership import member_reactivate, member_suspend

    member_suspend(actor=moderator, member=member, reason="Insultes répétées")
    member_reactivate(actor=moderator, member=member)
    room = chat.room_create(actor=moderator, name="Ancien salon")
    chat.room_archive(actor=moderator, room=room)
    private = chat.room_create(actor=moderator, name="Perso", kind="private")
    chat.room_archive(actor=moderator, room=private)  # one's own private room: not moderation
    assert list(AuditEntry.objects.order_by("pk").values_list("action", "reason")) == [
        (AuditEntry.Action.MEMBER_SUSPENDED, "Insultes répétées"),
        (AuditEntry.Action.MEMBER_REACTIVATED, ""),
        (AuditEntry.Action.ROOM_ARCHIVED, ""),
    ]
