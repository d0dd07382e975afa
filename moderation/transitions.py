"""The moderation state machine (DESIGN.md §7): which decision moves a moderated thing from
which status to which, and whether the moderator must say why."""

from dataclasses import dataclass

from moderation.models import AuditEntry, ModerationStatus


@dataclass(frozen=True)
class Decision:
    name: str
    source: frozenset[str]
    target: str
    audit_action: str
    reason_required: bool


DECISIONS: dict[str, Decision] = {
    decision.name: decision
    for decision in (
        Decision("approve", frozenset({ModerationStatus.PENDING}), ModerationStatus.PUBLISHED,
                 AuditEntry.Action.APPROVED, reason_required=False),
        Decision("reject", frozenset({ModerationStatus.PENDING}), ModerationStatus.REJECTED,
                 AuditEntry.Action.REJECTED, reason_required=True),
        Decision("hide", frozenset({ModerationStatus.PUBLISHED}), ModerationStatus.HIDDEN,
                 AuditEntry.Action.HIDDEN, reason_required=True),
        Decision("restore", frozenset({ModerationStatus.HIDDEN}), ModerationStatus.PUBLISHED,
                 AuditEntry.Action.RESTORED, reason_required=False),
    )
}


def allowed_decisions(status: str) -> list[str]:
    """The decisions a moderator may take on a thing in ``status``, in display order."""
    return [name for name, decision in DECISIONS.items() if status in decision.source]


def next_status(status: str, decision: str) -> str | None:
    """The status ``decision`` leads to from ``status``, or None when it is not allowed there
    (or is no decision at all)."""
    rule = DECISIONS.get(decision)
    return rule.target if rule is not None and status in rule.source else None
