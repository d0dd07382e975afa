"""The walls' search (DESIGN.md §6): the posts index follows every write through the outbox
(search/sync.py), holds only what every reader of the wall sees, and /mur/recherche/ shows the
matches, highlighted and escaped, to members only, at a constant number of queries.

Tasks run at once in tests and the embedded engine writes to a temporary directory
(tests/conftest.py): ``committed`` runs the on-commit callbacks, as a real request would."""

import re

import pytest
from django.core.management import CommandError, call_command

from moderation.models import ModerationStatus
from moderation.services import decide
from search.backends import get_backend
from search.backends.base import SearchUnavailable
from search.indexing import rebuild
from search.models import PendingUpdate
from search.query import search_index
from tests.factories import ApplicantFactory, MemberFactory, PostFactory
from tests.walls.search_helpers import URL, found, post_on
from walls import services
from walls.models import Post
from walls.search_indexes import POSTS_INDEX, indexable_posts, post_document

pytestmark = pytest.mark.django_db


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
