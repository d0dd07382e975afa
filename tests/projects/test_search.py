"""Projects in the search index: kept in step by the services and moderation, and found only
by who may see them (the audience key of a private project is held by its members only);
the posts of a private project's wall too."""

import pytest
from django.urls import reverse

from moderation.services import decide
from projects import services
from projects.search_indexes import PROJECTS_INDEX
from search.backends import get_backend
from search.indexing import rebuild
from search.query import search_index
from tests.projects.conftest import make_project
from walls import services as wall_services
from walls.search_indexes import POSTS_INDEX

pytestmark = pytest.mark.django_db


def found(user, query: str, index: str = PROJECTS_INDEX) -> set[int]:
    return {int(hit.id) for hit in search_index(index, user=user, query=query, limit=50).hits}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs what the services schedule on commit (the index flush)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_creation_and_changes_reach_the_index(committed, owner, member):
    with committed():
        project = services.project_create(actor=owner, title="Covoiturage rural",
                                          summary="Des trajets partagés", tags=["mobilité"])
    assert found(member, "covoiturage") == {project.pk}
    assert found(member, "mobilite") == {project.pk}  # tags, accents folded
    with committed():
        services.project_update(actor=owner, project=project, title="Autopartage rural",
                                summary="Des voitures partagées", status="ongoing",
                                visibility="members")
    assert found(member, "covoiturage") == set()
    assert found(member, "autopartage") == {project.pk}


def test_private_projects_are_found_by_their_members_only(committed, owner, contributor,
                                                          member, moderator, admin_user):
    with committed():
        secret = make_project(owner, contributors=[contributor], title="Friche confidentielle",
                              visibility="private")
        public = make_project(owner, title="Friche ouverte")
    assert found(owner, "friche") == {secret.pk, public.pk}
    assert found(contributor, "friche") == {secret.pk, public.pk}
    for outsider in (member, moderator, admin_user):
        assert found(outsider, "friche") == {public.pk}
    # Joining gives the key; leaving takes it back, without reindexing anything.
    with committed():
        services.membership_invite(actor=owner, project=secret, member=member)
        services.invitation_accept(actor=member, project=secret)
    assert found(member, "friche") == {secret.pk, public.pk}
    services.membership_leave(actor=member, project=secret)
    assert found(member, "friche") == {public.pk}
    # Made visible to all, it is found by all.
    with committed():
        services.project_update(actor=owner, project=secret, title=secret.title,
                                summary=secret.summary, status="idea", visibility="members")
    assert found(moderator, "friche") == {secret.pk, public.pk}


def test_hidden_projects_leave_the_index(committed, owner, member, moderator, project):
    rebuild(PROJECTS_INDEX)
    assert found(member, "nourricier") == {project.pk}
    with committed():
        decide(actor=moderator, item=project, decision="hide", reason="Publicité")
    assert found(member, "nourricier") == set() and found(moderator, "nourricier") == set()
    with committed():
        decide(actor=moderator, item=project, decision="restore", reason="")
    assert found(member, "nourricier") == {project.pk}


def test_the_list_searches_words_with_access(committed, as_user, owner, contributor, member):
    with committed():
        secret = make_project(owner, contributors=[contributor], title="Potager secret",
                              visibility="private")
        make_project(owner, title="Potager partagé")
    html = as_user(member).get(reverse("projects:list"), {"q": "potager"}).content.decode()
    assert "Potager partagé" in html and "Potager secret" not in html
    html = as_user(contributor).get(reverse("projects:list"), {"q": "potager"}).content.decode()
    assert "Potager partagé" in html and "Potager secret" in html
    assert secret.pk


def test_the_list_falls_back_to_the_database(as_user, owner, member, monkeypatch):
    from search.backends.base import SearchUnavailable

    make_project(owner, title="Recyclerie", visibility="members")
    make_project(owner, title="Recyclerie privée", visibility="private")

    def down(*args, **kwargs):
        raise SearchUnavailable("down")

    monkeypatch.setattr(get_backend(), "search", down)
    html = as_user(member).get(reverse("projects:list"), {"q": "recyclerie"}).content.decode()
    assert "Recyclerie" in html and "Recyclerie privée" not in html


def test_posts_of_a_private_project_are_found_by_its_members_only(committed, owner,
                                                                  contributor, member,
                                                                  moderator):
    with committed():
        secret = make_project(owner, contributors=[contributor], visibility="private")
        post = wall_services.post_create(actor=contributor, wall=secret.wall,
                                         body="Le foncier de la friche")
    assert found(contributor, "foncier", POSTS_INDEX) == {post.pk}
    assert found(member, "foncier", POSTS_INDEX) == set()
    assert found(moderator, "foncier", POSTS_INDEX) == set()
    html = as_user_get(member, reverse("walls:search"), {"q": "foncier"})
    assert "Le foncier de la friche" not in html
    # Opened to the network, its posts are reindexed with it.
    with committed():
        services.project_update(actor=owner, project=secret, title=secret.title,
                                summary=secret.summary, status="idea", visibility="members")
    assert found(member, "foncier", POSTS_INDEX) == {post.pk}


def as_user_get(user, url, params) -> str:
    from tests.conftest import client_for

    return client_for(user).get(url, params).content.decode()
