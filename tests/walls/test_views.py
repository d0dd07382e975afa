"""Wall pages: what each role sees, the flows behind each button with and without JavaScript
(HTMX), bad input, sanitised output and constant query counts (DESIGN.md §3, §9)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from moderation.links import decision_url
from notifications.models import Notification
from tests.chat.inert import assert_inert
from tests.factories import CommentFactory, MemberFactory, PostFactory
from walls import selectors, services
from walls.models import MAX_BODY_LENGTH, Comment, Post, Reaction

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/mur/"}


@pytest.fixture
def wall():
    return selectors.group_wall()


@pytest.fixture
def themed(moderator):
    return services.wall_create(actor=moderator, name="Tiers-lieux",
                               description="Entre porteurs de lieux")


def feed_of(html: str) -> str:
    return html.split('id="wall-feed"', 1)[1].split("</section>\n", 1)[0]


# --- The wall page --------------------------------------------------------------------------


def test_navigation_has_the_wall_after_home(as_user, member):
    html = as_user(member).get(reverse("walls:group")).content.decode()
    nav = html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a href="([^"]+)"', nav)
    assert links[:2] == ["/", "/mur/"]
    assert '<a href="/mur/" aria-current="page">' in nav


def test_an_empty_wall_says_what_to_do(as_user, member, themed):
    html = as_user(member).get(themed.get_absolute_url()).content.decode()
    assert "Rien n'a encore été publié sur ce mur." in html
    assert 'id="composer"' in html and "Aide à la mise en forme (Markdown)" in html


def test_the_wall_shows_posts_with_authors_reactions_and_comments(
    as_user, member, other_member, moderator, wall
):
    post = services.post_create(actor=other_member, wall=wall, body="Bonjour **le réseau**")
    top = services.comment_create(actor=moderator, post=post, body="Bienvenue")
    services.comment_create(actor=member, post=post, body="Bienvenue aussi", parent_id=top.pk)
    services.reaction_toggle(actor=member, post=post, kind="thanks")
    services.reaction_toggle(actor=moderator, post=post, kind="thanks")

    html = as_user(member).get(reverse("walls:group")).content.decode()
    article = html.split(f'id="p-{post.pk}"', 1)[1].split("</article>\n", 2)
    article = "".join(article[:2])
    assert f'href="/membres/{other_member.pk}/">Odile Autre</a>' in article
    assert 'class="avatar avatar--40 avatar--initials"' in article
    assert "<strong>le réseau</strong>" in article
    assert re.search(r'value="thanks"[^>]*aria-pressed="true"', article)
    assert re.search(r'value="bravo"[^>]*aria-pressed="false"', article)
    assert ", 2 réactions</span>" in article
    assert 'class="wall-replies"' in article and "Bienvenue aussi" in article
    assert f'href="{reverse("walls:post_report", args=[post.pk])}"' in article
    assert reverse("walls:post_edit", args=[post.pk]) not in article
    assert reverse("walls:post_pin", args=[post.pk]) not in article  # moderators only
    own = html.split(f'id="c-{top.pk + 1}"', 1)[1].split("</article>", 1)[0]
    assert reverse("walls:comment_edit", args=[top.pk + 1]) in own


def test_moderators_see_pin_and_hide(as_user, member, moderator, wall):
    post = services.post_create(actor=member, wall=wall, body="Bonjour")
    client = as_user(moderator)
    assert "data-wall-moderate" in client.get(reverse("walls:group")).content.decode()
    html = client.get(f"{post.get_absolute_url()}?partie=moderation", **HTMX).content.decode()
    assert reverse("walls:post_pin", args=[post.pk]) in html
    assert f'{decision_url(post, "hide")}?next=/mur/' in html


def test_posting_without_javascript(as_user, member, wall):
    client = as_user(member)
    response = client.post(reverse("walls:post_create", args=[wall.slug]),
                           {"body": "Premier *billet*"})
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/mur/#p-{post.pk}"
    assert "<em>billet</em>" in client.get("/mur/").content.decode()


@pytest.mark.parametrize(("body", "error"), [
    ("", "Ce champ est obligatoire."),
    ("   ", "Le message est vide."),
    ("x" * (MAX_BODY_LENGTH + 1), "Un message ne peut pas dépasser 10000 caractères."),
])
def test_bad_posts_come_back_with_french_errors(as_user, member, wall, body, error):
    response = as_user(member).post(reverse("walls:post_create", args=[wall.slug]),
                                    {"body": body})
    html = response.content.decode()
    assert response.status_code == 200 and error in html
    assert 'aria-invalid="true"' in html and 'role="alert"' in html
    assert not Post.objects.exists()


def test_a_form_that_comes_back_keeps_the_page_as_next(as_user, member, other_member, wall):
    post = services.post_create(actor=other_member, wall=wall, body="Bonjour")
    page = as_user(member).post(reverse("walls:post_create", args=[wall.slug]),
                                {"body": ""}).content.decode()
    assert 'name="next" value="/mur/"' in page and "/publier/" not in page.split(
        'id="wall-feed"')[1]
    page = as_user(member).post(reverse("walls:comment_create", args=[post.pk]),
                                {"body": ""}).content.decode()
    assert f'name="next" value="{post.get_absolute_url()}"' in page


def test_pinned_first_and_see_more_with_and_without_htmx(as_user, member, moderator, wall):
    posts = [services.post_create(actor=member, wall=wall, body=f"Billet {n}")
             for n in range(selectors.PAGE_SIZE + 3)]
    services.post_pin(actor=moderator, post=posts[0])
    client = as_user(member)
    html = client.get("/mur/").content.decode()
    ids = [int(i) for i in re.findall(r'<article class="wall-post[^"]*" id="p-(\d+)"', html)]
    assert ids[0] == posts[0].pk and len(ids) == selectors.PAGE_SIZE + 1  # pinned, then a page
    assert ids[1:] == [p.pk for p in reversed(posts[3:])]
    cursor = posts[3].pk
    assert f'href="/mur/?avant={cursor}"' in html and f'hx-get="/mur/?avant={cursor}"' in html

    fragment = client.get(f"/mur/?avant={cursor}", **HTMX).content.decode()
    assert "<html" not in fragment and 'hx-swap-oob="true"' in fragment
    assert [int(i) for i in re.findall(r'id="p-(\d+)"', fragment)] == [
        p.pk for p in reversed(posts[1:3])]
    assert "Vous avez atteint le premier message de ce mur." in fragment

    plain = client.get(f"/mur/?avant={cursor}").content.decode()
    assert "<html" in plain and '<p class="wall-feed__back"><a href="/mur/">' in plain


def test_the_new_messages_bar_reloads_the_feed(as_user, member, wall):
    services.post_create(actor=member, wall=wall, body="Bonjour")
    client = as_user(member)
    page = client.get("/mur/").content.decode()
    assert 'role="status" data-wall-live-text' in page and "data-wall-live-load hidden" in page
    assert f'data-after-post="{Post.objects.get().pk}"' in page
    fragment = client.get("/mur/?partie=fil", **HTMX).content.decode()
    assert fragment.lstrip().startswith('<section id="wall-feed"') and "<html" not in fragment


def test_themed_walls_and_the_list(as_user, member, moderator, themed, wall):
    client = as_user(member)
    assert client.get(f"/mur/{wall.slug}/")["Location"] == "/mur/"
    html = client.get(themed.get_absolute_url()).content.decode()
    assert "<h1>Tiers-lieux</h1>" in html and 'aria-current="page">Tiers-lieux' in html
    assert client.get("/mur/inconnu/").status_code == 404
    listing = client.get(reverse("walls:index")).content.decode()
    assert "Mur du réseau" in listing and "Entre porteurs de lieux" in listing
    assert reverse("walls:wall_create") not in listing
    assert reverse("walls:wall_create") in as_user(moderator).get(
        reverse("walls:index")).content.decode()


def test_moderators_open_and_archive_walls(as_user, member, moderator):
    client = as_user(moderator)
    response = client.post(reverse("walls:wall_create"),
                           {"name": "Mobilisation des acteurs", "description": "Méthodes"})
    assert response["Location"] == "/mur/mobilisation-des-acteurs/"
    again = client.post(reverse("walls:wall_create"), {"name": "Mobilisation des acteurs"})
    assert again.status_code == 200 and 'role="alert"' in again.content.decode()
    assert as_user(member).post(reverse("walls:wall_create"), {"name": "X"}).status_code == 403

    archive = reverse("walls:wall_archive", args=["mobilisation-des-acteurs"])
    assert as_user(member).post(archive).status_code == 403
    assert client.post(archive)["Location"] == "/mur/mobilisation-des-acteurs/"
    html = as_user(member).get("/mur/mobilisation-des-acteurs/").content.decode()
    assert 'id="composer"' not in html and "Ce mur est archivé" in html
    assert as_user(moderator).post(reverse("walls:wall_archive", args=["reseau"])).status_code \
        == 403


# --- Reactions and comments, with and without HTMX ------------------------------------------


def test_reactions_toggle_with_htmx_and_without(as_user, member, other_member, wall):
    post = services.post_create(actor=other_member, wall=wall, body="Bonjour")
    client = as_user(member)
    url = reverse("walls:reaction_toggle", args=[post.pk])
    fragment = client.post(url, {"kind": "useful", "next": "/mur/"}, **HTMX).content.decode()
    assert fragment.lstrip().startswith(f'<div class="wall-reactions" id="p-{post.pk}-reactions"')
    assert re.search(r'value="useful"[^>]*aria-pressed="true"', fragment)
    assert 'name="next" value="/mur/"' in fragment  # the page, not the fragment's address
    response = client.post(url, {"kind": "useful", "next": "/mur/?avant=99"})
    assert response["Location"] == f"/mur/?avant=99#p-{post.pk}"
    assert not Reaction.objects.exists()
    assert client.post(url, {"kind": "useful", "next": "https://ailleurs.example/"})[
        "Location"] == f"{post.get_absolute_url()}#p-{post.pk}"
    assert client.post(url, {"kind": "colère"}).status_code == 400


def test_commenting_and_replying_with_htmx_and_without(as_user, member, other_member, wall):
    post = services.post_create(actor=other_member, wall=wall, body="Une question")
    client = as_user(member)
    url = reverse("walls:comment_create", args=[post.pk])
    response = client.post(url, {"body": "Une réponse", "next": "/mur/"})
    comment = Comment.objects.get()
    assert response["Location"] == f"/mur/#c-{comment.pk}"

    fragment = client.post(url, {"body": "Précision", "parent": comment.pk}, **HTMX)
    html = fragment.content.decode()
    assert html.lstrip().startswith(f'<div class="wall-comments" id="p-{post.pk}-comments"')
    assert "Précision" in html and 'class="wall-replies"' in html
    reply = Comment.objects.latest("pk")
    assert reply.parent == comment
    # "Reply" is a link to the post's page with that form open; HTMX swaps the form in place.
    page_url = post.get_absolute_url()
    assert f'href="{page_url}?repondre={reply.pk}#c-{reply.pk}-reply"' in html
    assert f'#c-{reply.pk}-reply" data-wall-reply>' in html  # static/js/walls.js
    assert 'name="parent"' not in html  # no reply form until asked for
    opened = client.get(f"{page_url}?partie=commentaires&repondre={reply.pk}",
                        **HTMX).content.decode()
    without_js = client.get(f"{page_url}?repondre={reply.pk}").content.decode()
    for page in (opened, without_js):
        assert f'<details class="wall-reply" id="c-{reply.pk}-reply-box" open>' in page
        assert f'name="parent" value="{reply.pk}"' in page
        assert page.count('name="parent"') == 1
        # Replying to a reply: the form names its author, the reply joins the same thread.
        assert (f'id="c-{reply.pk}-reply" rows="2" maxlength="10000" autofocus>@Marc Membre '
                "</textarea>") in page
    client.post(url, {"body": "Encore", "parent": reply.pk}, **HTMX)
    assert Comment.objects.latest("pk").parent == comment


def test_bad_comments_come_back_next_to_their_form(as_user, member, other_member, wall):
    post = services.post_create(actor=other_member, wall=wall, body="Une question")
    top = services.comment_create(actor=other_member, post=post, body="Un avis")
    client = as_user(member)
    url = reverse("walls:comment_create", args=[post.pk])

    page = client.post(url, {"body": "  "}).content.decode()  # no JavaScript: the post's page
    assert "<html" in page and "Le message est vide." in page
    assert f'id="p-{post.pk}-comment-error" role="alert"' in page

    fragment = client.post(url, {"body": "x" * (MAX_BODY_LENGTH + 1), "parent": top.pk},
                           **HTMX).content.decode()
    assert "Un message ne peut pas dépasser 10000 caractères." in fragment
    assert f'<details class="wall-reply" id="c-{top.pk}-reply-box" open>' in fragment
    assert f'id="c-{top.pk}-reply-error" role="alert"' in fragment
    assert Comment.objects.count() == 1


# --- Editing, deleting, reporting -----------------------------------------------------------


def test_editing_and_deleting_ones_own_post(as_user, member, wall):
    post = services.post_create(actor=member, wall=wall, body="Brouillon")
    client = as_user(member)
    edit = reverse("walls:post_edit", args=[post.pk])
    assert "Brouillon</textarea>" in client.get(edit).content.decode()
    assert "Le message est vide." in client.post(edit, {"body": " "}).content.decode()
    assert client.post(edit, {"body": "Version finale"})["Location"] == post.get_absolute_url()
    assert 'class="wall-post__edited"' in client.get("/mur/").content.decode()

    delete = reverse("walls:post_delete", args=[post.pk])
    assert "button--danger" in client.get(delete).content.decode()
    assert client.post(delete)["Location"] == "/mur/"
    assert f'id="p-{post.pk}"' not in client.get("/mur/").content.decode()
    assert client.get(post.get_absolute_url()).status_code == 404


def test_editing_and_deleting_ones_own_comment(as_user, member, other_member, wall):
    post = services.post_create(actor=other_member, wall=wall, body="Sujet")
    comment = services.comment_create(actor=member, post=post, body="Avis")
    client = as_user(member)
    edit = reverse("walls:comment_edit", args=[comment.pk])
    assert client.post(edit, {"body": "Avis nuancé"})["Location"] == comment.get_absolute_url()
    assert as_user(other_member).get(edit).status_code == 403
    assert as_user(other_member).post(reverse("walls:comment_delete",
                                              args=[comment.pk])).status_code == 403
    assert client.post(reverse("walls:comment_delete", args=[comment.pk]))[
        "Location"] == post.get_absolute_url()
    assert client.get(edit).status_code == 404


def test_reporting_a_post_and_a_comment(as_user, member, other_member, wall):
    from moderation.models import Report

    post = services.post_create(actor=other_member, wall=wall, body="Publicité **agressive**")
    comment = services.comment_create(actor=other_member, post=post, body="Achetez !")
    client = as_user(member)
    report = reverse("walls:post_report", args=[post.pk])
    assert "Ce champ est obligatoire." in client.post(report, {"reason": ""}).content.decode()
    assert client.post(report, {"reason": "Démarchage"})["Location"] == post.get_absolute_url()
    client.post(reverse("walls:comment_report", args=[comment.pk]), {"reason": "Idem"})
    reports = list(Report.objects.order_by("pk"))
    assert [(r.target, r.excerpt, r.target_author) for r in reports] == [
        (post, "Publicité **agressive**", other_member), (comment, "Achetez !", other_member),
    ]
    assert all("Mur du réseau" in r.context_label for r in reports)
    # One's own content is not reported.
    assert as_user(other_member).get(report).status_code == 403


# --- Output is inert ------------------------------------------------------------------------


def test_payloads_are_inert_on_pages_and_in_notifications(as_user, member, wall):
    evil = MemberFactory(first_name='<img src=x onerror="alert(1)">', last_name="<script>x")
    body = ('<script>alert("xss")</script> <img src=x onerror=alert(2)> '
            '[clic](javascript:alert(3)) <a href="jav&#x61;script:alert(4)">a</a> '
            '<svg><script>alert(5)</script></svg> @Marc Membre')
    post = services.post_create(actor=evil, wall=wall, body=body)
    services.comment_create(actor=evil, post=post, body=body)

    for url in ("/mur/", post.get_absolute_url(), reverse("walls:post_report", args=[post.pk])):
        html = as_user(member).get(url).content.decode()
        region = html.split("<main", 1)[1].split("</main>", 1)[0]
        for body_html in re.findall(r'class="[^"]*rich-text">(.*?)</div>', region, re.DOTALL):
            assert_inert(body_html)
        assert "<script" not in region and "<img" not in region and "<svg" not in region
        assert not re.search(r"<a\b[^>]*javascript:", region, re.IGNORECASE)
        assert not re.search(r"<[a-z][^>]*\son\w+=", region, re.IGNORECASE)
        assert "&lt;script&gt;" in region

    assert Notification.objects.filter(recipient=member).count() == 2
    page = as_user(member).get(reverse("notifications:index")).content.decode()
    listing = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<script" not in listing and "<img" not in listing
    assert "&lt;script&gt;" in listing


# --- Constant query counts ------------------------------------------------------------------


def _fill(wall, count: int, people: list) -> None:
    for n in range(count):
        post = PostFactory(wall=wall, author=people[n % len(people)])
        top = CommentFactory(post=post, author=people[(n + 1) % len(people)])
        CommentFactory(post=post, author=people[(n + 2) % len(people)], parent=top)
        CommentFactory(post=post, author=people[(n + 3) % len(people)])
        for person, kind in zip(people, ("approve", "useful", "thanks", "bravo"), strict=False):
            Reaction.objects.create(post=post, member=person, kind=kind)


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_the_wall_page_costs_the_same_with_5_or_50_posts(
    as_user, request, wall, role, django_assert_max_num_queries
):
    user = request.getfixturevalue(role)
    people = [MemberFactory() for _ in range(4)]
    client = as_user(user)
    _fill(wall, 5, people)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/mur/").status_code == 200
    _fill(wall, 45, [MemberFactory() for _ in range(4)])
    services.post_pin(actor=request.getfixturevalue("moderator"), post=Post.objects.first())
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/mur/")
    html = response.content.decode()
    assert html.count('<article class="wall-post') == selectors.PAGE_SIZE + 1  # and the pinned
    assert html.count('<article class="wall-comment"') == 3 * (selectors.PAGE_SIZE + 1)


def test_a_post_page_costs_the_same_with_5_or_50_comments(as_user, member, wall,
                                                          django_assert_max_num_queries):
    post = PostFactory(wall=wall)
    client = as_user(member)
    for _ in range(5):
        CommentFactory(post=post)
    with CaptureQueriesContext(connection) as small:
        assert client.get(post.get_absolute_url()).status_code == 200
    for _ in range(45):
        CommentFactory(post=post, parent=Comment.objects.first())
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(post.get_absolute_url()).content.decode()
    assert html.count('<article class="wall-comment"') == 50
