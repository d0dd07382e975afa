"""``seed_demo`` fills the walls through their services: the network's wall and two themed
walls with a French history of posts, comments, replies and reactions, a pinned post, a hidden
one; and nothing more on a second run."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from community.models import User
from demo.management.commands.seed_demo import DOMAIN
from moderation.models import AuditEntry
from notifications.models import Notification
from search.backends import get_backend
from search.query import search_index
from walls import selectors
from walls.models import Comment, Post, Reaction, Wall

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def _counts() -> tuple:
    return (Wall.objects.count(), Post.objects.count(), Comment.objects.count(),
            Reaction.objects.count(), Notification.objects.count(), AuditEntry.objects.count())


def test_seed_fills_the_walls_once():
    output = _seed()
    assert "Murs : 3 murs remplis" in output

    network_walls = Wall.objects.exclude(kind=Wall.Kind.PROJECT)  # projects' walls: projects
    assert set(network_walls.values_list("name", flat=True)) == {
        "Mur du réseau", "Tiers-lieux", "Mobilisation des acteurs"}
    for wall in network_walls:
        posts = list(Post.objects.filter(wall=wall).order_by("pk"))
        assert len(posts) >= 4, wall
        dates = [post.created_at for post in posts]
        assert dates == sorted(dates) and dates[-1] < timezone.now(), wall
        for post in posts:
            comments = list(post.comments.order_by("pk"))
            assert [c.created_at for c in comments] == sorted(c.created_at for c in comments)
            assert all(c.created_at > post.created_at for c in comments)
            assert all(c.parent is None or c.parent.parent is None for c in comments)

    group = selectors.group_wall()
    welcome = Post.objects.get(wall=group, pinned_at__isnull=False)
    assert welcome.author.email == f"animatrice@{DOMAIN}"
    assert "<strong>mur du réseau</strong>" in welcome.html
    assert Comment.objects.filter(parent__isnull=False).count() >= 5
    assert Reaction.objects.filter(post=welcome).count() == 24
    assert Post.objects.filter(edited_at__isnull=False).count() == 1
    hidden = Post.objects.get(moderation_status="hidden")
    assert AuditEntry.objects.filter(action=AuditEntry.Action.HIDDEN,
                                     object_id=hidden.pk).exists()
    # Mentions are real mentions, and the demo member was told of what concerns her.
    demo = User.objects.get(email=f"membre@{DOMAIN}")
    assert Comment.objects.filter(html__contains='class="mention"').exists()
    assert Notification.objects.filter(recipient=demo, url__startswith="/mur/").exists()
    # The demo member sees the wall without the hidden post.
    feed = selectors.wall_feed(demo, group)
    assert hidden.pk not in [p.pk for p in [*feed.pinned, *feed.posts]]
    # The posts index is rebuilt with the dates the walls show, without the hidden post.
    assert "Index de recherche des murs : " in output
    assert get_backend().count("posts") == Post.objects.filter(
        moderation_status="published", deleted_at__isnull=True).count()
    hits = search_index("posts", user=demo, query="", sort=["created_at:desc"], limit=100).hits
    assert hidden.pk not in [int(hit.id) for hit in hits]
    newest = Post.objects.filter(moderation_status="published").order_by("-created_at").first()
    assert hits[0].document["created_at"] == int(newest.created_at.timestamp())

    counts = _counts()
    assert "Murs : 0 murs remplis, 0 billets" in _seed()
    assert _counts() == counts
