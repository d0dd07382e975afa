"""Leases (worker.leases), the resilient loop (worker.runner), once-only effects (worker.once)
and ``manage.py tasks_stuck``, in embedded mode on the database task backend."""

from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError
from django.tasks import TaskContext, TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from community.tasks import deliver_email
from tests.worker import tasks as test_tasks
from worker import leases, once
from worker.models import TaskMark, WorkerHeartbeat
from worker.runner import ResilientWorker

pytestmark = pytest.mark.django_db

# The worker's loop closes its database connections (between tasks, after an outage): inside a
# test's transaction that is refused on PostgreSQL, so those tests commit for real.
serving = pytest.mark.django_db(transaction=True)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_TASKS
    settings.TASKS_LEASE_SECONDS = 60
    settings.TASKS_MAX_ATTEMPTS = 3


def _running(worker_id: str, *, started_ago: float = 120, attempts: int = 1) -> DBTaskResult:
    result = test_tasks.append_line.enqueue("/nonexistent", "x")
    row = DBTaskResult.objects.get(pk=result.id)
    row.status = TaskResultStatus.RUNNING
    row.started_at = timezone.now() - timedelta(seconds=started_ago)
    row.worker_ids = [f"earlier-{n}" for n in range(attempts - 1)] + [worker_id]
    row.save()
    return row


def _worker(**options) -> ResilientWorker:
    defaults = {"queue_names": ["*"], "interval": 0, "batch": True, "backend_name": "default",
                "startup_delay": False, "max_tasks": None, "worker_id": "me",
                "excluded_queue_names": []}
    return ResilientWorker(**{**defaults, **options})


def test_a_task_whose_worker_stopped_beating_is_stuck_and_goes_back_to_the_queue(database_queue):
    WorkerHeartbeat.objects.create(worker_id="dead", beat_at=timezone.now() - timedelta(minutes=5),
                                   started_at=timezone.now() - timedelta(hours=1))
    row = _running("dead")

    stuck = leases.stuck_tasks()
    assert [item.task.pk for item in stuck] == [row.pk]
    assert leases.requeue_stuck() == {"requeued": 1, "failed": 0, "skipped": 0}
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    assert row.started_at is None
    assert DBTaskResult.objects.ready().filter(pk=row.pk).exists()


def test_a_task_of_a_live_worker_or_just_claimed_is_not_stuck(database_queue):
    leases.beat("alive")
    _running("alive")
    _running("no-heartbeat-yet", started_ago=5)
    assert leases.stuck_tasks() == []
    assert leases.requeue_stuck()["requeued"] == 0


def test_a_task_that_killed_its_workers_too_often_fails_instead_of_looping(database_queue):
    row = _running("dead", attempts=3)
    assert leases.requeue_stuck() == {"requeued": 0, "failed": 1, "skipped": 0}
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "worker.leases.WorkerLost"


def test_a_task_claimed_again_meanwhile_is_left_alone(database_queue):
    row = _running("dead")
    stale = DBTaskResult.objects.get(pk=row.pk)
    row.worker_ids = [*row.worker_ids, "other"]
    row.save()
    assert leases.requeue(stale) == "skipped"


def test_the_lease_keeper_beats_and_reaps(database_queue):
    row = _running("dead")
    keeper = leases.LeaseKeeper("keeper")
    keeper.tick()
    assert WorkerHeartbeat.objects.filter(worker_id="keeper").exists()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY


@serving
def test_the_worker_runs_a_requeued_task(database_queue, tmp_path):
    target = tmp_path / "out.txt"
    result = test_tasks.append_line.enqueue(str(target), "done")
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=5),
        worker_ids=["dead"])
    leases.requeue_stuck()
    _worker().serve()
    assert target.read_text() == "done\n"
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL


@serving
def test_the_worker_waits_for_its_database_instead_of_exiting(database_queue, tmp_path):
    target = tmp_path / "out.txt"
    test_tasks.append_line.enqueue(str(target), "after the outage")
    worker = _worker()
    real_run = ResilientWorker.run
    calls = []

    def run_after_two_outages(self):
        calls.append(1)
        if len(calls) <= 2:
            raise OperationalError("connection refused")
        return real_run(self)

    with (mock.patch.object(ResilientWorker, "run", run_after_two_outages),
          mock.patch("worker.runner.time.sleep") as sleep,
          mock.patch("worker.runner.forget_connections") as close_all):
        worker.serve()
    assert len(calls) == 3
    assert close_all.call_count == 2
    first, second = (call.args[0] for call in sleep.call_args_list)
    assert 1 <= first <= 1.5 and 2 <= second <= 3  # backoff with jitter
    assert target.read_text() == "after the outage\n"


def test_the_worker_requeues_what_it_claimed_before_the_outage(database_queue):
    row = _running("me", started_ago=1)
    assert leases.requeue_own("me") == 1
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY


@serving
def test_a_task_failed_by_a_database_error_is_requeued_with_a_delay(database_queue):
    result = test_tasks.lose_database.enqueue()
    _worker(max_tasks=1).serve()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.READY
    assert row.run_after > timezone.now()
    assert row.worker_ids == ["me"]


def test_run_once_runs_an_effect_once_and_releases_its_key_when_it_fails():
    effects = []
    assert once.run_once("k", lambda: effects.append(1)) is True
    assert once.run_once("k", lambda: effects.append(2)) is False
    assert effects == [1]

    def fail():
        raise ConnectionError
    with pytest.raises(ConnectionError):
        once.run_once("other", fail)
    assert not TaskMark.objects.filter(key="other").exists()
    assert once.run_once("other", lambda: effects.append(3)) is True


def test_an_email_task_run_twice_sends_once(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    context = {"invitation_url": "https://example.org/i", "inviter": "Ana", "message": ""}
    result = deliver_email.enqueue(template="invitation", to=["x@example.org"],
                                   variables=context)
    assert result.return_value is True
    assert len(mail.outbox) == 1
    # The same task taken up again after its worker died:
    again = deliver_email.call(TaskContext(task_result=result), template="invitation",
                               to=["x@example.org"], variables=context)
    assert again is False
    assert len(mail.outbox) == 1


def test_tasks_stuck_lists_then_requeues(database_queue):
    row = _running("dead")
    out = StringIO()
    call_command("tasks_stuck", stdout=out)
    text = out.getvalue()
    assert str(row.pk) in text and "last beat never" in text and "1 stuck tasks" in text
    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING

    out = StringIO()
    call_command("tasks_stuck", "--requeue", stdout=out)
    assert "1 requeued, 0 failed" in out.getvalue()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY

    out = StringIO()
    call_command("tasks_stuck", stdout=out)
    assert "No stuck task." in out.getvalue()
