"""The retention policies as members read them (the privacy policy page, docs/privacy.md)."""

from dataclasses import dataclass

from privacy.retention.policies import POLICIES


@dataclass(frozen=True)
class PolicyRow:
    key: str
    label: str
    data: str
    duration: str  # "6 mois", "aucune : immédiatement", or when it ends ("tant que ...")
    starts: str
    then: str
    reason: str


def retention_policies() -> list[PolicyRow]:
    """Every written policy, translated into the active language, in the order written; the
    durations are those applied (an operator's ``RETENTION_DAYS`` included)."""
    rows = []
    for policy in POLICIES:
        period = policy.effective_period()
        rows.append(PolicyRow(
            key=policy.key, label=str(policy.label), data=str(policy.data),
            duration=(str(policy.shown_period) if policy.shown_period
                      else period.label() if period is not None else str(policy.starts)),
            starts=str(policy.starts) if period is not None else "",
            then=str(policy.then), reason=str(policy.reason),
        ))
    return rows
