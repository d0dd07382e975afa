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
