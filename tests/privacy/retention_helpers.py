"""Rows of every kind the retention policies cover, dated around a policy's cut-off."""

from datetime import UTC, datetime, timedelta

from allauth.usersessions.models import UserSession
from django.contrib.contenttypes.models import ContentType
from django.utils.crypto import get_random_string
from django_tasks_db.models import DBTaskResult

from moderation.models import Report
from notifications.models import Notification
from privacy.retention.policies import POLICIES_BY_KEY

# The clock of every retention test: runs are given this ``now``; rows are dated from it.
NOW = datetime(2026, 12, 8, 3, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def cutoff(key: str) -> datetime:
    return POLICIES_BY_KEY[key].cutoff(NOW)


def inside(key: str) -> datetime:
    """Just inside the period: kept."""
    return cutoff(key) + SECOND


def outside(key: str) -> datetime:
    """Just past the period: goes."""
    return cutoff(key) - SECOND


def notification(recipient, *, created: datetime, read: bool) -> Notification:
    row = Notification.objects.create(recipient=recipient, kind="mention", text="Bonjour",
                                      url="/chat/1/")
    Notification.objects.filter(pk=row.pk).update(
        created=created, read_at=created + SECOND if read else None)
    return row


def login(user, *, at: datetime, ip: str = "203.0.113.42",
          agent: str = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0") -> UserSession:
    return UserSession.objects.create(user=user, ip=ip, user_agent=agent, created_at=at,
                                      last_seen_at=at, session_key=get_random_string(32))


def report(reporter, target, *, handled_at: datetime | None) -> Report:
    row = Report.objects.create(
        reporter=reporter, content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk, reason="Propos déplacés", excerpt="Un extrait",
        target_author=target,
    )
    if handled_at is not None:
        Report.objects.filter(pk=row.pk).update(status=Report.Status.DISMISSED,
                                                resolved_at=handled_at)
    return row


def task_result(*, finished_at: datetime | None, status: str = "SUCCESSFUL") -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=status, finished_at=finished_at, args_kwargs={"args": [42], "kwargs": {}},
        task_path="notifications.tasks.send_notification_email", backend_name="default",
        run_after=NOW - timedelta(days=400), exception_class_path="", traceback="",
    )
