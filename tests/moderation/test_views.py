"""The moderators' pages: the report queue and the audit log. Who gets in, what they show (and
do not show of private conversations), inert output, constant query counts."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chat import services as chat
from chat.models import Room
from moderation import services
from moderation.models import AuditEntry, Report
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "applicant", "member", "moderator", "admin")
LOGIN, STATUS, QUEUE = "login", "status", "queue"


@pytest.fixture
def public(moderator):
    return chat.room_create(actor=moderator, name="Tiers-lieux")


@pytest.fixture
def private(other_member):
    insider = MemberFactory(first_name="Ina", last_name="Dedans")
    return chat.room_create(actor=other_member, name="Groupe PTCE", kind=Room.Kind.PRIVATE,
                            members=[insider])


def _reported(room, author, reporter=None, body="Un message", reason="Propos déplacés"):
    message = chat.message_send(actor=author, room=room, body=body)
    reporter = reporter or MemberFactory()
    if room.kind != Room.Kind.PUBLIC:  # a private room's reporter is one of its members
        room.memberships.get_or_create(user=reporter)
    return message, chat.message_report(actor=reporter, message=message, reason=reason)


# --- Permission matrix ------------------------------------------------------------------------


def _user(request, role):
    return None if role == "anonymous" else request.getfixturevalue(
        {"admin": "admin_user"}.get(role, role)
    )


CASES = [
    # (url name, needs a report, method, data, expected per role)
    ("moderation:reports", False, "GET", None, (LOGIN, STATUS, 403, 200, 200)),
    ("moderation:reports", False, "POST", None, (LOGIN, STATUS, 405, 405, 405)),
    ("moderation:journal", False, "GET", None, (LOGIN, STATUS, 403, 200, 200)),
    ("moderation:journal", False, "POST", None, (LOGIN, STATUS, 405, 405, 405)),
    ("moderation:report_dismiss", True, "GET", None, (LOGIN, STATUS, 403, 200, 200)),
    ("moderation:report_dismiss", True, "POST", {"note": "Rien"},
     (LOGIN, STATUS, 403, QUEUE, QUEUE)),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "needs_report", "method", "data", "expected"), CASES,
                         ids=[f"{c[2]}-{c[0]}" for c in CASES])
def test_permission_matrix(request, as_user, other_member, public, role, name, needs_report,
                           method, data, expected):
    args = [_reported(public, other_member)[1].pk] if needs_report else []
    url = reverse(name, args=args)
    client = as_user(_user(request, role))
    response = client.post(url, data or {}) if method == "POST" else client.get(url)
    outcome = dict(zip(ROLES, expected, strict=True))[role]
    location = response.get("Location", "")
    if outcome == LOGIN:
        assert location.startswith(reverse("account_login") + "?next="), location
    elif outcome == STATUS:
        assert location == reverse("community:application_status")
    elif outcome == QUEUE:
        assert location == reverse("moderation:reports")
    else:
        assert response.status_code == outcome
    if needs_report and method == "POST":
        dismissed = Report.objects.get().status == Report.Status.DISMISSED
        assert dismissed == (outcome == QUEUE)


def test_matrix_covers_every_moderation_url():
    from moderation import urls
    from tests.moderation import test_decision_views

    cases = CASES + test_decision_views.CASES + test_decision_views.ITEM_CASES
    names = {f"moderation:{pattern.name}" for pattern in urls.urlpatterns}
    for name in names:
        assert {case[2] for case in cases if case[0] == name} == {"GET", "POST"}, name


# --- The queue ------------------------------------------------------------------------------


def test_queue_of_a_public_message(as_user, member, other_member, moderator, public):
    message, report = _reported(public, other_member, reporter=member, body="Achetez ici")
    page = as_user(moderator).get(reverse("moderation:reports")).content.decode()
    assert member.display_name in page and "Propos déplacés" in page and "Achetez ici" in page
    assert other_member.display_name in page and "Tiers-lieux" in page
    assert f"/chat/{public.pk}/?before={message.seq + 1}#m-{message.seq}" in page
    delete = reverse("chat:message_delete", args=[public.pk, message.pk])
    assert f'href="{delete}?next=/animation/signalements/"' in page
    assert reverse("moderation:report_dismiss", args=[report.pk]) in page
    # The author is a plain member: the moderator may suspend them.
    assert reverse("community:member_suspend", args=[other_member.pk]) in page


def test_queue_of_a_private_message_shows_only_the_excerpt(as_user, other_member, moderator,
                                                           private):
    message, report = _reported(private, other_member, body="Ce que j'ai vu")
    page = as_user(moderator).get(reverse("moderation:reports")).content.decode()
    assert "Ce que j&#x27;ai vu" in page or "Ce que j'ai vu" in page
    assert f"/chat/{private.pk}/" not in page  # no way into the room
    assert reverse("chat:message_delete", args=[private.pk, message.pk]) not in page
    assert reverse("moderation:report_dismiss", args=[report.pk]) in page
    # And the room stays closed to them.
    assert as_user(moderator).get(private.get_absolute_url()).status_code == 404


def test_no_suspension_link_for_a_moderator_author(as_user, moderator, admin_user, public):
    _reported(public, admin_user)
    page = as_user(moderator).get(reverse("moderation:reports")).content.decode()
    assert reverse("community:member_suspend", args=[admin_user.pk]) not in page
    assert reverse("community:member_detail", args=[admin_user.pk]) in page


def test_handled_reports_leave_the_queue(as_user, other_member, moderator, public):
    message, _report = _reported(public, other_member, body="Premier")
    _second, dismissed = _reported(public, other_member, body="Second")
    client = as_user(moderator)
    url = reverse("moderation:report_dismiss", args=[dismissed.pk])
    assert "Second" in client.get(url).content.decode()
    client.post(url, {"note": "Rien d'anormal"})
    chat.message_delete(actor=moderator, message=message, reason="Spam")
    page = client.get(reverse("moderation:reports")).content.decode()
    assert "Premier" not in page and "Second" not in page
    assert client.get(url).status_code == 404  # already handled
    journal = client.get(reverse("moderation:journal")).content.decode()
    assert "Rien d&#x27;anormal" in journal and "Spam" in journal


def test_a_message_deleted_by_its_author_stays_in_the_queue(as_user, other_member, moderator,
                                                            public):
    message, _report = _reported(public, other_member, body="Regretté")
    chat.message_delete(actor=other_member, message=message)
    page = as_user(moderator).get(reverse("moderation:reports")).content.decode()
    assert "Regretté" in page  # the excerpt was kept
    assert reverse("chat:message_delete", args=[public.pk, message.pk]) not in page


def test_queue_is_paginated_newest_first(as_user, other_member, moderator, public):
    for n in range(30):
        _reported(public, other_member, body=f"Numéro {n:02d}")
    client = as_user(moderator)
    first = client.get(reverse("moderation:reports")).content.decode()
    assert "Numéro 29" in first and "Numéro 04" not in first
    assert 'rel="next"' in first
    second = client.get(reverse("moderation:reports") + "?page=2").content.decode()
    assert "Numéro 04" in second and "Numéro 29" not in second


# --- Navigation -------------------------------------------------------------------------------


def test_header_badge_counts_applications_and_reports(as_user, applicant, other_member,
                                                      moderator, member, public):
    _reported(public, other_member)
    _reported(public, other_member)
    client = as_user(moderator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("community:home")).content.decode()
    badge = re.search(r'<span class="badge" data-moderation-count>(.*?)</span></span>', page, re.S)
    assert badge, page
    assert '<span aria-hidden="true">3</span>' in badge.group(1)
    assert "1 pending application" in badge.group(1) and "2 open reports" in badge.group(1)
    assert reverse("moderation:reports") in as_user(moderator).get(
        reverse("community:applications")).content.decode()
    assert "data-moderation-count" not in as_user(member).get(
        reverse("community:home")).content.decode()


# --- Inert output -----------------------------------------------------------------------------

PAYLOADS = ('<script>alert("xss")</script> <img src=x onerror=alert(2)> '
            '[clic](javascript:alert(3)) <a href="javascript:alert(4)">a</a>')


def test_xss_payloads_in_reports_and_the_log_render_inert(as_user, moderator, public):
    evil = MemberFactory(first_name='<img src=x onerror="alert(1)">', last_name="<script>x")
    message, _report = _reported(public, evil, reporter=MemberFactory(last_name="<b>gras</b>"),
                                body=PAYLOADS, reason=PAYLOADS)
    chat.message_delete(actor=moderator, message=message, reason=PAYLOADS)
    _other, open_report = _reported(public, evil, body=PAYLOADS, reason=PAYLOADS)
    client = as_user(moderator)
    for url in (reverse("moderation:reports"), reverse("moderation:journal"),
                reverse("moderation:report_dismiss", args=[open_report.pk])):
        html = client.get(url).content.decode()
        main = html.split('<main id="contenu"', 1)[1].split("</main>")[0]
        assert "<script" not in main, url
        assert "<img" not in main, url
        assert not re.search(r"<a\b[^>]*javascript:", main), url
        assert 'onerror="' not in main, url
        assert "<b>gras" not in main, url
        assert "&lt;script&gt;" in main, url  # shown as text


# --- Constant query counts --------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_queue_query_count_does_not_grow(as_user, moderator, other_member, public, private,
                                         django_assert_max_num_queries):
    client = as_user(moderator)
    url = reverse("moderation:reports")
    _reported(public, other_member)
    _reported(private, other_member)
    small = _count(client, url)
    for n in range(12):
        _reported(public, MemberFactory(), body=f"Public {n}")
        _reported(private, other_member, body=f"Privé {n}")
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200


def test_journal_query_count_does_not_grow(as_user, moderator, other_member, public,
                                           django_assert_max_num_queries):
    client = as_user(moderator)
    url = reverse("moderation:journal")
    message, _ = _reported(public, other_member)
    chat.message_delete(actor=moderator, message=message, reason="Un")
    small = _count(client, url)
    for n in range(30):
        actor = MemberFactory(role="moderator")
        services.record(actor=actor, action=AuditEntry.Action.REPORT_DISMISSED,
                        target=MemberFactory(), reason=f"Raison {n}")
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200
