"""The walls' services: who may do what, text rules, one level of replies, reactions, pins,
notifications (once, never to oneself) and what deleting takes away."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from notifications.models import Notification
from tests.chat.inert import assert_inert
from tests.factories import MemberFactory
from walls import selectors, services
from walls.models import MAX_BODY_LENGTH, Comment, Post, Reaction, Wall

pytestmark = pytest.mark.django_db


@pytest.fixture
def wall():
    return selectors.group_wall()


def notifications_of(user) -> list[tuple[str, str]]:
    return list(Notification.objects.filter(recipient=user).order_by("pk")
                .values_list("kind", "url"))


# --- Walls -----------------------------------------------------------------------------------


def test_the_network_wall_exists_exactly_once(wall):
    assert wall.name == "Mur du réseau" and wall.is_group and not wall.is_archived
    assert wall.get_absolute_url() == "/mur/"
    assert Wall.objects.filter(kind=Wall.Kind.GROUP).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Wall.objects.create(kind=Wall.Kind.GROUP, name="Un autre", slug="un-autre")


def test_moderators_open_and_archive_themed_walls(member, moderator, wall):
    with pytest.raises(PermissionDenied):
        services.wall_create(actor=member, name="Tiers-lieux")
    themed = services.wall_create(actor=moderator, name="  Tiers-lieux ",
                                  description="Entre porteurs de lieux")
    assert (themed.kind, themed.name, themed.slug) == (Wall.Kind.THEMED, "Tiers-lieux",
                                                       "tiers-lieux")
    assert themed.get_absolute_url() == "/mur/tiers-lieux/"
    with pytest.raises(ValidationError):
        services.wall_create(actor=moderator, name="tiers-LIEUX")
    with pytest.raises(ValidationError):
        services.wall_create(actor=moderator, name="   ")
    # Addresses of the app's own pages are never taken by a wall.
    assert services.wall_create(actor=moderator, name="Billet").slug == "billet-2"
    assert services.wall_create(actor=moderator, name="Évaluation").slug == "evaluation"

    with pytest.raises(PermissionDenied):
        services.wall_archive(actor=member, wall=themed)
    with pytest.raises(PermissionDenied):
        services.wall_archive(actor=moderator, wall=wall)  # the network's wall stays open
    themed = services.wall_archive(actor=moderator, wall=themed)
    assert themed.is_archived
    with pytest.raises(PermissionDenied):
        services.post_create(actor=member, wall=themed, body="Trop tard")


# --- Posts -----------------------------------------------------------------------------------


def test_a_post_is_rendered_and_published(member, wall):
    post = services.post_create(actor=member, wall=wall, body="**Bonjour** le réseau\r\n!")
    assert post.is_published and post.author == member and post.wall == wall
    assert post.body == "**Bonjour** le réseau\n!"
    assert post.html == "<p><strong>Bonjour</strong> le réseau<br>\n!</p>"


@pytest.mark.parametrize(("body", "message"), [
    ("", "Le message est vide."),
    ("  \n\t ", "Le message est vide."),
    ("x" * (MAX_BODY_LENGTH + 1), "Un message ne peut pas dépasser 10000 caractères."),
])
def test_empty_and_over_long_bodies_are_refused_in_french(member, wall, body, message):
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        services.post_create(actor=member, wall=wall, body=body)
    assert error.value.messages == [message]
    assert not Post.objects.exists()


def test_the_longest_body_is_accepted(member, wall):
    assert len(services.post_create(actor=member, wall=wall, body="é" * MAX_BODY_LENGTH).body) \
        == MAX_BODY_LENGTH


def test_applicants_and_suspended_members_cannot_post(applicant, wall):
    suspended = MemberFactory(status="suspended", is_active=False)
    for person in (applicant, suspended):
        with pytest.raises(PermissionDenied):
            services.post_create(actor=person, wall=wall, body="Bonjour")


def test_only_the_author_edits_and_deletes(member, other_member, moderator, wall):
    post = services.post_create(actor=member, wall=wall, body="Premier jet")
    for someone in (other_member, moderator):
        with pytest.raises(PermissionDenied):
            services.post_edit(actor=someone, post=post, body="Réécrit")
        with pytest.raises(PermissionDenied):
            services.post_delete(actor=someone, post=post)
    post = services.post_edit(actor=member, post=post, body="Version *finale*")
    assert post.edited_at is not None and post.html == "<p>Version <em>finale</em></p>"

    post = services.post_delete(actor=member, post=post)
    assert post.is_deleted and post.body == "" and post.html == ""
    assert not selectors.visible_posts(member).filter(pk=post.pk).exists()
    assert not selectors.visible_posts(moderator).filter(pk=post.pk).exists()
    assert services.post_delete(actor=member, post=post).deleted_at == post.deleted_at
    with pytest.raises(PermissionDenied):
        services.post_edit(actor=member, post=post, body="Revenu")


def test_moderators_pin_and_unpin(member, moderator, wall):
    post = services.post_create(actor=member, wall=wall, body="À lire")
    with pytest.raises(PermissionDenied):
        services.post_pin(actor=member, post=post)
    post = services.post_pin(actor=moderator, post=post)
    assert post.is_pinned and post.pinned_by == moderator
    with pytest.raises(PermissionDenied):
        services.post_unpin(actor=member, post=post)
    assert not services.post_unpin(actor=moderator, post=post).is_pinned


def test_pinned_posts_come_first_then_newest_first_by_pages(member, moderator, wall):
    posts = [services.post_create(actor=member, wall=wall, body=f"Billet {n}") for n in range(5)]
    services.post_pin(actor=moderator, post=posts[1])
    feed = selectors.wall_feed(member, wall, limit=2)
    assert [p.pk for p in feed.pinned] == [posts[1].pk]
    assert [p.pk for p in feed.posts] == [posts[4].pk, posts[3].pk]
    following = selectors.wall_feed(member, wall, before=feed.next_before, limit=2)
    assert following.pinned == [] and [p.pk for p in following.posts] == [posts[2].pk,
                                                                         posts[0].pk]
    assert following.next_before is None


# --- Comments and reactions ------------------------------------------------------------------


def test_replies_have_one_level(member, other_member, moderator, wall):
    post = services.post_create(actor=member, wall=wall, body="Qui a un retour ?")
    top = services.comment_create(actor=other_member, post=post, body="Moi")
    reply = services.comment_create(actor=moderator, post=post, body="Moi aussi",
                                    parent_id=top.pk)
    deeper = services.comment_create(actor=member, post=post, body="Merci à vous deux",
                                     parent_id=reply.pk)
    assert reply.parent == top and deeper.parent == top

    elsewhere = services.post_create(actor=member, wall=wall, body="Autre sujet")
    with pytest.raises(ValidationError):
        services.comment_create(actor=member, post=elsewhere, body="Perdu", parent_id=top.pk)
    with pytest.raises(ValidationError):
        services.comment_create(actor=member, post=post, body="?", parent_id=987654)

    selectors.post_page(member, post)
    assert [c.pk for c in post.threads] == [top.pk]
    assert [c.pk for c in post.threads[0].visible_replies] == [reply.pk, deeper.pk]
    assert post.comment_count == 3


def test_a_deleted_comment_with_replies_stays_as_a_tombstone(member, other_member, wall):
    post = services.post_create(actor=member, wall=wall, body="Sujet")
    top = services.comment_create(actor=other_member, post=post, body="Je retire")
    services.comment_create(actor=member, post=post, body="Réponse", parent_id=top.pk)
    lonely = services.comment_create(actor=other_member, post=post, body="Seul")
    with pytest.raises(PermissionDenied):
        services.comment_delete(actor=member, comment=top)
    services.comment_delete(actor=other_member, comment=top)
    services.comment_delete(actor=other_member, comment=lonely)
    selectors.post_page(member, post)
    assert [c.pk for c in post.threads] == [top.pk]
    assert not post.threads[0].visible and len(post.threads[0].visible_replies) == 1
    assert post.comment_count == 1
    assert Comment.objects.get(pk=top.pk).body == ""


def test_comment_edit_is_for_its_author(member, other_member, wall):
    post = services.post_create(actor=member, wall=wall, body="Sujet")
    comment = services.comment_create(actor=other_member, post=post, body="Avis")
    with pytest.raises(PermissionDenied):
        services.comment_edit(actor=member, comment=comment, body="Changé")
    comment = services.comment_edit(actor=other_member, comment=comment, body="Avis **précis**")
    assert comment.edited_at and comment.html == "<p>Avis <strong>précis</strong></p>"


def test_reactions_toggle_one_per_kind_and_member(member, other_member, wall):
    post = services.post_create(actor=member, wall=wall, body="Sujet")
    assert services.reaction_toggle(actor=other_member, post=post, kind="useful") is True
    assert services.reaction_toggle(actor=member, post=post, kind="useful") is True
    assert services.reaction_toggle(actor=other_member, post=post, kind="thanks") is True
    assert services.reaction_toggle(actor=other_member, post=post, kind="useful") is False
    assert Reaction.objects.filter(post=post).count() == 2
    with pytest.raises(ValidationError):
        services.reaction_toggle(actor=member, post=post, kind="angry")

    selectors.attach_reactions([post], other_member)
    summary = {r.kind: (r.count, r.mine) for r in post.reaction_list}
    assert summary == {"approve": (0, False), "useful": (1, False), "thanks": (1, True),
                       "bravo": (0, False)}
    assert [r.emoji for r in post.reaction_list] == ["👍", "💡", "🙏", "🎉"]


def test_no_comment_or_reaction_on_a_deleted_or_hidden_post(member, other_member, moderator,
                                                            wall):
    from moderation.services import decide

    hidden = services.post_create(actor=member, wall=wall, body="À masquer")
    decide(actor=moderator, item=hidden, decision="hide", reason="Hors charte")
    deleted = services.post_create(actor=member, wall=wall, body="À supprimer")
    services.post_delete(actor=member, post=deleted)
    for post in (hidden, deleted):
        for person in (other_member, member, moderator):
            with pytest.raises(PermissionDenied):
                services.comment_create(actor=person, post=post, body="Alors ?")
            with pytest.raises(PermissionDenied):
                services.reaction_toggle(actor=person, post=post, kind="bravo")
    assert not Comment.objects.exists() and not Reaction.objects.exists()


# --- Output is inert -------------------------------------------------------------------------

PAYLOADS = [
    '<script>alert("xss")</script>',
    "<img src=x onerror=alert(1)>",
    "[clic](javascript:alert(1))",
    '<a href="jav&#x61;script:alert(2)">lien</a>',
    "[x](jav&#x61;script:alert(3))",
    '<svg><script>alert(4)</script></svg>',
    "<svg onload=alert(5)>",
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    "[x](&#106;avascript:alert(6))",
    '<iframe src="https://exemple.fr"></iframe>',
    "![img](javascript:alert(7))",
    '[ok](https://exemple.fr "title" onmouseover=alert(8))',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_render_inert(member, wall, payload):
    post = services.post_create(actor=member, wall=wall, body=f"Avant {payload} après")
    comment = services.comment_create(actor=member, post=post, body=payload)
    for html in (post.html, comment.html):
        assert_inert(html)
        assert not re.search(r"<[^>]*(javascript|data):", html, re.IGNORECASE), html
        assert "<script" not in html.lower() and "<svg" not in html.lower(), html


# --- Notifications ---------------------------------------------------------------------------


def test_mentions_notify_once_and_never_oneself(member, other_member, moderator, wall):
    post = services.post_create(actor=member, wall=wall,
                                body="Merci @Odile Autre ! (et moi, @Marc Membre)")
    assert f'class="mention" data-mention="{other_member.pk}"' in post.html
    assert notifications_of(other_member) == [("mention", post.get_absolute_url())]
    assert notifications_of(member) == []

    services.post_edit(actor=member, post=post, body="Merci @Odile Autre et @Claire Animatrice")
    services.post_edit(actor=member, post=post, body="Merci @odile autre, @claire animatrice.")
    assert len(notifications_of(other_member)) == 1
    assert notifications_of(moderator) == [("mention", post.get_absolute_url())]


def test_comments_and_replies_notify_each_person_once(member, other_member, moderator, wall):
    post = services.post_create(actor=member, wall=wall, body="Une question")
    first = services.comment_create(actor=other_member, post=post, body="Avis de @Marc Membre ?")
    assert notifications_of(member) == [("mention", first.get_absolute_url())]  # not twice

    reply = services.comment_create(actor=moderator, post=post, body="D'accord",
                                    parent_id=first.pk)
    assert notifications_of(other_member) == [("reply", reply.get_absolute_url())]
    assert notifications_of(member)[-1] == ("comment", reply.get_absolute_url())

    # The post's author answering in a thread: the thread's people hear of it, not the author.
    answer = services.comment_create(actor=member, post=post, body="Merci", parent_id=reply.pk)
    assert notifications_of(moderator) == [("reply", answer.get_absolute_url())]
    assert notifications_of(other_member)[-1] == ("reply", answer.get_absolute_url())
    assert len(notifications_of(member)) == 2

    # An edit that names the post's author again tells nobody anything new.
    services.comment_edit(actor=other_member, comment=first, body="Avis de @Marc Membre ?!")
    assert len(notifications_of(member)) == 2
    text = Notification.objects.filter(recipient=other_member).order_by("pk").first().text
    assert text == "Claire Animatrice — D'accord"


def test_deleting_withdraws_the_notifications(member, other_member, wall):
    post = services.post_create(actor=member, wall=wall, body="Bonjour @Odile Autre")
    comment = services.comment_create(actor=other_member, post=post, body="Bonjour !")
    assert Notification.objects.count() == 2
    services.comment_delete(actor=other_member, comment=comment)
    assert notifications_of(member) == []
    services.post_delete(actor=member, post=post)
    assert not Notification.objects.exists()


def test_deleting_a_post_withdraws_its_comments_notifications_at_once(
    member, other_member, wall, django_assert_max_num_queries
):
    post = services.post_create(actor=member, wall=wall, body="Des idées ?")
    for n in range(8):
        services.comment_create(actor=other_member, post=post, body=f"Idée {n} @Marc Membre")
    assert len(notifications_of(member)) == 8
    with django_assert_max_num_queries(11):  # whatever the number of comments (+ attachments)
        services.post_delete(actor=member, post=post)
    assert notifications_of(member) == []
