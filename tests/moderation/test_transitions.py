"""The moderation state machine (moderation/transitions.py), pair by pair: every (status,
decision) is either allowed, to one target status, or refused. Pure functions: no database."""

import pytest

from moderation.models import AuditEntry, ModerationStatus
from moderation.transitions import DECISIONS, allowed_decisions, next_status

PENDING, PUBLISHED, REJECTED, HIDDEN = (
    ModerationStatus.PENDING, ModerationStatus.PUBLISHED, ModerationStatus.REJECTED,
    ModerationStatus.HIDDEN,
)
ALLOWED = {
    (PENDING, "approve"): PUBLISHED,
    (PENDING, "reject"): REJECTED,
    (PUBLISHED, "hide"): HIDDEN,
    (HIDDEN, "restore"): PUBLISHED,
}
PAIRS = [(status, decision) for status in ModerationStatus.values
         for decision in (*DECISIONS, "delete", "publish", "")]


def test_the_decisions_are_these_four():
    assert list(DECISIONS) == ["approve", "reject", "hide", "restore"]
    assert set(ModerationStatus.values) == {"pending", "published", "rejected", "hidden"}


@pytest.mark.parametrize(("status", "decision"), PAIRS,
                         ids=[f"{s}-{d or 'empty'}" for s, d in PAIRS])
def test_every_pair_is_allowed_or_refused(status, decision):
    assert next_status(status, decision) == ALLOWED.get((status, decision))
    assert (decision in allowed_decisions(status)) == ((status, decision) in ALLOWED)


@pytest.mark.parametrize("status", ModerationStatus.values)
def test_allowed_decisions_in_display_order(status):
    assert allowed_decisions(status) == [d for (s, d) in ALLOWED if s == status]


def test_a_rejection_is_final():
    assert allowed_decisions(REJECTED) == []


def test_unknown_statuses_allow_nothing():
    assert allowed_decisions("deleted") == []
    assert next_status("deleted", "approve") is None


def test_which_decisions_need_a_reason():
    assert {name: rule.reason_required for name, rule in DECISIONS.items()} == {
        "approve": False, "reject": True, "hide": True, "restore": False,
    }


def test_each_decision_has_its_line_in_the_audit_log():
    assert {name: rule.audit_action for name, rule in DECISIONS.items()} == {
        "approve": AuditEntry.Action.APPROVED, "reject": AuditEntry.Action.REJECTED,
        "hide": AuditEntry.Action.HIDDEN, "restore": AuditEntry.Action.RESTORED,
    }
    assert all(rule.target in ModerationStatus.values for rule in DECISIONS.values())
