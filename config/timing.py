"""``Server-Timing: app;dur=<ms>`` on every response, when SERVER_TIMING is on.

What the server spent on a request, from the first middleware to the last byte of the view,
apart from the time the request waited before a thread took it: bench/pages.py reads it to tell
the server's share of a latency from the queueing seen by its clients. Off by default: it tells
anyone how long a page took.
"""

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class ServerTimingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = f"app;dur={elapsed:.1f}"
        return response
