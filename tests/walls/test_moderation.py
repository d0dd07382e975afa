"""Moderating the walls through the one moderation mechanism (DESIGN.md §7): a member reports,
a moderator hides from the queue (the moderation app's decision page, moderation.services.
decide), members no longer see it, the log keeps a line, the author is told; restoring brings it
back."""

import pytest
from django.urls import reverse

from moderation.links import decision_url
from moderation.models import AuditEntry, ModerationStatus, Report
from moderation.registry import kind_for_model
from moderation.services import decide
from notifications.models import Notification
from walls import selectors, services
from walls.models import Comment, Post

pytestmark = pytest.mark.django_db

QUEUE = "/animation/signalements/"


@pytest.fixture
def wall():
    return selectors.group_wall()


def test_report_then_hide_from_the_queue_then_restore(as_user, member, other_member, moderator,
                                                      wall):
    post = services.post_create(actor=other_member, wall=wall, body="Achetez mes formations !")
    services.post_report(actor=member, post=post, reason="Démarchage commercial")

    moderator_client = as_user(moderator)
    queue = moderator_client.get(reverse("moderation:reports")).content.decode()
    hide_url = decision_url(post, "hide")
    assert "Achetez mes formations !" in queue
    assert f'href="{post.get_absolute_url()}"' in queue  # see it in context
    assert f'href="{hide_url}?next=' in queue

    assert moderator_client.get(f"{hide_url}?next={QUEUE}").status_code == 200
    # The reason is required: it goes to the log and to the author.
    assert moderator_client.post(hide_url, {"reason": ""}).status_code == 200
    response = moderator_client.post(hide_url, {"reason": "Démarchage, hors charte",
                                                "next": QUEUE})
    assert response["Location"] == QUEUE

    post.refresh_from_db()
    assert post.moderation_status == ModerationStatus.HIDDEN and post.decided_by == moderator
    entry = AuditEntry.objects.get(action=AuditEntry.Action.HIDDEN)
    assert entry.target == post and entry.reason == "Démarchage, hors charte"
    assert "Odile Autre" in entry.target_repr and "Mur du réseau" in entry.target_repr
    assert Report.objects.get().status == Report.Status.ACTIONED

    # Gone for members: off the wall, 404 on its page, no comment, no reaction, no report.
    member_client = as_user(member)
    assert f'id="p-{post.pk}"' not in member_client.get("/mur/").content.decode()
    for url, method in [(post.get_absolute_url(), "get"),
                        (reverse("walls:comment_create", args=[post.pk]), "post"),
                        (reverse("walls:reaction_toggle", args=[post.pk]), "post"),
                        (reverse("walls:post_report", args=[post.pk]), "get")]:
        assert getattr(member_client, method)(url, {"body": "?", "kind": "bravo"}).status_code \
            == 404, url
    # Moderators see it, marked, with Restore; its author sees it too, from the notification.
    page = moderator_client.get("/mur/").content.decode()
    assert 'class="wall-post wall-post--hidden"' in page
    restore_url = decision_url(post, "restore")
    controls = moderator_client.get(  # "Moderate…" brings them (test_moderation_on_demand.py)
        f"{post.get_absolute_url()}?partie=moderation", HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/mur/").content.decode()
    assert f'href="{restore_url}?next=/mur/"' in controls
    told = Notification.objects.get(recipient=other_member,
                                     kind=Notification.Kind.MODERATION_DECISION)
    assert told.url == post.get_absolute_url() and "Démarchage, hors charte" in told.text
    author_page = as_user(other_member).get(told.url).content.decode()
    assert "Démarchage, hors charte" in author_page  # why, on the post itself
    assert reverse("walls:post_edit", args=[post.pk]) not in author_page
    assert "Achetez mes formations !" not in moderator_client.get(QUEUE).content.decode()

    assert member_client.post(restore_url).status_code == 403  # moderators only
    assert moderator_client.post(restore_url, {"next": "/mur/"})["Location"] == "/mur/"
    assert Post.objects.get(pk=post.pk).is_published
    assert AuditEntry.objects.filter(action=AuditEntry.Action.RESTORED).count() == 1
    assert f'id="p-{post.pk}"' in member_client.get("/mur/").content.decode()


def test_members_see_no_moderation_links_and_cannot_pin(as_user, member, other_member, wall):
    post = services.post_create(actor=other_member, wall=wall, body="Bonjour")
    client = as_user(member)
    html = client.get("/mur/").content.decode()
    assert decision_url(post, "hide") not in html
    assert reverse("walls:post_pin", args=[post.pk]) not in html
    assert client.post(reverse("walls:post_pin", args=[post.pk])).status_code == 403
    assert client.post(decision_url(post, "hide"), {"reason": "Non"}).status_code == 403
    assert Post.objects.get().is_published and not Post.objects.get().is_pinned


def test_hiding_a_comment_leaves_a_tombstone_over_its_replies(as_user, member, other_member,
                                                              moderator, wall):
    post = services.post_create(actor=member, wall=wall, body="Sujet")
    rude = services.comment_create(actor=other_member, post=post, body="Propos blessants")
    services.comment_create(actor=member, post=post, body="Restons courtois", parent_id=rude.pk)
    lonely = services.comment_create(actor=other_member, post=post, body="Insulte")
    services.comment_report(actor=member, comment=rude, reason="Blessant")

    queue = as_user(moderator).get(reverse("moderation:reports")).content.decode()
    assert decision_url(rude, "hide") in queue
    for comment in (rude, lonely):
        as_user(moderator).post(decision_url(comment, "hide"), {"reason": "Hors charte"})
    assert Report.objects.get().status == Report.Status.ACTIONED
    assert AuditEntry.objects.filter(action=AuditEntry.Action.HIDDEN).count() == 2

    html = as_user(member).get(post.get_absolute_url()).content.decode()
    assert "Propos blessants" not in html and "Insulte" not in html
    assert "Restons courtois" in html
    assert 'class="wall-comment wall-comment--tombstone"' in html
    assert f'id="c-{lonely.pk}"' not in html
    assert as_user(member).get(reverse("walls:comment_report", args=[rude.pk])).status_code \
        == 404
    seen_by_moderator = as_user(moderator).get(post.get_absolute_url()).content.decode()
    assert "Propos blessants" in seen_by_moderator
    assert decision_url(rude, "restore") in seen_by_moderator


def test_a_hidden_item_leaves_the_notification_centre(member, other_member, moderator, wall):
    post = services.post_create(actor=other_member, wall=wall, body="Coucou @Marc Membre")
    comment = services.comment_create(actor=other_member, post=post, body="Encore @Marc Membre")
    assert Notification.objects.filter(recipient=member).count() == 2
    decide(actor=moderator, item=comment, decision="hide", reason="Spam")
    decide(actor=moderator, item=post, decision="hide", reason="Spam")
    assert not Notification.objects.filter(recipient=member).exists()


def test_the_queue_knows_hidden_and_deleted_items(as_user, member, other_member, moderator,
                                                  wall):
    post = services.post_create(actor=other_member, wall=wall, body="Bonjour")
    comment = services.comment_create(actor=other_member, post=post, body="Oui")
    post_kind, comment_kind = kind_for_model(Post), kind_for_model(Comment)
    actions = post_kind.actions(moderator, post)
    assert actions.view_url == post.get_absolute_url()
    assert actions.remove_url == decision_url(post, "hide")
    assert not post_kind.actions(member, post).remove_url
    decide(actor=moderator, item=comment, decision="hide", reason="Non")
    comment.refresh_from_db()
    assert comment_kind.actions(moderator, comment).removed
    # Deleted by its author: gone for the queue too (its reports say it no longer exists).
    services.post_delete(actor=other_member, post=post)
    assert not post_kind.queryset().filter(pk=post.pk).exists()
    assert not comment_kind.queryset().exists()
    assert as_user(moderator).get(decision_url(post, "hide")).status_code == 404
