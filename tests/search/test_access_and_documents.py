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


def test_disjunctive_facets_drop_only_their_own_filter_never_the_access_filter(monkeypatch):
    from types import SimpleNamespace

    import search.query
    from search.backends.base import SearchResults
    from search.query import search_index

    asked = {}

    def record(name, query, **kwargs):
        asked.update(kwargs)
        return SearchResults(hits=[], total=0)

    monkeypatch.setattr(search.query, "ensure_configured", lambda name: None)
    monkeypatch.setattr(search.query, "get_backend", lambda: SimpleNamespace(search=record))
    outsider = SimpleNamespace(is_member=False)  # the members index's access filter applies
    search_index(
        "members", user=outsider, filters={"region": ["b"], "metiers": ["x"]},
        facets=["region", "metiers", "actor_kind"], disjunctive_facets=True,
    )
    access = {"public_directory": [True]}
    assert asked["filters"] == {"region": ["b"], "metiers": ["x"]} | access
    assert asked["facet_filters"] == {
        "region": {"metiers": ["x"]} | access,
        "metiers": {"region": ["b"]} | access,
    }
    search_index("members", user=outsider, filters={"region": ["b"]}, facets=["region"])
    assert asked["facet_filters"] is None
