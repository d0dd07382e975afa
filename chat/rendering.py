"""Light Markdown for messages, sanitised: the only HTML that reaches a page is what nh3 allows.

@mentions (chat/mentions.py) are found by an inline rule, so never inside code or a link's
text, and rendered as ``<a class="mention" data-mention="<id>">``; nh3 then keeps that class
and a numeric ``data-mention`` on links and nothing else, whatever the Markdown produced.
"""

import nh3
from django.urls import reverse
from django.utils.html import format_html
from markdown_it import MarkdownIt

from chat.mentions import MentionIndex

_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": True, "breaks": True})
    .enable(["linkify", "strikethrough"])
    .disable(["image", "heading", "lheading", "hr", "html_block", "html_inline"])
)

ALLOWED_TAGS = {"p", "br", "strong", "em", "s", "code", "pre", "a", "ul", "ol", "li", "blockquote"}
MENTION_CLASS = "mention"


def _mention_rule(state, silent: bool) -> bool:
    """At an "@": the longest member name of the room that follows (env["mentions"])."""
    index = state.env.get("mentions") if isinstance(state.env, dict) else None
    if not index or state.linkLevel > 0 or state.src[state.pos] != "@":
        return False
    match = index.match(state.src, state.pos)
    if match is None:
        return False
    end, people = match
    if not silent:
        token = state.push("mention", "", 0)
        token.content = state.src[state.pos : end]
        token.meta = {"person": people[0]}
        for person in people:
            state.env["mentioned"].setdefault(person.pk, person)
    state.pos = end
    return True


def _render_mention(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    person = token.meta["person"]
    return format_html(
        '<a href="{}" class="{}" data-mention="{}">{}</a>',
        reverse("community:member_detail", args=[person.pk]), MENTION_CLASS, person.pk,
        token.content,
    )


_markdown.inline.ruler.after("text", "mention", _mention_rule)
_markdown.add_render_rule("mention", _render_mention)


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "data-mention" and not value.isdigit():
        return None
    return value


def render_message(text: str, members=()) -> tuple[str, list]:
    """The message's HTML and the people it mentions among ``members`` (each once, in order)."""
    env = {"mentions": MentionIndex(members) if members else None, "mentioned": {}}
    html = nh3.clean(
        _markdown.render(text, env),
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "data-mention"}},
        tag_attribute_values={"a": {"class": {MENTION_CLASS}}},
        attribute_filter=_keep_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()
    return html, list(env["mentioned"].values())


def render_markdown(text: str) -> str:
    return render_message(text)[0]
