"""Light Markdown for messages, sanitised: the only HTML that reaches a page is what nh3 allows."""

import nh3
from markdown_it import MarkdownIt

_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": True, "breaks": True})
    .enable(["linkify", "strikethrough"])
    .disable(["image", "heading", "lheading", "hr", "html_block", "html_inline"])
)

ALLOWED_TAGS = {"p", "br", "strong", "em", "s", "code", "pre", "a", "ul", "ol", "li", "blockquote"}


def render_markdown(text: str) -> str:
    return nh3.clean(
        _markdown.render(text),
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()
