"""Is rendered HTML inert? Checked on the parsed tags: escaped text is harmless."""

import re
from html.parser import HTMLParser

from chat.rendering import ALLOWED_TAGS

SAFE_SCHEMES = ("http://", "https://", "mailto:")
MENTION_HREF = re.compile(r"/membres/\d+/")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_inert(html: str) -> None:
    collector = _Collector()
    collector.feed(html)
    for tag, attrs in collector.tags:
        assert tag in ALLOWED_TAGS, (tag, html)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if tag == "a" and attrs.get("class") == "mention":  # an @mention: chat/rendering.py
            assert set(attrs) == {"href", "rel", "class", "data-mention"}, attrs
            assert attrs["data-mention"].isdigit(), attrs
            assert MENTION_HREF.fullmatch(attrs["href"]), attrs
            assert attrs["rel"] == "noopener noreferrer nofollow", attrs
            continue
        assert set(attrs) <= {"href", "rel"}, (tag, attrs)
        if "href" in attrs:
            assert attrs["href"].lower().startswith(SAFE_SCHEMES), attrs
            assert attrs["rel"] == "noopener noreferrer nofollow", attrs
