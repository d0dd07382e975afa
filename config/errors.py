"""The error pages (403, 404, 500 and the CSRF failure), in the member's language and the site's
layout, each with a way back (``handler403``/``404``/``500`` in config/urls.py,
``CSRF_FAILURE_VIEW`` in settings; the 400 page is documents/errors.py).

Django's own pages are bare English documents with no way back. Ours say what happened and
where to go next: the home page, and the page the person came from when it is one of ours.

The 500 page is different: it is shown when something is broken, often the database itself.
It must not touch the database, so it is a standalone template (templates/500.html, which
extends nothing) rendered with a plain context: no request context, hence no context processor
(the header's counters all query the database), no ``request.user``.
"""

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

MODERATION_PREFIX = "/animation/"  # the moderators' pages (moderation/ and community/ both)


def previous_page(request: HttpRequest) -> str | None:
    """The page the person came from, when it is on this site and is not this very page."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer or referer.endswith(request.get_full_path()):
        return None
    if not url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        return None
    return referer


def _error_page(request, template: str, status: int, **context) -> HttpResponse:
    context["previous_page"] = previous_page(request)
    return render(request, template, context, status=status)


@requires_csrf_token
def permission_denied(request, exception=None):
    """403: the reason given with ``PermissionDenied("…")`` if any, else a general one."""
    reason = str(exception or "").strip()
    if not reason and request.path.startswith(MODERATION_PREFIX):
        reason = _("This page is for the network's moderators only.")
    return _error_page(request, "403.html", 403, reason=reason)


@requires_csrf_token
def page_not_found(request, exception=None):
    """404: also what someone gets for a thing they may not see (DESIGN.md §3): the page says
    both, without telling which."""
    return _error_page(request, "404.html", 404)


@requires_csrf_token
def csrf_failure(request, reason: str = ""):
    """A form refused by the CSRF check: most often a page left open until the session
    expired, or cookies turned off. Nothing was done; the form must be sent again."""
    from django.middleware.csrf import REASON_NO_CSRF_COOKIE

    logger.info("CSRF failure on %s: %s", request.path, reason)
    return _error_page(request, "403_csrf.html", 403,
                       cookies_missing=reason == REASON_NO_CSRF_COOKIE)


def server_error(request, template_name: str = "500.html"):
    """500, without the database: a template that extends nothing, a plain context."""
    language = translation.get_language() or "fr"
    try:
        home = reverse("community:home")
    except Exception:  # the URLconf itself may be what is broken
        home = "/"
    try:
        with translation.override(language):
            body = get_template(template_name).render({"LANGUAGE_CODE": language,
                                                       "home_url": home})
    except Exception:  # never let the error page fail in turn
        logger.exception("The 500 page could not be rendered")
        with translation.override(language):
            title = _("Server error")
            advice = _("Something went wrong on our side; nothing you did caused it. Try again "
                       "in a moment. If it keeps happening, let the moderators know.")
            back = _("Back to the home page")
        body = (f'<!DOCTYPE html><html lang="{escape(language)}"><head><meta charset="utf-8">'
                f"<title>{title} · Catalyse</title></head><body><main><h1>{title}</h1>"
                f'<p>{advice}</p><p><a href="{escape(home)}">{back}</a></p></main></body></html>')
    return HttpResponseServerError(body)
