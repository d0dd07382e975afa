"""Helpers for the functions that turn objects into index documents (``to_document``)."""

import re
import unicodedata
from html import unescape

from django.utils.html import strip_tags

from search.backends.base import HIGHLIGHT_END, HIGHLIGHT_START

# Tags after which the text goes on in another block or line: a space keeps words apart.
_BLOCK_ENDS = re.compile(r"<(?:br|/p|/li|/blockquote|/pre|/h[1-6]|/div|/tr|/td|/th)\b[^>]*>",
                         re.IGNORECASE)


def plain_text(html: str) -> str:
    """The words of rendered, sanitised HTML as one line of plain text: what is indexed,
    highlighted and cropped (never shown without escaping: search_tags.highlight escapes).
    The highlight marks are dropped: only the engine marks what matched."""
    if not html:
        return ""
    spaced = _BLOCK_ENDS.sub(lambda match: f"{match.group(0)} ", html)
    text = unescape(strip_tags(spaced))
    return " ".join(text.replace(HIGHLIGHT_START, " ").replace(HIGHLIGHT_END, " ").split())


def sort_text(text: str) -> str:
    """Text for a sortable attribute: lowercase, accents removed. Meilisearch sorts text by its
    bytes, so "Émilie" would come after "Zoé"; folded, both engines sort it among the E."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
