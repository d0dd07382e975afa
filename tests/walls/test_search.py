"""The walls' search (DESIGN.md §6): the posts index follows every write through the outbox
(search/sync.py), holds only what every reader of the wall sees, and /mur/recherche/ shows the
matches, highlighted and escaped, to members only, at a constant number of queries.

Tasks run at once in tests and the embedded engine writes to a temporary directory
(tests/conftest.py): ``committed`` runs the on-commit callbacks, as a real request would."""

import re
from html.parser import HTMLParser

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from moderation.models import ModerationStatus
from moderation.services import decide
from search.backends import get_backend
from search.backends.base import HIGHLIGHT_END, HIGHLIGHT_START, SearchUnavailable
from search.indexing import rebuild
from search.models import PendingUpdate
from search.query import search_index
from search.templatetags.search_tags import crop
from tests.factories import ApplicantFactory, MemberFactory, PostFactory
from walls import selectors, services
from walls.models import Post
from walls.search_indexes import POSTS_INDEX, indexable_posts, post_document

pytestmark = pytest.mark.django_db

URL = "/mur/recherche/"
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/mur/recherche/"}


@pytest.fixture
def wall():
    return selectors.group_wall()


@pytest.fixture
def themed(moderator):
    return services.wall_create(actor=moderator, name="Tiers-lieux")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs what the services schedule on commit (the index flush)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def found(user, query: str, **filters) -> list[int]:
    results = search_index(POSTS_INDEX, user=user, query=query, filters=filters or None)
    return [int(hit.id) for hit in results.hits]


def post_on(wall, author, body: str, committed) -> Post:
    with committed():
        return services.post_create(actor=author, wall=wall, body=body)


# --- The index follows every write, after commit ---------------------------------------------


def test_a_new_post_is_searchable_once_committed_and_not_before(
    member, other_member, wall, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post = services.post_create(actor=other_member, wall=wall, body="Atelier compostage")
    assert callbacks, "the flush waits for the commit"
    assert PendingUpdate.objects.filter(index=POSTS_INDEX, object_id=str(post.pk)).exists()
    assert found(member, "compostage") == []
    for callback in callbacks:
        callback()
    assert found(member, "compostage") == [post.pk]
    assert not PendingUpdate.objects.exists()


def test_editing_and_deleting_a_post_follow(member, other_member, wall, committed):
    post = post_on(wall, other_member, "Réunion sur la **mobilité** rurale", committed)
    assert found(member, "mobilité") == [post.pk]
    with committed():
        services.post_edit(actor=other_member, post=post, body="Réunion sur le covoiturage")
    assert found(member, "mobilité") == []
    assert found(member, "covoiturage") == [post.pk]
    with committed():
        services.post_delete(actor=other_member, post=post)
    assert found(member, "covoiturage") == []
    assert found(member, "réunion") == []


def test_comments_are_indexed_with_their_post(member, other_member, moderator, wall, committed):
    post = post_on(wall, other_member, "Qui connaît un tiers-lieu en Bretagne ?", committed)
    with committed():
        comment = services.comment_create(actor=member, post=post, body="La Ressourcerie !")
    assert found(moderator, "ressourcerie") == [post.pk]
    with committed():
        services.comment_edit(actor=member, comment=comment, body="La Recyclerie de Lannion")
    assert found(moderator, "ressourcerie") == []
    assert found(moderator, "recyclerie") == [post.pk]
    with committed():
        services.comment_delete(actor=member, comment=comment)
    assert found(moderator, "recyclerie") == []
    assert found(moderator, "bretagne") == [post.pk]  # the post itself stays


def test_hiding_removes_and_restoring_brings_back(member, other_member, moderator, wall,
                                                  committed):
    post = post_on(wall, other_member, "Formation payante, inscrivez-vous", committed)
    with committed():
        decide(actor=moderator, item=post, decision="hide", reason="Démarchage")
    # Nobody finds a hidden post, its author and the moderators neither: it is not indexed.
    for user in (member, other_member, moderator):
        assert found(user, "formation") == []
    with committed():
        decide(actor=moderator, item=post, decision="restore")
    assert found(member, "formation") == [post.pk]


def test_a_hidden_comment_leaves_the_index_and_comes_back(member, other_member, moderator,
                                                          wall, committed):
    post = post_on(wall, other_member, "Bilan de la journée", committed)
    with committed():
        comment = services.comment_create(actor=member, post=post, body="Propos injurieux")
        decide(actor=moderator, item=comment, decision="hide", reason="Injure")
    assert found(member, "injurieux") == []
    assert found(member, "bilan") == [post.pk]
    with committed():
        decide(actor=moderator, item=comment, decision="restore")
    assert found(member, "injurieux") == [post.pk]


def test_an_archived_wall_stays_searchable(as_user, member, other_member, moderator, themed,
                                           committed):
    post = post_on(themed, other_member, "Charte des tiers-lieux ruraux", committed)
    with committed():
        services.wall_archive(actor=moderator, wall=themed)
    assert found(member, "charte") == [post.pk]
    html = as_user(member).get(URL, {"q": "charte"}).content.decode()
    assert f'data-post="{post.pk}"' in html


def test_an_update_made_while_the_engine_is_down_is_not_lost(member, other_member, wall,
                                                            committed, monkeypatch):
    post = post_on(wall, other_member, "Assemblée générale", committed)

    def unavailable(*args, **kwargs):
        raise SearchUnavailable("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(get_backend(), "index", unavailable)
        with committed():
            services.comment_create(actor=member, post=post, body="Procuration envoyée")
    assert PendingUpdate.objects.filter(index=POSTS_INDEX, object_id=str(post.pk)).exists()
    assert found(member, "procuration") == []
    call_command("search_sync", "--now")
    assert found(member, "procuration") == [post.pk]


def test_only_published_undeleted_posts_belong_in_the_index(member, other_member, wall):
    kept = PostFactory(wall=wall, body="Visible")
    pending = PostFactory(wall=wall, moderation_status=ModerationStatus.PENDING)
    rejected = PostFactory(wall=wall, moderation_status=ModerationStatus.REJECTED)
    hidden = PostFactory(wall=wall, moderation_status=ModerationStatus.HIDDEN)
    deleted = PostFactory(wall=wall)
    Post.objects.filter(pk=deleted.pk).update(deleted_at=kept.created_at)
    assert list(indexable_posts().values_list("pk", flat=True)) == [kept.pk]
    assert rebuild(POSTS_INDEX) == 1
    assert get_backend().count(POSTS_INDEX) == 1
    for post in (pending, rejected, hidden, deleted):
        assert str(post.pk) not in {hit.id for hit in
                                    search_index(POSTS_INDEX, user=member, query="").hits}


def test_the_document_holds_the_text_as_read_and_the_access_attribute(
    member, other_member, moderator, wall, committed
):
    post = post_on(wall, other_member, f"Merci @{member.display_name} pour le **bilan**\n\n"
                                        "- un\n- deux", committed)
    with committed():
        services.comment_create(actor=member, post=post, body="Avec _plaisir_")
        services.comment_create(actor=moderator, post=post, body="Retiré")
        gone = services.comment_create(actor=moderator, post=post, body="Supprimé")
        services.comment_delete(actor=moderator, comment=gone)
        decide(actor=moderator, item=post.comments.get(body="Retiré"), decision="hide",
               reason="Test")
    document = post_document(indexable_posts().get(pk=post.pk))
    assert document["body"] == "Merci @Marc Membre pour le bilan un deux"  # as shown
    assert document["comments"] == ["Avec plaisir"]
    assert document["author"] == "Odile Autre" and document["author_id"] == other_member.pk
    assert document["wall"] == wall.name and document["wall_id"] == wall.pk
    assert document["created_at"] == int(post.created_at.timestamp())
    assert document["audience"] == ["members"]


def test_only_members_find_anything(member, other_member, wall, committed):
    post = post_on(wall, other_member, "Appel à projets solidaires", committed)
    applicant = ApplicantFactory()
    suspended = MemberFactory(status="suspended", is_active=False)
    assert found(member, "appel") == [post.pk]
    for outsider in (applicant, suspended, None):
        assert found(outsider, "appel") == []
        assert found(outsider, "") == []


def test_reindex_and_check_commands_know_the_posts_index(other_member, wall, capsys):
    PostFactory.create_batch(3, wall=wall)  # made without the services: not indexed
    with pytest.raises(CommandError, match="posts"):
        call_command("search_check")
    call_command("search_reindex", "posts")
    assert "posts: 3 documents indexed" in capsys.readouterr().out
    call_command("search_reindex")  # every index, again: idempotent
    call_command("search_check")
    out = capsys.readouterr().out
    assert re.search(r"posts\s+database\s+3\s+index\s+3\s+pending\s+0\s+ok", out), out


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
