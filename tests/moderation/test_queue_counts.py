"""The queue's counts and its cost (issue 20): the header's badge counts every kind in one
query, shared with the queue's page in the same request; a page of the queue costs the same
queries however many private projects its posts, comments and projects come from."""

import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from moderation import registry, selectors, services
from moderation.models import Report
from projects import services as projects
from tests.factories import CommentFactory, MemberFactory, PostFactory

pytestmark = pytest.mark.django_db

QUEUE_URL = reverse("moderation:reports")


def _private_project(owner, n: int):
    return projects.project_create(actor=owner, title=f"Projet privé {n}", summary="Chut.",
                                   visibility="private")


def _report(target, reporter, author):
    return services.report_create(actor=reporter, target=target, reason="Propos déplacés",
                                  excerpt=getattr(target, "body", str(target)),
                                  target_author=author)


def _fill(owner, reporter, n: int) -> None:
    """Project ``n``: a reported post, a reported comment, a pending post and a reported
    project, all private, the moderator not a member."""
    project = _private_project(owner, n)
    post = PostFactory(wall=project.wall, author=owner, body=f"Billet {n}")
    _report(post, reporter, owner)
    comment = CommentFactory(post=post, author=owner, body=f"Commentaire {n}")
    _report(comment, reporter, owner)
    PostFactory(wall=project.wall, author=owner, body=f"En attente {n}",
                moderation_status="pending")
    _report(project, reporter, owner)


def _count(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE_URL)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def test_queue_costs_the_same_whatever_the_number_of_private_projects(
        as_user, moderator, member, other_member):
    client = as_user(moderator)
    _fill(member, other_member, 0)
    small, _page = _count(client)
    for n in range(1, 6):
        _fill(MemberFactory(), other_member, n)
    large, page = _count(client)
    assert large == small, "a query per project (its membership of the moderator)?"
    # The moderator does not belong to these private projects: snapshots, no link into them.
    assert "Billet 5" in page and "En attente 5" in page
    assert not re.search(r'href="/projets/[^"]*"[^>]*>[^<]*See it in context', page)


def test_a_member_of_the_project_gets_the_link_into_it(as_user, moderator, member,
                                                       other_member):
    project = _private_project(moderator, 1)
    post = PostFactory(wall=project.wall, author=moderator, body="Billet interne")
    _report(post, other_member, moderator)
    page = as_user(moderator).get(QUEUE_URL).content.decode()
    assert post.get_absolute_url() in page


def test_counts_are_one_query_and_right_per_kind(moderator, member, other_member,
                                                 django_assert_num_queries):
    PostFactory(author=member, moderation_status="pending")
    PostFactory(author=member, moderation_status="pending")
    CommentFactory(author=member, moderation_status="pending")
    PostFactory(author=member, moderation_status="pending", deleted_at="2026-01-01T00:00Z")
    _report(PostFactory(author=member), other_member, member)
    dismissed = _report(PostFactory(author=member), other_member, member)
    Report.objects.filter(pk=dismissed.pk).update(status=Report.Status.DISMISSED)
    with django_assert_num_queries(1):
        counts = selectors.queue_counts()
    assert counts.open_reports == Report.objects.filter(status=Report.Status.OPEN).count() == 1
    expected = {kind.label: kind.pending_items().count() for kind in registry.status_kinds()}
    assert counts.pending_by_kind == expected
    assert expected["walls.post"] == 2 and expected["walls.comment"] == 1
    assert counts.pending == sum(expected.values())


def test_counted_once_per_request_and_never_kept_across_requests(as_user, moderator, member,
                                                                 other_member):
    request = RequestFactory().get("/")
    first = selectors.queue_counts(request)
    assert selectors.queue_counts(request) is first
    pending = PostFactory(author=member, moderation_status="pending")
    assert selectors.queue_counts(RequestFactory().get("/")).pending == first.pending + 1
    client = as_user(moderator)
    assert _waiting_heading(client) == f"({first.pending + 1})"
    services.decide(actor=moderator, item=pending, decision="approve")
    assert _waiting_heading(client) == (f"({first.pending})" if first.pending else "")


def _waiting_heading(client) -> str:
    """What follows the words of the "Waiting for a decision" heading: its count."""
    page = client.get(QUEUE_URL).content.decode()
    return re.search(r"<h2 id=\"waiting-heading\">[^<(]*([^<]*)</h2>", page).group(1).strip()
