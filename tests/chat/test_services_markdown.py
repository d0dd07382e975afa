"""The chat services: the Markdown renderer, light formatting in, XSS payloads inert."""

import pytest

from chat.rendering import render_markdown
from tests.chat.helpers import in_memory_layer  # noqa: F401  (an autouse fixture)
from tests.chat.inert import assert_inert

pytestmark = pytest.mark.django_db


# --- Markdown --------------------------------------------------------------------------------

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">clic</a>',
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](&#106;avascript:alert(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[clic](vbscript:msgbox(1))",
    '[clic](https://exemple.fr" onclick="alert(1))',
    "![img](https://exemple.fr/x.png)",
    "<iframe src=https://exemple.fr></iframe>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<details open ontoggle=alert(1)>",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    '<a href="https://exemple.fr" onmouseover="alert(1)">lien</a>',
    "https://exemple.fr/?q=<script>alert(1)</script>",
    '<form action="https://evil.example"><input name=x></form>',
    "<<script>script>alert(1)<</script>/script>",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_markdown_leaves_xss_payloads_inert(payload):
    html = render_markdown(payload)
    assert_inert(html)
    assert "<script" not in html.lower()


def test_render_markdown_light_formatting():
    html = render_markdown("**gras** *italique* ~~barré~~ `code`\n- un\n- deux\n\n> cité")
    for tag in ("<strong>gras</strong>", "<em>italique</em>", "<s>barré</s>", "<code>code</code>",
                "<li>un</li>", "<blockquote>"):
        assert tag in html
    link = render_markdown("Voir https://exemple.fr et [le site](https://catalyse.fr)")
    assert '<a href="https://exemple.fr" rel="noopener noreferrer nofollow">' in link
    assert '<a href="https://catalyse.fr" rel="noopener noreferrer nofollow">le site</a>' in link
    assert render_markdown("# Titre") == "<p># Titre</p>"
