"""The walls' search page, /mur/recherche/: matches highlighted and escaped, filters,
pages, HTMX results, the engine down, hostile queries, and a constant number of queries."""

import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from moderation.models import ModerationStatus
from search.backends import get_backend
from search.backends.base import HIGHLIGHT_END, HIGHLIGHT_START, SearchUnavailable
from search.indexing import rebuild
from search.templatetags.search_tags import crop
from tests.factories import MemberFactory, PostFactory
from tests.walls.search_helpers import HTMX, URL, found, post_on
from walls import services
from walls.models import Post
from walls.search_indexes import POSTS_INDEX

pytestmark = pytest.mark.django_db


# --- The page -------------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def excerpts(html: str) -> list[str]:
    return re.findall(r'<p class="wall-result__excerpt[^"]*" data-excerpt="\w+">(.*?)</p>', html,
                      re.DOTALL)


def test_the_walls_pages_have_a_search_box(as_user, member, themed):
    client = as_user(member)
    for url in (reverse("walls:group"), themed.get_absolute_url(), reverse("walls:index")):
        html = client.get(url).content.decode()
        form = html.split('class="wall-search-box"', 1)[1].split("</form>", 1)[0]
        assert f'action="{URL}"' in form and 'name="q"' in form and 'role="search"' in form
    html = client.get(URL).content.decode()
    assert 'class="wall-search-box"' not in html  # the page's own form is enough
    assert 'id="wall-search"' in html and 'name="q" id="id_q"' in html


def test_results_link_to_posts_with_highlighted_excerpts(as_user, member, other_member, wall,
                                                         themed, committed):
    match = post_on(themed, other_member, "Notre **jardin partagé** cherche des bénévoles",
                    committed)
    post_on(wall, other_member, "Rien à voir", committed)
    response = as_user(member).get(URL, {"q": "jardin"})
    html = response.content.decode()
    assert response.context["search"].total == 1
    assert [r.post.pk for r in response.context["results"]] == [match.pk]
    result = html.split(f'id="r-{match.pk}"', 1)[1].split("</article>", 1)[0]
    assert f'href="{match.get_absolute_url()}"' in result
    assert f'href="{themed.get_absolute_url()}"' in result
    assert "<mark>jardin</mark> partagé" in result
    assert 'id="search-status"' in html and 'hx-push-url="true"' in html
    assert 'value="jardin"' in html


def test_a_match_in_a_comment_shows_the_comment(as_user, member, other_member, wall, committed):
    post = post_on(wall, other_member, "Des idées pour la fête du quartier ?", committed)
    with committed():
        services.comment_create(actor=member, post=post, body="Un troc de graines !")
    html = as_user(member).get(URL, {"q": "graines"}).content.decode()
    assert 'data-excerpt="comment"' in html
    assert "Un troc de <mark>graines</mark> !" in html
    assert "Des idées pour la fête du quartier ?" in html  # the post's text, from its start


def test_long_texts_are_cropped_around_the_match(as_user, member, other_member, wall, committed):
    filler = " ".join(f"mot{i}" for i in range(200))
    post_on(wall, other_member, f"{filler} méthanisation {filler}", committed)
    html = as_user(member).get(URL, {"q": "méthanisation"}).content.decode()
    (excerpt,) = excerpts(html)
    assert excerpt.startswith("…") and excerpt.endswith("…")
    assert "<mark>méthanisation</mark>" in excerpt and len(excerpt) < 400


def test_crop_keeps_marks_whole_and_cuts_between_words():
    text = "début " * 60 + f"{HIGHLIGHT_START}cible{HIGHLIGHT_END} " + "suite " * 60
    cropped = crop(text, 100)
    assert cropped.startswith("…début") and cropped.endswith("…")
    assert f"{HIGHLIGHT_START}cible{HIGHLIGHT_END}" in cropped
    assert crop("court", 100) == "court" and crop(None) == ""
    cut = crop("x" * 90 + f" {HIGHLIGHT_START}" + "y" * 40 + HIGHLIGHT_END + " fin" * 30, 100)
    assert cut.count(HIGHLIGHT_START) == cut.count(HIGHLIGHT_END) == 1


def test_without_words_the_page_says_what_to_do(as_user, member, monkeypatch):
    monkeypatch.setattr(get_backend(), "search", _unexpected)
    html = as_user(member).get(URL).content.decode()
    assert 'data-empty="no-query"' in html
    assert 'data-empty="no-match"' not in html


def _unexpected(*args, **kwargs):
    raise AssertionError("no search without words")


def test_no_match_offers_ideas(as_user, member, other_member, themed, committed):
    post_on(themed, other_member, "Réunion", committed)
    html = as_user(member).get(URL, {"q": "zyxwvu", "mur": themed.slug}).content.decode()
    empty = html.split('data-empty="no-match"', 1)[1].split("</div>", 1)[0]
    assert 'data-action="all-walls"' in empty and 'href="?q=zyxwvu"' in empty
    assert f'href="{reverse("community:directory")}?q=zyxwvu"' in empty


def test_a_wall_and_the_newest_first(as_user, member, other_member, wall, themed, committed):
    older = post_on(wall, other_member, "Compost collectif", committed)
    on_themed = post_on(themed, other_member, "Compost et lombricompost", committed)
    newer = post_on(wall, other_member, "Compost : bilan", committed)
    client = as_user(member)
    by_date = client.get(URL, {"q": "compost", "tri": "recents"}).context["results"]
    assert [r.post.pk for r in by_date] == [newer.pk, on_themed.pk, older.pk]
    on_wall = client.get(URL, {"q": "compost", "mur": themed.slug}).context["results"]
    assert [r.post.pk for r in on_wall] == [on_themed.pk]
    unknown = client.get(URL, {"q": "compost", "mur": "nulle-part", "tri": "n'importe"})
    assert len(unknown.context["results"]) == 3
    assert 'data-notice="ignored-filters"' in unknown.content.decode()


def test_pages_of_results(as_user, member, wall):
    PostFactory.create_batch(23, wall=wall, body="Permanence numérique")
    rebuild(POSTS_INDEX)
    client = as_user(member)
    first = client.get(URL, {"q": "permanence"})
    assert first.context["search"].total == 23 and len(first.context["results"]) == 20
    assert 'rel="next" ' not in first.content.decode()
    assert 'href="?q=permanence&amp;page=2" rel="next"' in first.content.decode()
    second = client.get(URL, {"q": "permanence", "page": "2"})
    assert len(second.context["results"]) == 3
    assert 'href="?q=permanence&amp;page=1" rel="prev"' in second.content.decode()
    beyond = client.get(URL, {"q": "permanence", "page": "999"})
    assert beyond.context["search"].page == 2 and len(beyond.context["results"]) == 3


def test_htmx_gets_the_results_only(as_user, member, other_member, wall, committed):
    post_on(wall, other_member, "Jardin partagé", committed)
    response = as_user(member).get(URL, {"q": "jardin"}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="post-results"')
    assert "<html" not in html and 'id="wall-search"' not in html
    assert 'hx-swap-oob="innerHTML"' in html  # the live region says the new count
    assert "HX-Request" in response["Vary"]


def test_a_post_hidden_while_the_index_lags_is_not_shown(as_user, member, other_member, wall,
                                                         committed):
    post = post_on(wall, other_member, "Message à retirer", committed)
    Post.objects.filter(pk=post.pk).update(moderation_status=ModerationStatus.HIDDEN)
    assert found(member, "retirer") == [post.pk]  # the index has not caught up yet
    response = as_user(member).get(URL, {"q": "retirer"})
    assert response.context["results"] == []
    assert f'data-post="{post.pk}"' not in response.content.decode()


def test_the_engine_down_falls_back_to_the_database(as_user, member, other_member, wall,
                                                    committed, monkeypatch):
    post = post_on(wall, other_member, "Atelier réparation vélo", committed)
    post_on(wall, other_member, "Atelier cuisine", committed)

    def unavailable(*args, **kwargs):
        raise SearchUnavailable("connection refused")

    monkeypatch.setattr(get_backend(), "search", unavailable)
    response = as_user(member).get(URL, {"q": "atelier vélo"})
    assert response.status_code == 200
    assert [r.post.pk for r in response.context["results"]] == [post.pk]
    assert 'data-notice="search-unavailable"' in response.content.decode()


HOSTILE = [
    '"', '""', '"jardin', "jardin\" OR \"1\"=\"1", "wall_id = 1 OR audience = members",
    "audience:members", "author_id > 0", "jardin AND NOT", "(jardin", "*", "-", "~jardin",
    "jardin" * 2_000, "j" * 10_000, "\x00\x01\x02\x1b[31m jardin \x7f", "\u200bjar\u200bdin",
    f"{HIGHLIGHT_START}jardin{HIGHLIGHT_END}", "<script>alert(1)</script>", "%00", "\ufffe",
    "🌱" * 300, "\\", "'; DROP TABLE walls_post; --",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_fail(as_user, member, other_member, wall, committed, query):
    post_on(wall, other_member, "Jardin partagé", committed)
    client = as_user(member)
    for params in ({"q": query}, {"q": query, "mur": query, "tri": query, "page": query}):
        response = client.get(URL, params)
        assert response.status_code == 200, params
        html = response.content.decode()
        assert "<script>alert" not in html
        response = client.get(URL, params, **HTMX)
        assert response.status_code == 200


def test_undecodable_parameters_never_fail(as_user, member):
    client = as_user(member)
    for raw in ("q=%ED%A0%80%FF%FE", "q=%00&mur=%ED%A0%80&tri=%FF&page=%C0", "q&q=a&q=%20&page=",
                f"q=a&page={'9' * 5_000}", "q=a&page=-1", "q=a&page=%EF%BC%92"):
        assert client.get(f"{URL}?{raw}").status_code == 200, raw


def test_a_very_long_query_is_shortened_and_said_so(as_user, member):
    html = as_user(member).get(URL, {"q": "mot " * 3_000}).content.decode()
    assert 'data-notice="query-shortened"' in html


PAYLOADS = (
    '<script>alert("xss")</script> <img src=x onerror=alert(2)> '
    '<a href="javascript:alert(3)">lien</a> [clic](javascript:alert(4)) '
    '" onmouseover="alert(5) &lt;b&gt; \ue000faux\ue001 jardin'
)


def test_payloads_in_posts_and_comments_are_inert_in_results(as_user, member, other_member,
                                                             wall, committed):
    post = post_on(wall, other_member, PAYLOADS, committed)
    with committed():
        services.comment_create(actor=member, post=post, body=PAYLOADS.replace("jardin", "sol"))
    for query in ("jardin", "alert", "script", "sol onmouseover", "faux"):
        page = as_user(member).get(URL, {"q": query}).content.decode()
        html = page.split('id="post-results"', 1)[1].split("</section>", 1)[0]
        found_excerpts = excerpts(html)
        assert found_excerpts, query
        for excerpt in found_excerpts:
            parser = _Tags()
            parser.feed(excerpt)
            assert {tag for tag, _attrs in parser.tags} <= {"mark", "span"}, (query, excerpt)
            assert all(not attrs for tag, attrs in parser.tags if tag == "mark"), excerpt
        text = html.replace("<mark>", "").replace("</mark>", "")
        assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in text, query  # as text
        assert "<img" not in html and 'href="javascript' not in html


# --- Cost -----------------------------------------------------------------------------------


# Session, user, the viewer's profile (the onboarding gate), the chat unread total and the
# unread notifications count in the header, the walls (sidebar and filter), the viewer's
# search keys (their private projects, search/access.py), the posts found.
MAX_QUERIES = 8


@pytest.mark.parametrize("params", [{"q": "rencontre"}, {"q": "rencontre", "tri": "recents"}])
def test_query_count_is_constant(as_user, member, wall, themed, django_assert_max_num_queries,
                                 params):
    client = as_user(member)
    client.get(URL)  # warm up: the session's first request records it

    def make(count: int) -> None:
        for index in range(count):
            post = PostFactory(wall=wall if index % 2 else themed,
                               body=f"Rencontre numéro {index}", author=MemberFactory())
            services.comment_create(actor=member, post=post, body="Rencontre utile")
        rebuild(POSTS_INDEX)

    make(3)
    with CaptureQueriesContext(connection) as small:
        assert len(client.get(URL, params).context["results"]) == 3
    make(25)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(URL, params)
    assert len(response.context["results"]) == 20
    with CaptureQueriesContext(connection) as large:
        client.get(URL, params, **HTMX)
    assert len(small.captured_queries) == MAX_QUERIES
    assert len(large.captured_queries) <= MAX_QUERIES
