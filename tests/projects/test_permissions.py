"""projects/permissions.py and projects.selectors.visible_projects: who sees and does what,
for each kind of person, on an open, a private, a hidden and an archived project."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from moderation.services import decide
from projects import permissions, selectors, services
from projects.models import Project
from search.access import MEMBERS, audience_key, audience_keys

pytestmark = pytest.mark.django_db

ROLES = ["applicant", "member", "contributor", "owner", "moderator", "admin_user"]


@pytest.fixture
def people(applicant, member, contributor, owner, moderator, admin_user):
    return {"applicant": applicant, "member": member, "contributor": contributor,
            "owner": owner, "moderator": moderator, "admin_user": admin_user}


# Who sees each kind of project (can_view_project, visible_projects, get_project_for_user).
SEES = {
    "open": {"member", "contributor", "owner", "moderator", "admin_user"},
    # Moderators never read private conversations they are not part of (DESIGN.md §7).
    "private": {"contributor", "owner"},
    # Hidden: moderators, and its owners (read only), so that they understand the decision.
    "hidden": {"owner", "moderator", "admin_user"},
}


@pytest.fixture
def projects(project, private_project, moderator):
    hidden = services.project_create(actor=project.created_by, title="Projet masqué",
                                     summary="Hors charte.")
    services.membership_invite(actor=project.created_by, project=hidden,
                               member=project.memberships.get(role="contributor").member)
    services.invitation_accept(actor=project.memberships.get(role="contributor").member,
                               project=hidden)
    decide(actor=moderator, item=hidden, decision="hide", reason="Hors charte")
    return {"open": project, "private": private_project,
            "hidden": Project.objects.get(pk=hidden.pk)}


@pytest.mark.parametrize("kind", ["open", "private", "hidden"])
@pytest.mark.parametrize("role", ROLES)
def test_who_sees_what(people, projects, kind, role):
    user, project = people[role], projects[kind]
    expected = role in SEES[kind]
    assert permissions.can_view_project(user, Project.objects.get(pk=project.pk)) is expected
    assert selectors.visible_projects(user).filter(pk=project.pk).exists() is expected
    if expected:
        assert permissions.get_project_for_user(user, project.pk) == project
    else:
        with pytest.raises(Http404):
            permissions.get_project_for_user(user, project.pk)


def test_anonymous_sees_nothing(projects):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not selectors.visible_projects(anonymous).exists()
    for project in projects.values():
        assert not permissions.can_view_project(anonymous, project)
        assert not permissions.is_project_member(anonymous, project)


@pytest.mark.parametrize("role", ROLES)
def test_who_contributes_and_runs_it(people, project, role):
    user = people[role]
    assert permissions.is_project_member(user, project) is (role in {"contributor", "owner"})
    assert permissions.is_project_owner(user, project) is (role == "owner")
    assert permissions.can_contribute_to_project(user, project) is (
        role in {"contributor", "owner"})
    assert permissions.can_edit_project(user, project) is (role == "owner")
    assert permissions.can_archive_project(user, project) is (
        role in {"owner", "moderator", "admin_user"})
    assert permissions.can_request_to_join(user, project) is (
        role in {"member", "moderator", "admin_user"})


def test_write_access_is_a_403_for_readers(member, contributor, project):
    assert permissions.get_project_for_user(contributor, project.pk, write=True) == project
    with pytest.raises(PermissionDenied):
        permissions.get_project_for_user(member, project.pk, write=True)


def test_an_archived_project_is_read_only(owner, contributor, member, project):
    services.project_archive(actor=owner, project=project)
    project = Project.objects.get(pk=project.pk)
    assert permissions.can_view_project(member, project)
    assert not permissions.can_contribute_to_project(contributor, project)
    assert not permissions.can_edit_project(owner, project)
    assert permissions.can_unarchive_project(owner, project)
    with pytest.raises(PermissionDenied):
        permissions.get_project_for_user(contributor, project.pk, write=True)


def test_bad_ids_are_404(member):
    for pk in ("abc", None, 999999):
        with pytest.raises(Http404):
            permissions.get_project_for_user(member, pk)


def test_search_keys_follow_private_memberships(member, contributor, owner, moderator,
                                                private_project, project):
    key = audience_key("project", private_project.pk)
    assert audience_keys(contributor) == [MEMBERS, key]
    assert audience_keys(owner) == [MEMBERS, key]
    assert audience_keys(member) == [MEMBERS]
    assert audience_keys(moderator) == [MEMBERS]  # not part of it: no key
    services.membership_leave(actor=contributor, project=private_project)
    assert audience_keys(contributor) == [MEMBERS]


def test_membership_questions_cost_one_query(django_assert_num_queries, contributor, project):
    project = Project.objects.get(pk=project.pk)
    with django_assert_num_queries(1):
        for _ in range(3):
            assert permissions.can_view_project(contributor, project)
            assert permissions.can_contribute_to_project(contributor, project)
            assert not permissions.can_edit_project(contributor, project)
