"""The global search's permission matrix (issue 12): who finds what, in the header box's list
(/recherche/suggestions/) and on the results page (/recherche/). A thing a member may not read
is never a hit and never counted."""

import re

import pytest

from projects.models import ProjectMembership
from search.everywhere import search_everywhere
from tests.factories import MemberFactory
from tests.search.global_data import WORD, build

pytestmark = pytest.mark.django_db

PAGE = "/recherche/"
SUGGESTIONS = "/recherche/suggestions/"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def world(member, moderator, committed):
    return build(member=member, moderator=moderator, committed=committed)


EVERY_MEMBER = {"membres": 1, "questions": 1, "murs": 2, "actualites": 1, "projets": 1,
                "documents": 1}


def counts(user) -> dict[str, int]:
    """The kinds of this module (other apps' kinds, chat messages say, have their own tests)."""
    return {group.key: group.total for group in search_everywhere(user, WORD, per_section=20)
            if group.key in EVERY_MEMBER}


def titles(user) -> set[str]:
    return {re.sub("[\ue000\ue001]", "", hit.title) for group in
            search_everywhere(user, WORD, per_section=20) for hit in group.hits}


def test_a_member_finds_what_every_member_reads_and_nothing_else(world, member, other_member):
    assert counts(other_member) == EVERY_MEMBER
    found = titles(other_member)
    assert "Coopérative de quinoa" in found and "Guide des cultures" in found
    assert "La filière quinoa s'organise" in found
    assert not {"Quinoa confidentiel", "Convention quinoa", "Quinoa masqué", "Quinoa proposé",
                "Quinoa de demain"} & found


def test_the_private_projects_members_also_find_its_project_post_and_document(world):
    assert counts(world.project_member) == {**EVERY_MEMBER, "murs": 3, "projets": 2,
                                            "documents": 2}
    assert {"Quinoa confidentiel", "Convention quinoa"} <= titles(world.project_member)


def test_moderators_and_admins_find_no_more_than_members(world, moderator, admin_user):
    # Moderators never read private spaces they are not part of; hidden things are in no index.
    assert counts(moderator) == EVERY_MEMBER
    assert counts(admin_user) == EVERY_MEMBER


def test_an_applicant_finds_nothing_and_the_pages_send_them_away(world, applicant, as_user):
    assert all(group.total == 0 for group in search_everywhere(applicant, WORD, per_section=5))
    for url in (PAGE, SUGGESTIONS):
        response = as_user(applicant).get(url, {"q": WORD})
        assert response.status_code == 302
        assert "quinoa" not in response.content.decode().lower()


def test_anonymous_people_are_sent_to_the_login_page(world, as_user):
    for url in (PAGE, SUGGESTIONS):
        response = as_user(None).get(url, {"q": WORD})
        assert response.status_code == 302
        assert response["Location"].startswith("/comptes/login/")


def test_the_suggestions_show_the_counts_and_only_readable_hits(world, other_member, as_user):
    response = as_user(other_member).get(SUGGESTIONS, {"q": WORD})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('role="option"') >= 7
    assert "confidentiel" not in html and "Convention" not in html and "masqué" not in html
    assert '<mark>quinoa</mark>' in html.lower()
    assert 'data-status="7 résultats' in html


def test_the_results_page_shows_every_kind_and_a_kind_filter(world, other_member, as_user):
    html = as_user(other_member).get(PAGE, {"q": WORD}).content.decode()
    for key in EVERY_MEMBER:
        assert f'data-group="{key}"' in html
    assert "confidentiel" not in html and "Convention quinoa" not in html
    only = as_user(other_member).get(PAGE, {"q": WORD, "type": "projets"}).content.decode()
    assert 'data-group="projets"' in only and 'data-group="membres"' not in only
    assert "Coopérative de" in only
    documents = as_user(other_member).get(PAGE, {"q": WORD, "type": "documents"}
                                          ).content.decode()
    assert "Cultiver le <mark>quinoa</mark>" in documents  # the words in the file's text


def test_a_suspended_member_is_logged_out(world, as_user):
    suspended = MemberFactory()
    client = as_user(suspended)
    suspended.status = "suspended"
    suspended.save()
    response = client.get(PAGE, {"q": WORD})
    assert response.status_code == 302 and "quinoa" not in response.content.decode()


def test_joining_a_private_project_shows_it_at_the_next_search(world, other_member):
    # The person's project keys are read once per search (search.access.one_audience), never
    # kept from one search to the next.
    assert counts(other_member)["projets"] == 1
    ProjectMembership.objects.create(project=world.private_project, member=other_member,
                                     state=ProjectMembership.State.MEMBER)
    assert counts(other_member)["projets"] == 2
    assert "Convention quinoa" in titles(other_member)


def test_the_walls_page_without_the_engine_never_counts_a_private_projects_post(
        world, other_member, as_user, monkeypatch):
    from search.backends import get_backend
    from search.backends.base import SearchUnavailable

    def unavailable(*args, **kwargs):
        raise SearchUnavailable("connection refused")

    monkeypatch.setattr(get_backend(), "search", unavailable)
    outsider = as_user(other_member).get("/mur/recherche/", {"q": WORD})
    assert outsider.context["search"].total == 2  # a post and a question; not the project's
    assert "confidentiel" not in outsider.content.decode()
    insider = as_user(world.project_member).get("/mur/recherche/", {"q": WORD})
    assert insider.context["search"].total == 3
