"""The last seat taken by two people at the same instant: one seat and one waitlist place,
never 51 / 50. On PostgreSQL only (two real connections, two threads); SQLite serialises every
writer, so there it proves nothing and is skipped with the reason printed (``-ra``)."""

import threading

import pytest
from django.db import connection, connections

from events import services
from events.models import Registration
from tests.events.conftest import make_event
from tests.factories import MemberFactory, ModeratorFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the concurrent last seat needs PostgreSQL (set DATABASE_URL, e.g. "
           "postgres://catalyse:catalyse@127.0.0.1:5432/catalyse_events)")


@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_last_seat_at_once_get_one_seat_and_one_waitlist_place():
    moderator = ModeratorFactory()
    event = make_event(moderator, capacity=50)
    for person in MemberFactory.create_batch(49):
        services.registration_create(actor=person, event=event)
    rivals = MemberFactory.create_batch(2)
    barrier = threading.Barrier(2, timeout=30)
    errors: list[BaseException] = []

    def take(person) -> None:
        try:
            barrier.wait()
            services.registration_create(actor=person, event=event)
        except BaseException as error:  # reported below, in the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(person,)) for person in rivals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    statuses = sorted(Registration.objects.filter(event=event, member__in=rivals)
                      .values_list("status", flat=True))
    assert statuses == ["confirmed", "waitlisted"]
    assert Registration.objects.filter(event=event, status="confirmed").count() == 50
