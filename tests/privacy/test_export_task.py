"""The export's task: a run that dies is taken up again by the worker and builds the whole
archive again; a run that fails leaves no file and nothing served; running twice is harmless;
exports lost on the way are marked failed by the nightly purge."""

import io
import zipfile
from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notifications.models import Notification
from privacy import services, tasks
from privacy.export import registry
from privacy.export.registry import Column, ExportSection
from privacy.models import DataExport
from worker import leases
from worker.runner import ResilientWorker

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_TASKS
    settings.TASKS_LEASE_SECONDS = 60
    settings.TASKS_MAX_ATTEMPTS = 3


def _worker() -> ResilientWorker:
    return ResilientWorker(queue_names=["*"], interval=0, batch=True, backend_name="default",
                           startup_delay=False, max_tasks=None, worker_id="me",
                           excluded_queue_names=[])


def _archive(export: DataExport) -> zipfile.ZipFile:
    with export.file.open("rb") as stored:
        archive = zipfile.ZipFile(io.BytesIO(stored.read()))
    assert archive.testzip() is None
    return archive


@pytest.fixture
def failing_section():
    """A section whose rows break after the first: a build that fails half-way."""

    def rows(member):
        yield {"n": 1}
        raise RuntimeError("the disk went away")

    section = registry.register(ExportSection(key="zz-panne", title="Panne", rows=rows,
                                              columns=(Column("n", "n"),), order=999))
    yield section
    registry._sections.pop(section.key, None)


@pytest.mark.django_db(transaction=True)
def test_a_build_whose_worker_died_is_taken_up_again_and_written_whole(database_queue, member,
                                                                       as_user):
    export = services.data_export_request(actor=member, member=member)
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "privacy.tasks.build_data_export"
    # The first worker claimed it, marked the export running, wrote half an archive, and died.
    DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.RUNNING, attempts=1)
    default_storage.save(export.archive_path(), ContentFile(b"PK\x03\x04 half an archive"))
    DBTaskResult.objects.filter(pk=queued.pk).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=5),
        worker_ids=["dead"])
    download = reverse("privacy:export_download", args=[export.pk])
    assert as_user(member).get(download).status_code == 404  # never served half-made

    assert leases.requeue_stuck()["requeued"] == 1
    _worker().serve()

    export.refresh_from_db()
    assert export.status == DataExport.Status.READY
    assert export.attempts == 2
    assert export.file.name == export.archive_path()  # the same path, written again
    assert "index.html" in _archive(export).namelist()
    assert DBTaskResult.objects.get(pk=queued.pk).status == TaskResultStatus.SUCCESSFUL
    assert as_user(member).get(download).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_database_error_leaves_the_export_for_the_workers_next_try(database_queue, member):
    export = services.data_export_request(actor=member, member=member)
    real = services.write_archive
    calls = []

    def lose_the_database_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(*args, **kwargs)

    with mock.patch("privacy.services.write_archive", lose_the_database_once):
        _worker().serve()
        export.refresh_from_db()
        assert export.status == DataExport.Status.RUNNING  # not failed: the worker retries
        DBTaskResult.objects.update(run_after=timezone.now())
        _worker().serve()
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY
    assert export.attempts == 2


def test_a_build_that_fails_leaves_no_file_and_the_member_may_ask_again(
        failing_section, member, as_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = services.data_export_request(actor=member, member=member)
    export.refresh_from_db()
    assert export.status == DataExport.Status.FAILED
    assert "the disk went away" in export.error
    assert not export.file
    assert not default_storage.exists(export.archive_path())
    client = as_user(member)
    assert client.get(reverse("privacy:export_download", args=[export.pk])).status_code == 404
    assert "Échec" in client.get(reverse("privacy:my_data")).content.decode()
    assert not Notification.objects.filter(kind="data_export_ready").exists()
    registry._sections.pop(failing_section.key)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.data_export_request(actor=member, member=member)
    again.refresh_from_db()
    assert again.status == DataExport.Status.READY
    registry.register(failing_section)


def test_running_the_task_twice_is_harmless(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = services.data_export_request(actor=member, member=member)
    export.refresh_from_db()
    first = (export.file.name, export.ready_at)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.build_data_export.call(export.pk) == DataExport.Status.READY
    export.refresh_from_db()
    assert (export.file.name, export.ready_at) == first
    assert export.attempts == 1
    assert Notification.objects.filter(recipient=member, kind="data_export_ready").count() == 1


def test_exports_lost_on_the_way_are_marked_failed_by_the_purge(member):
    lost = DataExport.objects.create(member=member, requested_by=member,
                                     status=DataExport.Status.RUNNING,
                                     created_at=timezone.now() - timedelta(hours=25))
    recent = DataExport.objects.create(member=member, requested_by=member)
    assert services.data_export_purge_expired(now=timezone.now(), dry_run=True) == 1
    assert services.data_export_purge_expired(now=timezone.now()) == 1
    lost.refresh_from_db()
    recent.refresh_from_db()
    assert lost.status == DataExport.Status.FAILED
    assert recent.status == DataExport.Status.PENDING
