"""The site's own address, for links read away from the site (e-mails): one place that knows it.

An e-mail is read in a mail client, so each of its links is absolute. Which address? The one
the platform is actually served on:

- during a request, the request's scheme and host, which Django has already checked against
  ``ALLOWED_HOSTS`` (a host it refuses is never used: the setting is, instead);
- with no request (a task on the worker, the daily digest, a management command), the
  ``SITE_URL`` setting, which production sets and ``./catalyse demo`` derives from ``HOST`` and
  ``PORT``.

Services do not receive the request, so ``SiteAddressMiddleware`` remembers the current
request's address for the length of the request (a context variable, so that concurrent
requests, threads and async tasks each see their own). An e-mail queued during a request
captures the address then (``community.emails.email_on_commit``), so that the worker which
sends it later links to the address the moderator used.
"""

from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest

_request_site_url: ContextVar[str | None] = ContextVar("catalyse_request_site_url", default=None)


def request_site_url(request: HttpRequest) -> str | None:
    """``scheme://host[:port]`` of ``request``, or None when its host is not an allowed one."""
    try:
        host = request.get_host()  # validated against ALLOWED_HOSTS
    except DisallowedHost:
        return None
    return f"{request.scheme}://{host}"


def site_url(request: HttpRequest | None = None) -> str:
    """The site's address without a trailing slash: the request's (given, or the one being
    served), else ``SITE_URL``."""
    address = request_site_url(request) if request is not None else _request_site_url.get()
    return address or settings.SITE_URL.rstrip("/")


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    """``path`` (as ``reverse()`` gives it) as an absolute link to this site."""
    if not path.startswith("/"):
        raise ValueError(f"absolute_url() takes a path starting with '/', not {path!r}")
    return site_url(request) + path


class SiteAddressMiddleware:
    """Remember the address of the request being served, for ``site_url()`` without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_site_url.set(request_site_url(request))
        try:
            return self.get_response(request)
        finally:
            _request_site_url.reset(token)
