"""The legal pages' light Markdown, rendered to HTML that nh3 has sanitised.

The same engine and sanitiser as the walls' messages (chat/rendering.py: markdown-it-py, then
nh3 keeping a short list of tags), but not that module: a legal text needs headings and tables,
which messages refuse, and legal/ sits below chat/ in the house's layers (DESIGN.md §2).

Fields an admin must still fill are written ``[À compléter : ...]``; they are shown as ``<mark>``
so that nobody mistakes them for the text, and ``manage.py check --deploy`` lists the pages that
still hold one (legal/checks.py).
"""

import re

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .enable(["table", "strikethrough"])
    .disable(["image", "html_block", "html_inline"])
)

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "s", "code", "pre", "a", "ul", "ol", "li", "blockquote", "h2",
    "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr",
}
PLACEHOLDER = re.compile(r"\[À compléter(?:\s|&nbsp;)*:[^\]\n]*\]", re.IGNORECASE)


def placeholders(text: str) -> list[str]:
    """The fields of ``text`` an admin has not filled yet."""
    return PLACEHOLDER.findall(text or "")


def _mark_placeholder(match: re.Match) -> str:
    return f'<mark class="legal-placeholder">{match.group(0)}</mark>'


def _no_second_title(html: str) -> str:
    """A page has one ``h1``, its title: a ``#`` heading in the text becomes an ``h2``."""
    return html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")


def render_legal_markdown(text: str) -> SafeString:
    """The text as safe HTML. Tables are wrapped so that a phone scrolls them, not the page."""
    html = _no_second_title(_markdown.render(text or ""))
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    html = html.replace("<table>", '<div class="table-scroll" tabindex="0"><table class="table">')
    html = html.replace("</table>", "</table></div>")
    # Placeholders are plain text once sanitised (brackets and letters): marking them adds no
    # markup that came from the text itself.
    html = PLACEHOLDER.sub(_mark_placeholder, html)
    return mark_safe(html)  # noqa: S308 (sanitised by nh3 just above)


def render_plain(text: str) -> SafeString:
    """Escaped text, paragraphs kept: for a short note such as a charter version's changes."""
    paragraphs = [escape(part.strip()) for part in re.split(r"\n\s*\n", text or "") if part.strip()]
    return mark_safe("".join(f"<p>{part}</p>" for part in paragraphs))  # noqa: S308 (escaped)
