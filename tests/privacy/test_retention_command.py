"""``manage.py apply_retention``, its dry-run report, the nightly task, and the policies as
members read them."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from notifications.models import Notification
from privacy.retention import registry
from privacy.retention.policies import POLICIES
from privacy.retention.selectors import retention_policies
from privacy.tasks import apply_retention as apply_retention_task
from tests.privacy.retention_helpers import NOW, cutoff, notification, outside

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """The command and the task read the time from Django: pin it to ``NOW``."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def command(*args) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_dry_run_reports_each_policy_its_cutoff_and_count_and_changes_nothing(member, clock):
    notification(member, created=outside("notifications"), read=False)
    notification(member, created=outside("notifications"), read=True)

    report = command("--dry-run")

    lines = {line.split()[0]: line for line in report.splitlines()}
    assert "2 would go" in lines["notifications"]
    assert "1 would go" in lines["notifications-read"]
    when = timezone.localtime(cutoff("notifications")).strftime("%Y-%m-%d")
    assert f"before {when}" in lines["notifications"]
    assert "0 would go" in lines["login-history"]
    assert report.rstrip().endswith("(nothing changed)")
    assert Notification.objects.count() == 2


def test_the_command_applies_the_policies(member, clock):
    notification(member, created=outside("notifications"), read=False)
    assert "1 removed or blanked" in command("--policy", "notifications")
    assert not Notification.objects.exists()


def test_an_unknown_policy_is_refused(clock):
    with pytest.raises(CommandError, match="Unknown policy: nimporte"):
        command("--policy", "nimporte")


def test_a_failed_policy_makes_the_command_fail_after_the_others_ran(member, clock,
                                                                      monkeypatch):
    notification(member, created=outside("notifications"), read=False)

    def broken(**kwargs):
        raise RuntimeError("base indisponible")

    monkeypatch.setitem(registry._purges, "reports", [broken])
    with pytest.raises(CommandError, match="1 policies failed: reports"):
        command()
    assert not Notification.objects.exists()


def test_the_nightly_task_applies_them(member, clock):
    notification(member, created=outside("notifications"), read=False)
    result = apply_retention_task.enqueue()
    assert result.return_value["counts"]["notifications"] == 1
    assert result.return_value["failed"] == []
    assert not Notification.objects.exists()


def test_policies_read_in_french_with_their_durations():
    with translation.override("fr"):
        rows = {row.key: row for row in retention_policies()}
    assert [row.key for row in rows.values()] == [policy.key for policy in POLICIES]
    assert rows["notifications"].duration == "6 mois"
    assert rows["login-history"].duration == "1 an"
    assert rows["task-results"].duration == "30 jours"
    assert rows["exports"].duration == "7 jours"
    assert rows["sessions"].duration == "aucune"
    assert rows["notifications"].label == "Notifications"
    assert rows["login-ip"].label == "Adresses IP des connexions"
    assert rows["moderation-log"].duration.startswith("pour")  # no period: when it ends


def test_an_operator_may_change_a_period_in_the_settings(settings):
    settings.RETENTION_DAYS = {"login-ip": 365}
    policy = next(policy for policy in POLICIES if policy.key == "login-ip")
    assert policy.cutoff(NOW) == NOW - timedelta(days=365)
    with translation.override("fr"):
        row = next(row for row in retention_policies() if row.key == "login-ip")
    assert row.duration == "365 jours"


def test_registering_a_purge_for_a_policy_not_written_fails():
    with pytest.raises(registry.UnknownPolicy):
        registry.register("tout-garder", lambda **kwargs: 0)
    with pytest.raises(ValueError):
        registry.register("deleted-files", lambda **kwargs: 0)
