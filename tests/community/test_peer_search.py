"""Peer search on the *Membres* page: the query, facets, result cards, bad input, access, sync,
the engine being down, HTMX and the query count. Runs against the embedded engine (tmp dir)."""

import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

import search.backends
import search.indexing
from community.forms.profiles import DirectoryFilterForm
from community.services.membership import member_suspend
from search.backends.base import HIGHLIGHT_END, HIGHLIGHT_START, SearchUnavailable
from search.indexing import rebuild
from search.templatetags.search_tags import highlight
from tests.factories import ApplicantFactory, MemberFactory

pytestmark = pytest.mark.django_db

URL = reverse("community:directory")
S, E = HIGHLIGHT_START, HIGHLIGHT_END
# Session, user, the viewer's profile (the onboarding gate), the chat unread total and the
# unread notifications count in the header; the search itself is no query.
MAX_QUERIES = 5


def set_profile(user, **fields):
    profile = user.profile
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()
    return user


@pytest.fixture
def network(db, member):
    """A small network: the viewer (Marc Membre, Bretagne) and peers with distinct traits."""
    gwen = MemberFactory(
        first_name="Gwenaëlle", last_name="Le Goff", email="gwen@exemple.fr",
        onboarded__region="bretagne",
        onboarded__metiers=["dialogue-territorial", "accompagnement"],
        onboarded__skills=["Mécénat de compétences", "Facilitation"],
    )
    set_profile(gwen, organisation="PTCE du Pays de Morlaix", actor_kind="collectivite",
                show_email=True, can_help_with="Monter un mécénat de compétences avec des PME.")
    olivier = MemberFactory(
        first_name="Olivier", last_name="Occitan", email="olivier@exemple.fr",
        onboarded__region="occitanie", onboarded__metiers=["gestion-d-un-lieu"],
        onboarded__skills=["Tiers-lieux", "Médiation numérique"],
    )
    set_profile(olivier, organisation="La Fabrique Cévenole", show_email=False,
                contact_note="Par téléphone le matin.")
    nadia = MemberFactory(
        first_name="Nadia", last_name="Nationale", onboarded__metiers=["dialogue-territorial"],
        onboarded__skills=["Évaluation d'impact"],
    )
    set_profile(nadia, organisation="Réseau national des catalyseurs", perimeter="national",
                region="", actor_kind="entreprise")
    rebuild("members")
    return {"viewer": member, "gwen": gwen, "olivier": olivier, "nadia": nadia}


def found(response) -> set[int]:
    assert response.status_code == 200
    return {int(card["id"]) for card in response.context["cards"]}


def ids(*users) -> set[int]:
    return {user.pk for user in users}


# --- the query --------------------------------------------------------------------------------


@pytest.mark.parametrize("query, who", [
    ("mécénat", "gwen"),            # a skill
    ("mecenat", "gwen"),            # without accents
    ("médiation numérique", "olivier"),
    ("Le Goff", "gwen"),            # a name
    ("gwenaelle", "gwen"),
    ("Fabrique Cévenole", "olivier"),  # an organisation
    ("morlaix", "gwen"),
])
def test_query_finds_by_skill_name_and_organisation(as_user, network, query, who):
    response = as_user(network["viewer"]).get(URL, {"q": query})
    assert network[who].pk in found(response)
    assert found(response) <= ids(*network.values())
    assert network["nadia"].pk not in found(response)


@pytest.mark.parametrize("query, who", [
    ("facilitaton", "gwen"),   # one letter missing
    ("mecennat", "gwen"),      # one letter too many
    ("occitam", "olivier"),    # one letter wrong
])
def test_typos_are_tolerated(as_user, network, query, who):
    response = as_user(network["viewer"]).get(URL, {"q": query})
    assert network[who].pk in found(response)


def test_a_query_sorts_by_relevance_and_no_query_by_name(as_user, network):
    client = as_user(network["viewer"])
    names = [card["name"] for card in client.get(URL).context["cards"]]
    assert names == ["Gwenaëlle Le Goff", "Marc Membre", "Nadia Nationale", "Olivier Occitan"]
    response = client.get(URL, {"q": "facilitation mécénat"})
    assert response.context["cards"][0]["name"] == "Gwenaëlle Le Goff"


def test_matching_skills_are_highlighted_and_shown_first(as_user, network):
    response = as_user(network["viewer"]).get(URL, {"q": "mécénat"})
    card = next(c for c in response.context["cards"] if c["id"] == network["gwen"].pk)
    assert S in card["skills"][0] and "Mécénat" in card["skills"][0]
    body = response.content.decode()
    assert re.search(r'class="tag tag--match"><mark>Mécénat</mark>', body)
    assert S not in body and E not in body  # every mark became <mark> or went away


def test_results_of_one_page_need_no_query_per_member(as_user, network, settings):
    """Cards come from the index documents: the photo link carries the photo's version."""
    set_profile(network["olivier"], photo="avatars/olivier.webp")
    rebuild("members")
    body = as_user(network["viewer"]).get(URL).content.decode()
    photo = reverse("community:member_photo", args=[network["olivier"].pk])
    assert re.search(rf'<img class="avatar avatar--56" src="{photo}\?v=\d+"', body)
    assert ">GL</span>" in body  # initials when there is no photo


# --- facets -----------------------------------------------------------------------------------


def facet(response, name: str) -> dict[str, tuple[int | None, bool]]:
    groups = {group["name"]: group for group in response.context["facet_groups"]}
    if name not in groups:
        return {}
    return {o["value"]: (o["count"], o["checked"]) for o in groups[name]["options"]}


def test_facet_counts_are_shown(as_user, network):
    response = as_user(network["viewer"]).get(URL)
    assert facet(response, "region") == {
        "none": (1, False), "bretagne": (2, False), "occitanie": (1, False),
    }
    metiers = facet(response, "metier")
    assert metiers["dialogue-territorial"] == (2, False)
    assert metiers["accompagnement"] == (2, False)
    assert metiers["gestion-d-un-lieu"] == (1, False)
    assert "experimentations-collectives" not in metiers  # no member: not offered
    assert facet(response, "actor_kind") == {
        "collectivite": (1, False), "association": (2, False), "entreprise": (1, False),
    }
    assert facet(response, "perimeter") == {"local": (3, False), "national": (1, False)}
    assert facet(response, "skill")["Facilitation"] == (2, False)
    body = response.content.decode()
    assert re.search(
        r'<input type="checkbox" name="region" value="bretagne" id="facet-region-bretagne">'
        r'<label for="facet-region-bretagne">Bretagne <span class="facet__count">\(2\)</span>',
        body,
    )
    assert "<legend>" in body


def test_facet_counts_follow_the_query(as_user, network):
    response = as_user(network["viewer"]).get(URL, {"q": "tiers-lieux"})
    assert facet(response, "region") == {"occitanie": (1, False), "bretagne": (1, False)}


def test_a_facet_in_use_keeps_counting_its_other_values(as_user, network):
    """Values of one facet combine with OR: Occitanie still says what it would add."""
    response = as_user(network["viewer"]).get(URL, {"region": "bretagne"})
    assert found(response) == ids(network["viewer"], network["gwen"])
    regions = facet(response, "region")
    assert regions["bretagne"] == (2, True)
    assert regions["occitanie"] == (1, False)
    # Other facets count within Bretagne only.
    assert facet(response, "perimeter") == {"local": (2, False)}
    both = as_user(network["viewer"]).get(URL, {"region": ["bretagne", "occitanie"]})
    assert found(both) == ids(network["viewer"], network["gwen"], network["olivier"])


def test_top_skills_only(as_user, member):
    for index in range(20):
        MemberFactory(onboarded__skills=[f"Savoir {index:02d}"] + (["Commun"] if index else []))
    rebuild("members")
    client = as_user(member)
    skills = facet(client.get(URL), "skill")
    assert len(skills) == 15
    assert skills["Commun"] == (19, False)
    # Then by name among equals: ``member``'s Facilitation, Savoir 00 to 12.
    assert skills["Facilitation"] == (1, False)
    assert "Savoir 12" in skills and "Savoir 13" not in skills and "Tiers-lieux" not in skills
    # A skill outside the top 15 that is in use stays shown, checked.
    chosen = client.get(URL, {"skill": "Savoir 19"})
    assert facet(chosen, "skill")["Savoir 19"] == (1, True)
    assert len(found(chosen)) == 1


def test_facets_combine(as_user, network):
    client = as_user(network["viewer"])
    response = client.get(URL, {"region": "bretagne", "metier": "dialogue-territorial"})
    assert found(response) == ids(network["gwen"])
    response = client.get(URL, {"metier": "dialogue-territorial", "actor_kind": "entreprise"})
    assert found(response) == ids(network["nadia"])
    response = client.get(URL, {"perimeter": "local", "skill": "Facilitation",
                                "domain": "emploi"})
    assert found(response) == set()
    response = client.get(URL, {"q": "facilitation", "region": "bretagne",
                                "actor_kind": "collectivite"})
    assert found(response) == ids(network["gwen"])
    response = client.get(URL, {"region": "none", "metier": "dialogue-territorial"})
    assert found(response) == ids(network["nadia"])


def test_active_filters_are_removable_chips(as_user, network):
    response = as_user(network["viewer"]).get(
        URL, {"q": "facilitation", "region": "bretagne", "metier": "accompagnement"}
    )
    chips = {chip["query"] for chip in response.context["chips"]}
    assert chips == {
        "metier=accompagnement&region=bretagne",
        "q=facilitation&metier=accompagnement",
        "q=facilitation&region=bretagne",
    }
    body = response.content.decode()
    assert 'class="chip" href="?q=facilitation&amp;region=bretagne"' in body
    assert f'class="clear-all" href="{URL}"' in body
    assert 'id="facet-region-bretagne" checked' in body
    assert as_user(network["viewer"]).get(URL).context["chips"] == []


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize("params", [
    {"region": "atlantis"},
    {"metier": "x", "region": "bretagne"},
    {"actor_kind": "<script>alert(1)</script>"},
    {"perimeter": '" OR region = x'},
    {"domain": "emploi\x00"},
    {"skill": ["a", "b", "c", "d", "e", "f"]},  # five at most
    {"skill": "x" * 61},
])
def test_unknown_facet_values_are_dropped_with_a_message(as_user, network, params):
    response = as_user(network["viewer"]).get(URL, params)
    assert response.status_code == 200
    assert response.context["form"].ignored_filters
    body = response.content.decode()
    assert 'data-notice="ignored-filters"' in body
    assert "<script>alert" not in body


def test_known_values_stay_when_others_are_dropped(as_user, network):
    response = as_user(network["viewer"]).get(URL, {"region": ["atlantis", "occitanie"]})
    assert found(response) == ids(network["olivier"])
    assert response.context["form"].ignored_filters


@pytest.mark.parametrize("query", [
    '"',
    '"tiers',
    '"tiers-lieux"',
    '" OR region = "occitanie',
    '" OR region = x',
    "region = occitanie",
    "skills:Tiers-lieux OR 1=1",
    "tiers AND OR NOT ( ) [ ] { } * ? ~ ^ : \\ / - + !",
    "a" * 10_000,
    "tiers\x00\x01\x07\x1b[31mlieux",
    "tiers\u200b\u200c\u200d\ufefflieux",
    "\u200b\u2060\u00ad",
    f"{S}mécénat{E}",
    "<script>alert(1)</script>",
    "%00%27",
    "🙂 tiers",
    "   ",
])
def test_bad_queries_never_fail(as_user, network, query):
    """Nothing typed is read as filter syntax: the Bretagne filter always holds."""
    response = as_user(network["viewer"]).get(URL, {"q": query, "region": "bretagne"})
    assert response.status_code == 200
    assert found(response) <= ids(network["viewer"], network["gwen"])
    body = response.content.decode()
    assert "<script>alert" not in body
    assert S not in body and E not in body


def test_very_long_query_is_shortened_with_a_message(as_user, network):
    response = as_user(network["viewer"]).get(URL, {"q": "mécénat " + "a" * 10_000})
    assert response.status_code == 200
    assert len(response.context["form"].query) == 200
    assert 'data-notice="query-shortened"' in response.content.decode()
    assert 'maxlength="200"' in response.content.decode()


def test_invisible_characters_are_removed_from_the_query(as_user, network):
    response = as_user(network["viewer"]).get(URL, {"q": "méc\u200bé\u00adnat\x00"})
    assert response.context["form"].query == "mécénat"
    assert found(response) == ids(network["gwen"])
    response = as_user(network["viewer"]).get(URL, {"q": "Le\x00Goff\x07"})
    assert response.context["form"].query == "Le Goff"
    assert network["gwen"].pk in found(response)
    response = as_user(network["viewer"]).get(URL, {"skill": "Facili\u200btation"})
    assert found(response) == ids(network["viewer"], network["gwen"])
    response = as_user(network["viewer"]).get(URL, {"q": "\u200b\u200b"})
    assert response.context["form"].query == ""
    assert len(found(response)) == 4


def test_form_filters_shape():
    form = DirectoryFilterForm({
        "q": " tiers ", "metier": ["accompagnement", "nope"], "region": ["none", "bretagne"],
        "actor_kind": "association", "perimeter": "local", "domain": "emploi",
        "skill": ["Tiers-lieux", "tiers-lieux", " Facilitation "],
    })
    assert form.is_valid()
    assert form.ignored_filters
    assert form.query == "tiers"
    assert form.filters() == {
        "metiers": ["accompagnement"], "region": ["none", "bretagne"],
        "actor_kind": ["association"], "perimeter": ["local"], "domains": ["emploi"],
        "skills": ["Tiers-lieux", "Facilitation"],
    }
    assert DirectoryFilterForm({}).filters() == {}


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


# --- access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}])
def test_applicants_and_anonymous_cannot_search(as_user, network, headers):
    applicant = ApplicantFactory()
    params = {"q": "mécénat", "region": "bretagne"}
    anonymous = as_user(None).get(URL, params, headers=headers)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    assert b"Le Goff" not in anonymous.content
    refused = as_user(applicant).get(URL, params, headers=headers)
    assert refused.status_code == 302
    assert refused["Location"] == reverse("community:application_status")


def _views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_the_members_index_is_reached_through_this_page_only():
    modules = {callback.__module__ for _route, callback in _views(get_resolver().url_patterns)}
    assert not any(module.startswith("search") for module in modules)


def test_a_suspended_member_vanishes_from_search(
    as_user, network, moderator, django_capture_on_commit_callbacks
):
    rebuild("members")  # the moderator too
    client = as_user(network["viewer"])
    assert network["gwen"].pk in found(client.get(URL, {"q": "mécénat"}))
    with django_capture_on_commit_callbacks(execute=True):
        member_suspend(actor=moderator, member=network["gwen"], reason="Démarchage répété.")
    assert network["gwen"].pk not in found(client.get(URL, {"q": "mécénat"}))
    assert network["gwen"].pk not in found(client.get(URL))
    assert "Le Goff" not in client.get(URL).content.decode()


def test_a_profile_edit_is_searchable_after_commit(
    as_user, network, django_capture_on_commit_callbacks
):
    client = as_user(network["olivier"])
    assert found(client.get(URL, {"q": "permaculture"})) == set()
    data = {
        "first_name": "Olivier", "last_name": "Occitan",
        "organisation": "La Fabrique Cévenole", "job_title": "Animateur",
        "actor_kind": "association", "perimeter": "local", "region": "occitanie",
        "departement": "30", "metiers": ["gestion-d-un-lieu"],
        "skills": "Tiers-lieux, Permaculture urbaine", "domains": ["environnement"],
        "can_help_with": "Ouvrir un jardin partagé.", "looking_for": "", "bio": "",
        "links": "", "phone": "", "contact_note": "", "public_directory_consent": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("community:profile_edit"), data)
    assert response.status_code == 302
    response = as_user(network["viewer"]).get(URL, {"q": "permaculture"})
    assert found(response) == ids(network["olivier"])
    assert as_user(network["viewer"]).get(
        URL, {"domain": "environnement"}
    ).context["cards"][0]["name"] == "Olivier Occitan"


# --- the engine is down -----------------------------------------------------------------------


@pytest.fixture
def engine_down(monkeypatch):
    backend_class = type(search.backends.get_backend())

    def unavailable(self, *args, **kwargs):
        raise SearchUnavailable("connection refused")

    monkeypatch.setattr(backend_class, "search", unavailable)


def test_engine_down_falls_back_to_the_database(as_user, network, engine_down):
    client = as_user(network["viewer"])
    response = client.get(URL, {"q": "mécénat", "metier": "dialogue-territorial"})
    assert response.status_code == 200
    assert response.context["search_unavailable"]
    assert 'data-notice="search-unavailable"' in response.content.decode()
    # The trade filter still applies; the text query cannot.
    assert found(response) == ids(network["gwen"], network["nadia"])
    assert found(client.get(URL, {"region": "none"})) == ids(network["nadia"])
    assert found(client.get(URL, {"region": ["none", "occitanie"]})) == ids(
        network["nadia"], network["olivier"]
    )
    assert found(client.get(URL, {"metier": ["gestion-d-un-lieu", "accompagnement"]})) == ids(
        network["viewer"], network["gwen"], network["olivier"]
    )
    everyone = client.get(URL)
    assert everyone.context["cards"][0]["name"] == "Gwenaëlle Le Goff"
    body = everyone.content.decode()
    assert "mailto:gwen@exemple.fr" in body and "olivier@exemple.fr" not in body
    groups = [group["name"] for group in everyone.context["facet_groups"]]
    assert groups == ["metier", "region"]


def test_engine_down_htmx_and_paging(as_user, member, engine_down, settings):
    settings.DIRECTORY_PAGE_SIZE = 2
    MemberFactory.create_batch(4)
    response = as_user(member).get(URL, {"page": "3"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert response.context["page"].number == 3
    assert len(response.context["cards"]) == 1


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


# --- query count ------------------------------------------------------------------------------


def make_members(count: int) -> None:
    regions = ["bretagne", "occitanie", "grand-est", "", "la-reunion"]
    metier_sets = [["accompagnement"], ["dialogue-territorial", "gestion-d-un-lieu"]]
    for index in range(count):
        user = MemberFactory(
            onboarded__region=regions[index % len(regions)] or "bretagne",
            onboarded__metiers=metier_sets[index % len(metier_sets)],
            onboarded__skills=[f"Compétence {index % 7}", "Tiers-lieux", f"Savoir {index}"],
        )
        if index % 3 == 0:
            set_profile(user, show_email=True, photo=f"avatars/{index}.webp")
    rebuild("members")


def page_queries(client, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("params", [
    {},
    {"q": "tiers-lieux"},
    {"q": "savoir", "region": ["bretagne", "occitanie"], "metier": "accompagnement",
     "skill": "Tiers-lieux", "page": "2"},
])
def test_query_count_is_constant(as_user, member, django_assert_max_num_queries, params):
    client = as_user(member)
    make_members(9)  # with ``member``: 10
    client.get(URL)  # warm up: the session's first request records it
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(URL, params)
    small = page_queries(client, params)
    make_members(50)  # 60
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(URL, params)
    if not params:
        assert response.context["page"].paginator.count == 60
        assert len(response.context["cards"]) == 24
    large = page_queries(client, params)
    assert small == large == MAX_QUERIES
