"""The moderation queue's report cards kept rendered (issue 20).

A page of the queue is 25 reports, each a card of facts and links that costs more in the
template than in the database. A card shows only what the page already loaded: the report, its
reporter and the reported author, what the queue offers on the reported thing
(``target_actions``, ``decision_links``), whether this moderator may warn or suspend its author,
and the page's address (``here``, for the links back). Each card is kept in Django's cache under
a digest of exactly those values, the language, the time zone and the template's source: a new
decision, a dismissal, a suspension, a renamed member are other values, so another key; nothing
to invalidate, nothing stale.
"""

import dataclasses
import hashlib
import json
from functools import cache

from django.core.cache import cache as default_cache
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

CARD_TEMPLATE = "moderation/_report_card.html"
TIMEOUT = 6 * 3600  # seconds; keys are content digests, so this only frees memory


@cache
def _template_digest() -> str:
    source = get_template(CARD_TEMPLATE).template.source
    return hashlib.blake2b(source.encode(), digest_size=8).hexdigest()


def _fields(obj) -> dict:
    if obj is None:
        return {}
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields
            if field.attname not in ("password", "last_login")}


def _person(user) -> dict:
    if user is None:
        return {}
    return {"pk": user.pk, "name": user.display_name, "member": user.is_member,
            "status": user.get_status_display()}


def card_key(report, *, here: str) -> str:
    actions = getattr(report, "target_actions", None)
    values = [
        _template_digest(), translation.get_language(), timezone.get_current_timezone_name(),
        here, _fields(report), getattr(report, "handled_before", 0),
        _person(report.reporter), _person(report.target_author),
        dataclasses.asdict(actions) if actions is not None else None,
        getattr(report, "decision_links", []),
        getattr(report, "can_warn_author", False), getattr(report, "can_suspend_author", False),
    ]
    text = json.dumps(values, default=str, sort_keys=True)
    return f"moderation:report:{hashlib.blake2b(text.encode(), digest_size=20).hexdigest()}"


def _render(report, here: str) -> str:
    context = Context({"report": report, "here": here}, autoescape=True)
    return get_template(CARD_TEMPLATE).template.render(context)


def prerender(reports, *, here: str, cache=None) -> None:
    """Give each report of the page ``card_html``: from the cache in one round trip, or
    rendered now and kept. The reports come with ``attach_target_actions`` and the view's
    ``can_warn_author`` and ``can_suspend_author``."""
    cache = cache or default_cache
    reports = list(reports)
    keys = [card_key(report, here=here) for report in reports]
    found = cache.get_many(keys)
    missing = {}
    for report, key in zip(reports, keys, strict=True):
        html = found.get(key)
        if html is None:
            html = missing[key] = _render(report, here)
        report.card_html = mark_safe(html)  # noqa: S308 (our template's output, autoescaped)
    if missing:
        cache.set_many(missing, TIMEOUT)
