"""``Server-Timing`` is sent only when SERVER_TIMING turns it on (bench/pages.py does)."""

import pytest
from django.conf import settings

TIMING = "config.timing.ServerTimingMiddleware"


@pytest.mark.django_db
def test_no_timing_by_default(client):
    assert TIMING not in settings.MIDDLEWARE
    assert "Server-Timing" not in client.get("/healthz")


@pytest.mark.django_db
def test_timing_when_turned_on(client, settings):
    settings.MIDDLEWARE = [TIMING, *settings.MIDDLEWARE]
    header = client.get("/healthz")["Server-Timing"]
    name, duration = header.split(";dur=")
    assert name == "app" and float(duration) >= 0
