"""``manage.py apply_retention [--dry-run] [--policy KEY ...]``: forget what the written
retention policies say is no longer needed (privacy/retention/policies.py). Run it nightly
(docs/operations.md); ``--dry-run`` only reports, per policy, the cut-off date and how many rows
would go, and changes nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from privacy.retention.runner import apply_retention, nightly_policies


class Command(BaseCommand):
    help = "Apply the retention policies: delete or blank the personal data past its period."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true",
                            help="Count what would go, per policy, and change nothing.")
        parser.add_argument("--policy", action="append", dest="keys", metavar="KEY",
                            help="Apply only this policy (repeatable). Keys: " + ", ".join(
                                policy.key for policy in nightly_policies()))

    def handle(self, *args, dry_run: bool = False, keys=None, **options) -> None:
        try:
            outcomes = apply_retention(dry_run=dry_run, keys=keys)
        except KeyError as error:
            raise CommandError(f"Unknown policy: {error.args[0]}") from None
        verb = "would go" if dry_run else "removed or blanked"
        width = max((len(outcome.policy.key) for outcome in outcomes), default=0)
        for outcome in outcomes:
            cutoff = timezone.localtime(outcome.cutoff).strftime("%Y-%m-%d %H:%M %Z")
            if outcome.failed:
                line = f"{outcome.policy.key:<{width}}  before {cutoff}: FAILED ({outcome.error})"
                self.stderr.write(line)
            else:
                self.stdout.write(
                    f"{outcome.policy.key:<{width}}  before {cutoff}: {outcome.count} {verb}")
        total = sum(outcome.count for outcome in outcomes)
        self.stdout.write(f"{'Dry run: ' if dry_run else ''}{total} rows {verb} in all"
                          + (" (nothing changed)" if dry_run else ""))
        failed = [outcome.policy.key for outcome in outcomes if outcome.failed]
        if failed:
            raise CommandError(f"{len(failed)} policies failed: {', '.join(failed)}; "
                               "the next run tries them again")
