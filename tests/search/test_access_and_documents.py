"""Helpers shared by the content indexes: the ``audience`` access attribute and plain text."""

import pytest
from django.contrib.auth.models import AnonymousUser

from search.access import audience_filter, audience_key
from search.backends.base import HIGHLIGHT_END, HIGHLIGHT_START
from search.documents import plain_text
from search.query import restrict


@pytest.mark.django_db
def test_members_hold_the_members_key_and_nobody_else_holds_any(member, applicant, moderator):
    assert audience_filter(member) == {"audience": ["members"]}
    assert audience_filter(moderator) == {"audience": ["members"]}
    assert audience_filter(applicant) == {"audience": []}
    assert audience_filter(AnonymousUser()) == {"audience": []}
    assert audience_filter(None) == {"audience": []}
    member.status = "suspended"
    assert audience_filter(member) == {"audience": []}


def test_the_access_filter_always_narrows():
    # Asking for a closed circle one does not belong to finds nothing.
    assert restrict({"audience": [audience_key("project", 3)]}, {"audience": ["members"]}) == {
        "audience": []
    }
    assert audience_key("wall", 12) == "wall:12"


def test_plain_text_keeps_the_words_apart_and_unescapes():
    html = ("<p>Un <strong>tiers</strong>-lieu<br>à Lannion</p><ul><li>un</li><li>deux</li>"
            "</ul><p>&lt;script&gt; &amp; co</p>")
    assert plain_text(html) == "Un tiers-lieu à Lannion un deux <script> & co"
    assert plain_text("") == "" and plain_text(None) == ""
    assert plain_text(f"<p>{HIGHLIGHT_START}faux{HIGHLIGHT_END}</p>") == "faux"
