"""Showing search results: the matched parts of a hit, safely."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.backends.base import HIGHLIGHT_END, HIGHLIGHT_START

register = template.Library()

# A start mark, some text without marks, an end mark. HTML-escaping leaves the marks alone:
# they are private-use characters that nobody types (search.query.clean_query drops them).
_MARKED = re.compile(
    f"{HIGHLIGHT_START}([^{HIGHLIGHT_START}{HIGHLIGHT_END}]+){HIGHLIGHT_END}"
)
_STRAY = re.compile(f"[{HIGHLIGHT_START}{HIGHLIGHT_END}]")


@register.filter(is_safe=False)
def highlight(value) -> SafeString:
    """Escape the text first, then turn each pair of highlight marks into ``<mark>``.

    Marks that do not pair up (nested, empty, cut by truncation) are dropped, so the output is
    always well-formed and contains no markup but ``<mark>``.
    """
    if value is None:
        return mark_safe("")
    text = escape(str(value))  # escapes even a SafeString: the engine's text is never trusted
    text = _MARKED.sub(r"<mark>\1</mark>", text)
    return mark_safe(_STRAY.sub("", text))  # noqa: S308 - escaped above, only <mark> added


@register.filter
def unhighlight(value) -> str:
    """The text without highlight marks (for attributes and plain-text uses)."""
    return "" if value is None else _STRAY.sub("", str(value))


@register.filter
def is_highlighted(value) -> bool:
    return value is not None and HIGHLIGHT_START in str(value)


CROP_LENGTH = 240
ELLIPSIS = "…"


@register.filter(is_safe=False)
def crop(value, length=CROP_LENGTH) -> str:
    """About ``length`` characters of ``value`` around its first highlighted part, cut between
    words, with "…" where text was left out; the whole text when it is short. A cut never
    separates a start mark from its end mark. Plain text in, plain text out: ``highlight``
    escapes it afterwards (``{{ text|crop|highlight }}``)."""
    text = "" if value is None else str(value)
    try:
        length = max(int(length), 20)
    except (TypeError, ValueError):
        length = CROP_LENGTH
    if len(text) <= length:
        return text
    first = text.find(HIGHLIGHT_START)
    limit = first if first >= 0 else len(text)
    start = max(0, min(first - length // 4 if first >= 0 else 0, len(text) - length))
    if start > 0:  # begin after a space, never past the first match
        space = text.find(" ", start, limit)
        start = space + 1 if space >= 0 else start
    end = start + length
    if end < len(text):
        space = text.rfind(" ", start + length // 2, end)
        end = space if space >= 0 else end
        opened = text.rfind(HIGHLIGHT_START, start, end)
        if opened > text.rfind(HIGHLIGHT_END, start, end):  # a match cut in two: keep it whole
            close = text.find(HIGHLIGHT_END, end)
            end = close + 1 if close >= 0 else end
    else:
        end = len(text)
    cropped = text[start:end].strip()
    return f"{ELLIPSIS if start > 0 else ''}{cropped}{ELLIPSIS if end < len(text) else ''}"
