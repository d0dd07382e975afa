"""Two requests for an export at the same instant (a double click, two tabs): one export, and
the other told to wait a day. On PostgreSQL only (two real connections, two threads); SQLite
serialises every writer, so there it proves nothing and is skipped with the reason printed."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from privacy import services
from privacy.models import DataExport
from tests.factories import MemberFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two requests at once need PostgreSQL (set DATABASE_URL, e.g. "
           "postgres://catalyse:catalyse@127.0.0.1:5432/catalyse_export)")


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_make_one_export(settings):
    # The archive is not built here: the race is about the request.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    member = MemberFactory()
    barrier = threading.Barrier(2, timeout=30)
    outcomes: list[str] = []

    def ask() -> None:
        try:
            barrier.wait()
            services.data_export_request(actor=member, member=member)
            outcomes.append("created")
        except ValidationError:
            outcomes.append("refused")
        except BaseException as error:  # reported below, in the main thread
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert sorted(outcomes) == ["created", "refused"]
    assert DataExport.objects.filter(member=member).count() == 1
