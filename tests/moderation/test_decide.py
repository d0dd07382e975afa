"""``moderation.services.decide`` end to end, for every kind registered with a moderation status
(tests/moderation/conftest.py: skipped, saying why, while none is registered): the status with
who decided, when and why; a line in the audit log; the author told with the reason; reports
settled on hiding; a refused decision changes nothing."""

import dataclasses

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.text import Truncator

from moderation import registry, services
from moderation.models import AuditEntry, ModerationStatus, Report
from moderation.transitions import DECISIONS, allowed_decisions
from notifications.models import Notification
from tests.factories import ModeratorFactory

pytestmark = pytest.mark.django_db

REASONS = {"approve": "", "reject": "Hors sujet", "hide": "Propos injurieux", "restore": ""}
REFUSED = [(status, decision) for status in ModerationStatus.values for decision in DECISIONS
           if decision not in allowed_decisions(status)]


def _state(item) -> dict:
    item.refresh_from_db()
    return {
        "item": (item.moderation_status, item.decided_by_id, item.decided_at,
                 item.decision_reason),
        "log": list(AuditEntry.objects.values_list("pk", flat=True)),
        "notifications": list(Notification.objects.values_list("pk", flat=True)),
        "reports": list(Report.objects.values_list("pk", "status")),
    }


def test_an_unknown_decision_is_a_programming_error(moderator):
    with pytest.raises(ValueError):
        services.decide(actor=moderator, item=None, decision="delete")


def test_every_kind_with_a_status_says_whom_to_tell(status_kind):
    assert status_kind.author and status_kind.describe and status_kind.url, status_kind.label
    assert registry.kind_for_label(status_kind.label) is status_kind


@pytest.mark.parametrize(("start", "decision"), [
    ("pending", "approve"), ("pending", "reject"), ("published", "hide"), ("hidden", "restore"),
])
def test_a_decision_is_applied_logged_and_told(status_kind, make_item, moderator, start,
                                               decision):
    item = make_item(start)
    author = status_kind.author(item)
    services.decide(actor=moderator, item=item, decision=decision,
                    reason=f"  {REASONS[decision]}  ")
    item.refresh_from_db()
    rule = DECISIONS[decision]
    assert item.moderation_status == rule.target
    assert (item.decided_by, item.decision_reason) == (moderator, REASONS[decision])
    assert item.decided_at is not None
    [entry] = AuditEntry.objects.all()
    assert (entry.action, entry.actor, entry.target, entry.reason) == (
        rule.audit_action, moderator, item, REASONS[decision])
    assert entry.target_repr == Truncator(status_kind.name_of(item)).chars(300)
    [told] = Notification.objects.all()
    assert (told.recipient, told.kind, told.actor) == (
        author, Notification.Kind.MODERATION_DECISION, moderator)
    assert told.url == status_kind.url(item)
    assert REASONS[decision] in told.text


@pytest.mark.parametrize("decision", ["reject", "hide"])
@pytest.mark.parametrize("reason", ["", "   ", "x" * 1001])
def test_a_reason_is_required_to_reject_or_hide(status_kind, make_item, moderator, decision,
                                                reason):
    item = make_item("pending" if decision == "reject" else "published")
    before = _state(item)
    with pytest.raises(ValidationError):
        services.decide(actor=moderator, item=item, decision=decision, reason=reason)
    assert _state(item) == before


def test_hiding_settles_the_open_reports(status_kind, make_item, moderator, member,
                                         other_member):
    item = make_item("published")
    author = status_kind.author(item)
    reports = [services.report_create(actor=reporter, target=item, reason="Insultant",
                                      excerpt="…", target_author=author)
               for reporter in (member, other_member)]
    services.report_dismiss(actor=moderator, report=reports[1], note="Rien")
    services.decide(actor=moderator, item=item, decision="hide", reason="Insultes")
    settled, dismissed = (Report.objects.get(pk=report.pk) for report in reports)
    assert (settled.status, settled.resolved_by, settled.resolution_note) == (
        Report.Status.ACTIONED, moderator, "Insultes")
    assert dismissed.status == Report.Status.DISMISSED  # already handled: left as it was
    services.decide(actor=moderator, item=item, decision="restore")
    item.refresh_from_db()
    assert item.moderation_status == ModerationStatus.PUBLISHED
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        AuditEntry.Action.REPORT_DISMISSED, AuditEntry.Action.HIDDEN, AuditEntry.Action.RESTORED]


@pytest.mark.parametrize(("status", "decision"), REFUSED,
                         ids=[f"{status}-{decision}" for status, decision in REFUSED])
def test_a_refused_decision_changes_nothing(status_kind, make_item, moderator, status,
                                            decision):
    item = make_item(status)
    before = _state(item)
    with pytest.raises(ValidationError):
        services.decide(actor=moderator, item=item, decision=decision, reason="Une raison")
    assert _state(item) == before


def test_the_second_of_two_moderators_is_refused(status_kind, make_item, moderator, member):
    item = make_item("pending")
    services.report_create(actor=member, target=item, reason="Doublon", excerpt="…",
                           target_author=status_kind.author(item))
    services.decide(actor=moderator, item=item, decision="reject", reason="Doublon")
    before = _state(item)
    late = ModeratorFactory()
    for decision in ("approve", "reject"):
        with pytest.raises(ValidationError):
            services.decide(actor=late, item=item, decision=decision, reason="Moi aussi")
    assert _state(item) == before
    assert item.decided_by == moderator


def test_only_moderators_decide(status_kind, make_item, applicant, member):
    item = make_item("pending")
    before = _state(item)
    for user in (applicant, member, status_kind.author(item)):
        with pytest.raises(PermissionDenied):
            services.decide(actor=user, item=item, decision="approve")
    assert _state(item) == before


def test_the_owning_app_hears_of_each_decision(status_kind, make_item, moderator, monkeypatch):
    heard = []

    def on_decided(item, decision):
        heard.append((item.pk, decision))
        if status_kind.on_decided:
            status_kind.on_decided(item, decision)

    monkeypatch.setitem(registry._kinds, status_kind.label,
                        dataclasses.replace(status_kind, on_decided=on_decided))
    item = make_item("pending")
    services.decide(actor=moderator, item=item, decision="approve")
    with pytest.raises(ValidationError):
        services.decide(actor=moderator, item=item, decision="approve")
    assert heard == [(item.pk, "approve")]


def test_the_log_points_at_the_item(status_kind, make_item, moderator):
    item = make_item("published")
    services.decide(actor=moderator, item=item, decision="hide", reason="Spam")
    entry = AuditEntry.objects.get()
    assert entry.content_type == ContentType.objects.get_for_model(item)
    assert entry.object_id == item.pk
