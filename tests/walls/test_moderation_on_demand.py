"""A moderator's controls on the wall come on demand (issue 20: a moderator's wall was 67.7 kB).

On the wall, each post a moderator may act on carries one "Moderate…" link instead of a "Pin"
form and "Hide…" links on the post and on every comment. Without JavaScript the link leads to
the post's page, where every control is; with HTMX (static/js/walls.js) it fetches them
(``?partie=moderation``, walls/_moderation.html) in place, each going back to the wall.
"""

import pytest
from django.urls import reverse

from moderation.links import decision_url
from moderation.services import decide
from tests.factories import CommentFactory, MemberFactory, PostFactory
from walls import services
from walls.models import Post

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/mur/"}


@pytest.fixture
def thread(wall, other_member):
    post = PostFactory(wall=wall, author=other_member, body="Bonjour", html="<p>Bonjour</p>")
    comment = CommentFactory(post=post, author=MemberFactory(), body="Premier")
    reply = CommentFactory(post=post, author=MemberFactory(), body="Réponse", parent=comment)
    return post, comment, reply


def controls(client, post: Post, **headers):
    return client.get(f"{post.get_absolute_url()}?partie=moderation", **headers)


def test_the_wall_carries_one_link_per_post_and_no_control(as_user, moderator, thread):
    post, comment, reply = thread
    html = as_user(moderator).get("/mur/").content.decode()
    assert html.count("data-wall-moderate") == 1
    assert f'<a href="{post.get_absolute_url()}" data-wall-moderate>Modérer…<span> ' in html
    for item in (post, comment, reply):
        assert decision_url(item, "hide") not in html
    assert reverse("walls:post_pin", args=[post.pk]) not in html
    # Without JavaScript, the link's page has every control.
    page = as_user(moderator).get(post.get_absolute_url()).content.decode()
    assert reverse("walls:post_pin", args=[post.pk]) in page
    for item in (post, comment, reply):
        assert decision_url(item, "hide") in page
    # ?partie=moderation without HTMX is the page as well.
    assert "<html" in controls(as_user(moderator), post).content.decode()


def test_the_controls_come_with_htmx_named_as_before_and_back_to_the_wall(as_user, moderator,
                                                                          thread):
    post, comment, reply = thread
    response = controls(as_user(moderator), post, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and f'id="p-{post.pk}-moderation"' in html
    assert 'aria-label="Animation"' in html
    assert f'action="{reverse("walls:post_pin", args=[post.pk])}"' in html
    assert 'name="csrfmiddlewaretoken"' in html and 'name="next" value="/mur/"' in html
    assert "Épingler<span> le message écrit par " in html
    for item in (post, comment, reply):
        assert f'href="{decision_url(item, "hide")}?next=/mur/"' in html
    assert html.count("Masquer…<span> le commentaire d") == 2  # de X, d'Y


def test_pinned_and_hidden_show_unpin_and_restore(as_user, moderator, member, thread):
    post, comment, _reply = thread
    services.post_pin(actor=moderator, post=post)
    decide(actor=moderator, item=comment, decision="hide", reason="Hors charte")
    client = as_user(moderator)
    html = controls(client, post, **HTMX).content.decode()
    assert reverse("walls:post_unpin", args=[post.pk]) in html
    assert reverse("walls:post_pin", args=[post.pk]) not in html
    assert f'href="{decision_url(comment, "restore")}?next=/mur/"' in html
    # The wall's kept post follows: still one link, and no comment's control on the wall.
    wall = client.get("/mur/").content.decode()
    assert wall.count("data-wall-moderate") == 1
    assert decision_url(comment, "restore") not in wall


def test_pin_from_the_fetched_form_goes_back_to_the_wall(as_user, moderator, thread):
    post, _comment, _reply = thread
    client = as_user(moderator)
    assert 'name="next" value="/mur/"' in controls(client, post, **HTMX).content.decode()
    response = client.post(reverse("walls:post_pin", args=[post.pk]), {"next": "/mur/"})
    assert response["Location"] == f"/mur/#p-{post.pk}"
    assert Post.objects.get(pk=post.pk).is_pinned


def test_members_get_no_link_and_no_controls(as_user, member, other_member, thread):
    post, _comment, _reply = thread
    for reader in (member, other_member):  # a member, and the post's author
        client = as_user(reader)
        assert "data-wall-moderate" not in client.get("/mur/").content.decode()
        assert controls(client, post, **HTMX).status_code == 403


def test_a_post_the_reader_may_not_see_is_a_404(as_user, moderator, member, thread):
    post, _comment, _reply = thread
    decide(actor=moderator, item=post, decision="hide", reason="Spam")
    assert controls(as_user(member), post, **HTMX).status_code == 404
    html = controls(as_user(moderator), post, **HTMX).content.decode()
    assert f'href="{decision_url(post, "restore")}?next=/mur/"' in html
