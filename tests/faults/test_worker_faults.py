"""A worker killed in the middle of a task: the task is taken up again by another worker once
its lease expires, and its effect happens once (worker.leases, worker.once)."""

import os
import signal
import time

import pytest
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.faults import tasks
from tests.faults.conftest import log_of, server_env, wait_for
from worker.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db(transaction=True)

LEASE_SECONDS = 2


def test_a_task_whose_worker_was_killed_runs_again_and_its_effect_happens_once(
        processes, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    folder = tmp_path / "drill"
    folder.mkdir()
    env = server_env(tmp_path, TASKS_LEASE_SECONDS=str(LEASE_SECONDS))
    workers = {name: processes.worker(name, env) for name in ("worker-a", "worker-b")}
    wait_for(lambda: WorkerHeartbeat.objects.filter(worker_id__in=workers).count() == 2, 60,
             "both workers to beat")
    result = tasks.effect_then_wait.enqueue(str(folder))
    wait_for(lambda: (folder / "started-1").exists(), 30, "a worker to start the task")
    victim = DBTaskResult.objects.get(pk=result.id).worker_ids[-1]
    os.killpg(workers[victim].pid, signal.SIGKILL)  # no goodbye: its heartbeat just stops
    workers[victim].wait(10)
    killed_at = time.monotonic()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.RUNNING  # what db_worker alone leaves for ever

    (survivor,) = (name for name in workers if name != victim)
    second = workers[survivor]
    wait_for(lambda: (folder / "started-2").exists(), 30,
             "the other worker to take the task up again")
    taken_up_after = time.monotonic() - killed_at
    (folder / "release").touch()
    wait_for(lambda: DBTaskResult.objects.get(pk=result.id).status
             == TaskResultStatus.SUCCESSFUL, 30, "the task to succeed")

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.worker_ids == [victim, survivor]
    assert row.return_value == 2
    assert (folder / "effects").read_text() == "effect by attempt 1\n"  # once, not twice
    assert second.poll() is None, log_of(second)
    # Recorded in docs/operations.md ("Fault drills"): lease + the reaper's beat + a claim.
    print(f"\nworker killed mid-task: taken up again after {taken_up_after:.1f} s "
          f"(lease {LEASE_SECONDS} s); effect happened once")
    assert taken_up_after < LEASE_SECONDS + 5
