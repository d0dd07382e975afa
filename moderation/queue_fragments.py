"""The moderation queue's report cards kept rendered (issue 20).

A page of the queue is 25 reports, each a card of facts and links that costs more in the
template than in the database. A card shows only what the page already loaded: the report, its
reporter and the reported author, what the queue offers on the reported thing
(``target_actions``, and the decisions behind ``decision_links``: their addresses are built only
for a card rendered anew), whether this moderator may warn or suspend its author, and the page's
address (``here``, for the links back). Each card is kept in Django's cache under
a digest of exactly those values, the language, the time zone and the template's source: a new
decision, a dismissal, a suspension, a renamed member are other values, so another key; nothing
to invalidate, nothing stale.

The cards of the things waiting for a decision are kept the same way (``prerender_waiting``):
the item's kind and key, how the queue names it, its excerpt, author and date, the link to it,
this moderator's rights on its author and the page's address. Their "Approve" form's CSRF token
is a marker replaced by the request's own (config/fragments.py).
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

from config.fragments import csrf_marker, with_token
from moderation.selectors import decision_links

CARD_TEMPLATE = "moderation/_report_card.html"
WAITING_TEMPLATE = "moderation/_waiting_card.html"
TIMEOUT = 6 * 3600  # seconds; keys are content digests, so this only frees memory


@cache
def _template_digest(name: str = CARD_TEMPLATE) -> str:
    source = get_template(name).template.source
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
        _decisions(report),
        getattr(report, "can_warn_author", False), getattr(report, "can_suspend_author", False),
    ]
    return _digest("moderation:report:", values)


def _decisions(report) -> list:
    """What the card's decision links are made of (selectors.decision_links): the item's kind
    and key, the decisions its status allows and the page to go back to. Their addresses are
    built only for a card rendered anew."""
    item = getattr(report, "decision_item", None)
    if item is None:
        return []
    return [item._meta.label_lower, item.pk, getattr(report, "decisions", []),
            getattr(report, "decision_next", "")]


def _digest(prefix: str, values: list) -> str:
    text = json.dumps(values, default=str, sort_keys=True)
    return f"{prefix}{hashlib.blake2b(text.encode(), digest_size=20).hexdigest()}"


def _render(report, here: str) -> str:
    report.decision_links = decision_links(report)
    context = Context({"report": report, "here": here}, autoescape=True)
    return get_template(CARD_TEMPLATE).template.render(context)


def waiting_key(pending, *, here: str) -> str:
    """Everything ``moderation/_waiting_card.html`` shows of ``pending``
    (selectors.PendingItem) for this moderator."""
    author = pending.author
    values = [
        _template_digest(WAITING_TEMPLATE), translation.get_language(),
        timezone.get_current_timezone_name(), here, pending.kind_label, pending.kind_name,
        pending.item.pk, pending.title, pending.excerpt,
        [author.pk, author.display_name] if author is not None else None,
        pending.submitted_at, pending.view_url, pending.can_warn_author,
        pending.can_suspend_author,
    ]
    return _digest("moderation:waiting:", values)


def prerender_waiting(waiting, *, request, here: str, cache=None) -> None:
    """Give each thing waiting for a decision ``card_html``, from the cache in one round trip
    or rendered now and kept, with this request's CSRF token."""
    cache = cache or default_cache
    keys = [waiting_key(pending, here=here) for pending in waiting]
    found = cache.get_many(keys) if keys else {}
    missing = {}
    template = get_template(WAITING_TEMPLATE).template
    for pending, key in zip(waiting, keys, strict=True):
        html = found.get(key)
        if html is None:
            html = missing[key] = template.render(Context(
                {"pending": pending, "here": here, "csrf_token": csrf_marker()},
                autoescape=True))
        pending.card_html = with_token(html, request)
    if missing:
        cache.set_many(missing, TIMEOUT)


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
