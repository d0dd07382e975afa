"""One run of the retention policies: each nightly policy in turn, its cut-off computed from
one ``now``, its purges called; a policy that fails is reported and the others still run."""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from privacy.retention.policies import POLICIES, Policy
from privacy.retention.registry import purges_for, run_purges

logger = logging.getLogger(__name__)


class MissingPurge(RuntimeError):
    """A nightly policy that no app applies: the written policy would be a promise not kept."""


@dataclass
class Outcome:
    policy: Policy
    cutoff: datetime
    count: int = 0
    error: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.error)


def nightly_policies(keys: list[str] | None = None) -> list[Policy]:
    policies = [policy for policy in POLICIES if policy.nightly]
    if keys:
        unknown = set(keys) - {policy.key for policy in policies}
        if unknown:
            raise KeyError(", ".join(sorted(unknown)))
        policies = [policy for policy in policies if policy.key in keys]
    return policies


def apply_retention(*, now: datetime | None = None, dry_run: bool = False,
                    keys: list[str] | None = None) -> list[Outcome]:
    """Apply (or, with ``dry_run``, count) every nightly policy, or those named in ``keys``."""
    now = now or timezone.now()
    outcomes = []
    for policy in nightly_policies(keys):
        outcome = Outcome(policy=policy, cutoff=policy.cutoff(now))
        if not purges_for(policy.key):
            outcome.error = f"no purge registered for {policy.key}"
            logger.error("Retention policy %s has no purge registered", policy.key)
        else:
            try:
                outcome.count = run_purges(policy.key, older_than=outcome.cutoff,
                                           dry_run=dry_run)
            except Exception as error:  # one policy's failure must not stop the others
                logger.exception("Retention policy %s failed", policy.key)
                outcome.error = f"{type(error).__name__}: {error}"[:300]
        outcomes.append(outcome)
    if not dry_run:
        logger.info("Retention applied: %s", ", ".join(
            f"{outcome.policy.key}={outcome.count}" for outcome in outcomes))
    return outcomes
