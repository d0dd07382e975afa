"""Retention with a clock we control: each nightly policy keeps what is just inside its period
and removes (or blanks) what is just past it; a dry run changes nothing; a second run finds
nothing left; large tables go in batches at a cost that does not grow with the rows."""

from datetime import timedelta
from importlib import import_module

import pytest
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from community.models import Application, Invitation, User, UserStatus
from moderation.models import Report
from notifications.models import Notification
from privacy.retention import registry
from privacy.retention.runner import apply_retention, nightly_policies
from tests.factories import ApplicantFactory, MemberFactory
from tests.privacy.retention_helpers import (
    NOW,
    SECOND,
    cutoff,
    inside,
    login,
    notification,
    outside,
    report,
    task_result,
)
from worker.models import TaskMark

pytestmark = pytest.mark.django_db


def run(*keys: str, dry_run: bool = False) -> dict[str, int]:
    outcomes = apply_retention(now=NOW, dry_run=dry_run, keys=list(keys) or None)
    assert [outcome.error for outcome in outcomes if outcome.failed] == []
    return {outcome.policy.key: outcome.count for outcome in outcomes}


def test_every_nightly_policy_has_its_purge():
    """A written policy that no app applies would be a promise not kept: the run says so."""
    counts = run()
    assert set(counts) == {policy.key for policy in nightly_policies()}
    assert set(counts.values()) == {0}


def test_notifications_read_go_after_three_months_every_one_after_six(member):
    read_kept = notification(member, created=inside("notifications-read"), read=True)
    read_gone = notification(member, created=outside("notifications-read"), read=True)
    unread_kept = notification(member, created=outside("notifications-read"), read=False)
    unread_kept_too = notification(member, created=inside("notifications"), read=False)
    unread_gone = notification(member, created=outside("notifications"), read=False)

    counts = run("notifications-read", "notifications")

    assert counts == {"notifications-read": 1, "notifications": 1}
    assert set(Notification.objects.values_list("pk", flat=True)) == {
        read_kept.pk, unread_kept.pk, unread_kept_too.pk}
    assert not Notification.objects.filter(pk__in=[read_gone.pk, unread_gone.pk]).exists()


def test_login_ip_blanked_and_the_rest_of_the_entry_kept(member):
    recent = login(member, at=inside("login-ip"), ip="198.51.100.7")
    old = login(member, at=outside("login-ip"), ip="2001:db8::1",
                agent="Mozilla/5.0 (Macintosh) Safari/605.1")

    assert run("login-ip") == {"login-ip": 1}

    recent.refresh_from_db()
    old.refresh_from_db()
    assert recent.ip == "198.51.100.7"
    assert old.ip == "0.0.0.0"  # noqa: S104 (a stored value, not a bind)
    assert old.user_agent == "Mozilla/5.0 (Macintosh) Safari/605.1"
    assert (old.created_at, old.user_id) == (outside("login-ip"), member.pk)
    assert run("login-ip") == {"login-ip": 0}  # blanked once, never counted again


def test_a_session_that_logged_in_again_keeps_its_newer_address(member):
    """allauth updates the address and ``last_seen_at`` of a session that logs in again."""
    again = login(member, at=outside("login-ip"), ip="198.51.100.9")
    UserSession.objects.filter(pk=again.pk).update(last_seen_at=inside("login-ip"))

    assert run("login-ip") == {"login-ip": 0}
    again.refresh_from_db()
    assert again.ip == "198.51.100.9"


def test_login_history_goes_after_twelve_months(member):
    kept = login(member, at=inside("login-history"))
    login(member, at=outside("login-history"))

    assert run("login-history") == {"login-history": 1}
    assert list(UserSession.objects.values_list("pk", flat=True)) == [kept.pk]


def test_expired_sessions_go_the_following_night(member):
    store = import_module(settings.SESSION_ENGINE).SessionStore
    expired, live = store(), store()
    for session in (expired, live):
        session["_auth_user_id"] = str(member.pk)
        session.create()
    Session.objects.filter(pk=expired.session_key).update(expire_date=NOW - SECOND)
    Session.objects.filter(pk=live.session_key).update(expire_date=NOW + SECOND)

    assert run("sessions") == {"sessions": 1}
    assert list(Session.objects.values_list("pk", flat=True)) == [live.session_key]


def _rejected(decided_at, **extra) -> User:
    applicant = ApplicantFactory(**extra)
    Application.objects.filter(user=applicant).update(
        status=Application.Status.REJECTED, decided_at=decided_at, rejection_reason="Hors réseau")
    return applicant


def test_rejected_applicants_are_deleted_six_months_after_the_decision(
        django_capture_on_commit_callbacks):
    gone = _rejected(outside("rejected-applications"), email="refusee@exemple.fr")
    gone.profile.photo.save("visage.jpg", ContentFile(b"\xff\xd8photo"), save=True)
    photo = gone.profile.photo.name
    assert default_storage.exists(photo)
    recent = _rejected(inside("rejected-applications"))
    pending = ApplicantFactory()
    Application.objects.filter(user=pending).update(decided_at=None)
    # A member whose old application was once rejected and who later joined stays.
    member = MemberFactory()
    Application.objects.create(user=member, motivation="…", status=Application.Status.REJECTED,
                               decided_at=outside("rejected-applications"))

    with django_capture_on_commit_callbacks(execute=True):
        assert run("rejected-applications") == {"rejected-applications": 1}

    assert not User.objects.filter(pk=gone.pk).exists()
    assert not EmailAddress.objects.filter(email="refusee@exemple.fr").exists()
    assert not Application.objects.filter(user_id=gone.pk).exists()
    assert not default_storage.exists(photo)
    assert set(User.objects.filter(pk__in=[recent.pk, pending.pk, member.pk])
               .values_list("status", flat=True)) == {UserStatus.APPLICANT, UserStatus.MEMBER}
    assert User.objects.filter(pk__in=[recent.pk, pending.pk, member.pk]).count() == 3


def test_sign_ups_never_confirmed_go_after_a_month():
    never = ApplicantFactory(email="jamais@exemple.fr")
    EmailAddress.objects.filter(user=never).update(verified=False)
    recent = ApplicantFactory()
    EmailAddress.objects.filter(user=recent).update(verified=False)
    confirmed = ApplicantFactory()
    User.objects.filter(pk__in=[never.pk, confirmed.pk]).update(
        date_joined=outside("unconfirmed-signups"))
    User.objects.filter(pk=recent.pk).update(date_joined=inside("unconfirmed-signups"))

    assert run("unconfirmed-signups") == {"unconfirmed-signups": 1}
    assert set(User.objects.values_list("pk", flat=True)) == {recent.pk, confirmed.pk}
    assert not EmailAddress.objects.filter(email="jamais@exemple.fr").exists()


def test_invitations_not_taken_up_go_three_months_after_expiry_or_withdrawal(moderator):
    def invitation(email, **dates):
        return Invitation.objects.create(email=email, token_hash=email.ljust(64, "x")[:64],
                                         invited_by=moderator, **dates)

    invitation("expired-old@exemple.fr", expires_at=outside("invitations"))
    invitation("revoked-old@exemple.fr", expires_at=NOW + timedelta(days=3),
               revoked_at=outside("invitations"))
    kept = {
        invitation("expired-recent@exemple.fr", expires_at=inside("invitations")).pk,
        invitation("accepted@exemple.fr", expires_at=outside("invitations"),
                   accepted_at=outside("invitations") - timedelta(days=10)).pk,
        invitation("usable@exemple.fr", expires_at=NOW + timedelta(days=3)).pk,
    }

    assert run("invitations") == {"invitations": 2}
    assert set(Invitation.objects.values_list("pk", flat=True)) == kept


def test_handled_reports_go_after_twelve_months_open_ones_stay(member, other_member):
    report(member, other_member, handled_at=outside("reports"))
    kept = {report(member, other_member, handled_at=inside("reports")).pk,
            report(other_member, member, handled_at=None).pk}
    Report.objects.filter(pk__in=kept, status="open").update(created_at=NOW - timedelta(days=900))

    assert run("reports") == {"reports": 1}
    assert set(Report.objects.values_list("pk", flat=True)) == kept


def test_task_records_go_a_month_after_the_task_ended():
    task_result(finished_at=outside("task-results"))
    task_result(finished_at=outside("task-results"), status="FAILED")
    kept = {task_result(finished_at=inside("task-results")).pk,
            task_result(finished_at=None, status="READY").pk}
    old_mark = TaskMark.objects.create(key="digest:1")
    new_mark = TaskMark.objects.create(key="digest:2")
    TaskMark.objects.filter(pk=old_mark.pk).update(claimed_at=outside("task-results"))
    TaskMark.objects.filter(pk=new_mark.pk).update(claimed_at=inside("task-results"))

    assert run("task-results") == {"task-results": 3}
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == kept
    assert list(TaskMark.objects.values_list("key", flat=True)) == ["digest:2"]


def test_data_exports_expire_after_their_week(member, django_capture_on_commit_callbacks):
    from privacy.models import DataExport

    def export(expires_at):
        name = default_storage.save(f"exports/{expires_at.timestamp()}/archive.zip",
                                    ContentFile(b"PK\x05\x06" + b"\0" * 18))
        return DataExport.objects.create(member=member, status=DataExport.Status.READY,
                                         file=name, ready_at=expires_at - timedelta(days=7),
                                         expires_at=expires_at)

    gone, kept = export(NOW - SECOND), export(NOW + SECOND)
    with django_capture_on_commit_callbacks(execute=True):
        assert run("exports") == {"exports": 1}

    gone.refresh_from_db()
    kept.refresh_from_db()
    assert gone.status == DataExport.Status.EXPIRED and not gone.file
    assert not default_storage.exists(f"exports/{(NOW - SECOND).timestamp()}/archive.zip")
    assert kept.status == DataExport.Status.READY and default_storage.exists(kept.file.name)


def _one_of_each_past_its_period(member, other_member, moderator):
    notification(member, created=outside("notifications"), read=True)
    login(member, at=outside("login-history"))
    login(member, at=outside("login-ip"))
    _rejected(outside("rejected-applications"))
    Invitation.objects.create(email="x@exemple.fr", token_hash="y" * 64, invited_by=moderator,
                              expires_at=outside("invitations"))
    report(member, other_member, handled_at=outside("reports"))
    task_result(finished_at=outside("task-results"))


def _snapshot() -> dict:
    return {
        "notifications": list(Notification.objects.values_list("pk", "created", "read_at")),
        "logins": list(UserSession.objects.values_list("pk", "ip", "user_agent")),
        "users": list(User.objects.values_list("pk", "email")),
        "invitations": list(Invitation.objects.values_list("pk", flat=True)),
        "reports": list(Report.objects.values_list("pk", flat=True)),
        "tasks": list(DBTaskResult.objects.values_list("pk", flat=True)),
    }


def test_dry_run_counts_what_would_go_and_changes_nothing(member, other_member, moderator):
    _one_of_each_past_its_period(member, other_member, moderator)
    before = _snapshot()

    would = run(dry_run=True)

    assert _snapshot() == before
    assert {key: count for key, count in would.items() if count} == {
        "login-ip": 2, "login-history": 1, "notifications-read": 1, "notifications": 1,
        "rejected-applications": 1, "invitations": 1, "reports": 1, "task-results": 1,
    }
    done = run()
    # A real run right after removes what the dry run announced, except what an earlier
    # policy of the same run already took (the year-old login goes whole, not blanked first).
    assert done["notifications"] == 1 and done["notifications-read"] == 0
    assert done["login-history"] == 1 and done["login-ip"] == 1
    assert _snapshot() != before


def test_a_second_run_finds_nothing_left(member, other_member, moderator):
    _one_of_each_past_its_period(member, other_member, moderator)
    assert sum(run().values()) > 0
    after_first = _snapshot()

    assert set(run().values()) == {0}
    assert _snapshot() == after_first


def test_a_policy_costs_the_same_queries_whatever_the_rows(member):
    def queries_for(rows: int) -> int:
        for _ in range(rows):
            notification(member, created=outside("notifications"), read=False)
        with CaptureQueriesContext(connection) as queries:
            assert run("notifications") == {"notifications": rows}
        return len(queries)

    assert queries_for(3) == queries_for(300) <= 5  # the ids of a batch, a savepoint, a delete


def test_large_tables_go_in_batches(member, monkeypatch):
    monkeypatch.setattr("config.purging.BATCH", 10)
    for _ in range(25):
        notification(member, created=outside("notifications"), read=False)
    notification(member, created=inside("notifications"), read=False)
    with CaptureQueriesContext(connection) as queries:
        assert run("notifications") == {"notifications": 25}
    deletes = [query for query in queries if query["sql"].startswith("DELETE")]
    assert len(deletes) == 3
    assert Notification.objects.count() == 1


def test_one_failing_policy_does_not_stop_the_others(member, monkeypatch):
    notification(member, created=outside("notifications"), read=False)

    def broken(**kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setitem(registry._purges, "login-ip", [broken])
    outcomes = {outcome.policy.key: outcome
                for outcome in apply_retention(now=NOW, keys=["login-ip", "notifications"])}

    assert outcomes["login-ip"].failed
    assert "disque plein" in outcomes["login-ip"].error
    assert outcomes["notifications"].count == 1
    assert not Notification.objects.exists()


def test_cutoffs_follow_calendar_months():
    assert cutoff("notifications") == NOW.replace(month=6)
    assert cutoff("login-history") == NOW.replace(year=2025)
    assert cutoff("task-results") == NOW - timedelta(days=30)
    assert cutoff("sessions") == NOW


def test_a_profile_photo_leaves_storage_when_its_account_is_deleted_anyhow(
        member, django_capture_on_commit_callbacks):
    """The admin's delete button, or any cascade, not only retention."""
    member.profile.photo.save("portrait.jpg", ContentFile(b"\xff\xd8photo"), save=True)
    photo = member.profile.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        User.objects.get(pk=member.pk).delete()
    assert not default_storage.exists(photo)
