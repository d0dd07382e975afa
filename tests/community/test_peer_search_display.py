"""Peer search on the *Membres* page: highlighting, contact links on the result cards, and
HTMX. Runs against the embedded engine (tmp dir)."""

import re

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse

from search.indexing import rebuild
from search.templatetags.search_tags import highlight
from tests.community.peer_search import URL, E, S, found, set_profile
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


# --- highlighting -----------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    (f"{S}<script>{E}alert(1)", "<mark>&lt;script&gt;</mark>alert(1)"),
    (f"<img src=x onerror={S}alert(1){E}>", "&lt;img src=x onerror=<mark>alert(1)</mark>&gt;"),
    (f'"{S}R&D{E}" \'x\'', "&quot;<mark>R&amp;D</mark>&quot; &#x27;x&#x27;"),
    (f"{S}</mark><b>{E}", "<mark>&lt;/mark&gt;&lt;b&gt;</mark>"),
    (f"a{E}b{S}c", "abc"),                      # stray marks go
    (f"{S}a{S}b{E}c{E}", "a<mark>b</mark>c"),   # nested marks: the inner pair
    (f"{S}{E}", ""),
    (None, ""),
    (42, "42"),
])
def test_highlight_escapes_first(text, expected):
    assert highlight(text) == expected


def test_highlight_escapes_even_safe_strings():
    from django.utils.safestring import mark_safe

    assert highlight(mark_safe("<b>x</b>")) == "&lt;b&gt;x&lt;/b&gt;"
    rendered = Template("{% load search_tags %}{{ value|highlight }}").render(
        Context({"value": f"{S}<svg onload=alert(1)>{E}"})
    )
    assert rendered == "<mark>&lt;svg onload=alert(1)&gt;</mark>"


def test_highlight_escapes_a_script_in_a_skill(as_user, member):
    evil = MemberFactory(
        first_name="<img src=x onerror=alert(1)>", last_name="Pirate",
        onboarded__skills=['<script>alert("xss")</script>', "Scripts shell"],
    )
    set_profile(evil, organisation="<b>Gras</b> & Cie")
    rebuild("members")
    for query in ("script", "alert", "pirate", ""):
        body = as_user(member).get(URL, {"q": query}).content.decode()
        assert evil.last_name in body
        assert "<script>alert" not in body
        assert "<img src=x" not in body
        assert "<b>Gras</b>" not in body
        assert "&lt;b&gt;Gras&lt;/b&gt; &amp; Cie" in body or "Gras</mark>" in body
    body = as_user(member).get(URL, {"q": "script"}).content.decode()
    assert "&lt;<mark>script</mark>&gt;alert(&quot;xss&quot;)" in body


# --- contact ----------------------------------------------------------------------------------


def card_html(body: str, name: str) -> str:
    for article in re.findall(r"<article.*?</article>", body, flags=re.S):
        if name in article:
            return article
    raise AssertionError(f"No card for {name}")


def test_contact_follows_the_members_preferences(as_user, network):
    body = as_user(network["viewer"]).get(URL).content.decode()
    gwen = card_html(body, "Le Goff")
    assert 'href="mailto:gwen@exemple.fr">' in gwen
    assert '<span class="visually-hidden"> Gwenaëlle Le Goff</span></a>' in gwen
    olivier = card_html(body, "Occitan")
    profile_url = reverse("community:member_detail", args=[network["olivier"].pk])
    assert f'href="{profile_url}#contact"' in olivier
    assert "mailto:" not in olivier
    assert "olivier@exemple.fr" not in body  # a hidden address is not even in the page
    detail = as_user(network["viewer"]).get(profile_url).content.decode()
    assert 'id="contact"' in detail


# --- HTMX -------------------------------------------------------------------------------------


def test_the_form_searches_as_you_type(as_user, network):
    body = as_user(network["viewer"]).get(URL).content.decode()
    form = re.search(r'<form id="peer-search"[^>]*>', body, flags=re.S).group(0)
    assert f'hx-get="{URL}"' in form
    assert 'hx-trigger="input changed delay:300ms from:#id_q, change, submit"' in form
    assert 'hx-push-url="true"' in form
    assert 'hx-target="#results"' in form and 'hx-swap="outerHTML"' in form
    assert 'method="get"' in form
    assert '<input type="search" name="q"' in body
    assert body.count('id="results"') == 1
    assert 'aria-live="polite"' in body


def test_htmx_returns_only_the_results_fragment(as_user, network):
    response = as_user(network["viewer"]).get(
        URL, {"q": "mécénat"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "<html" not in body and "<form" not in body and 'name="q"' not in body
    assert body.lstrip().startswith('<div id="results"')
    assert body.count('id="results"') == 1
    assert "<legend>" in body  # the facets follow the query
    assert re.search(r'<div id="search-status" hx-swap-oob="innerHTML">\s*1 ', body)
    assert "Le Goff" in body and "Olivier Occitan" not in body


def test_no_results_offers_suggestions(as_user, network):
    response = as_user(network["viewer"]).get(URL, {"q": "zzyzxqw", "region": "bretagne"})
    body = response.content.decode()
    assert found(response) == set()
    assert 'data-empty="no-match"' in body
    assert 'href="?q=zzyzxqw"' in body  # the same search without the filters
    assert f'href="{URL}"' in body
    try:
        help_url = reverse("community:who_can_help")
    except NoReverseMatch:  # the page may not exist yet
        assert "who_can_help" not in body
    else:
        assert f'href="{help_url}"' in body
