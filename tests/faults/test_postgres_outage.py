"""PostgreSQL unreachable for 15 s, behind a TCP proxy that the drill cuts (the shared server is
never stopped): the worker waits and carries on, and ``/healthz`` says so within a second."""

import time

import pytest
import requests
from django.conf import settings as django_settings
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.faults import tasks
from tests.faults.conftest import database_url, log_of, server_env, wait_for
from tests.faults.tcp_proxy import TcpProxy

pytestmark = pytest.mark.django_db(transaction=True)

OUTAGE_SECONDS = 15
SESSION = {"sessionid": "x" * 32}  # a page that reads the database: the session is looked up


@pytest.fixture
def proxy():
    db = django_settings.DATABASES["default"]
    running = TcpProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)).start()
    yield running
    running.close()


def _health(base: str) -> tuple[float, int, dict]:
    started = time.monotonic()
    response = requests.get(f"{base}/healthz", timeout=5)
    return time.monotonic() - started, response.status_code, response.json()


def _page(base: str) -> int:
    return requests.get(f"{base}/", timeout=30, cookies=SESSION).status_code


def test_the_worker_and_healthz_through_a_15_second_outage(processes, proxy, settings,
                                                           tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    out = tmp_path / "out.txt"
    env = server_env(tmp_path, DATABASE_URL=database_url(port=proxy.port),
                     TASKS_LEASE_SECONDS="4", TASKS_WORKER_MAX_BACKOFF="2",
                     DATABASE_POOL_TIMEOUT="2")
    worker = processes.worker("worker", env)
    _, base = processes.daphne("web", env)

    before = tasks.append_line.enqueue(str(out), "before")
    wait_for(lambda: DBTaskResult.objects.get(pk=before.id).status
             == TaskResultStatus.SUCCESSFUL, 60, "the worker to run a task before the outage")
    assert _health(base)[1] == 200

    proxy.cut()
    cut_at = time.monotonic()
    during = tasks.append_line.enqueue(str(out), "during")  # straight to PostgreSQL
    answers = []
    while time.monotonic() - cut_at < OUTAGE_SECONDS:
        answers.append(_health(base))
        assert worker.poll() is None, log_of(worker)
        time.sleep(0.5)
    assert DBTaskResult.objects.get(pk=during.id).status == TaskResultStatus.READY
    page_started = time.monotonic()
    page_status = _page(base)
    page_seconds = time.monotonic() - page_started

    proxy.restore()
    restored_at = time.monotonic()
    wait_for(lambda: _health(base)[1] == 200, 30, "/healthz to say ok again", every=0.1)
    health_recovered = time.monotonic() - restored_at
    wait_for(lambda: _page(base) == 200, 30, "a page to work again", every=0.1)
    pages_recovered = time.monotonic() - restored_at
    wait_for(lambda: DBTaskResult.objects.get(pk=during.id).status
             == TaskResultStatus.SUCCESSFUL, 60, "the worker to carry on after the outage")
    worker_recovered = time.monotonic() - restored_at

    slowest = max(seconds for seconds, _, _ in answers)
    assert all(status == 503 for _, status, _ in answers), answers
    assert all(body["checks"]["database"]["status"] != "ok" for _, _, body in answers)
    assert slowest < 1.0, answers
    assert worker.poll() is None, log_of(worker)
    assert out.read_text() == "before\nduring\n"
    print(f"\nPostgreSQL cut {OUTAGE_SECONDS} s: {len(answers)} /healthz answers, all 503, "
          f"slowest {slowest * 1000:.0f} ms; /healthz 200 again {health_recovered:.1f} s "
          f"after the restore; the worker survived and ran the task queued during the outage "
          f"{worker_recovered:.1f} s after the restore; a page that reads the database "
          f"answered {page_status} in {page_seconds:.1f} s during the outage and 200 again "
          f"{pages_recovered:.1f} s after the restore")
