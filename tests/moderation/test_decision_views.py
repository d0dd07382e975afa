"""The decision pages and the queue's "waiting for a decision" section: who gets in, what they
show, what a POST does, the header badge and constant query counts. Tests about things with a
moderation status run for every registered kind (tests/moderation/conftest.py)."""

import html
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chat import services as chat
from moderation import services
from moderation.models import AuditEntry, ModerationStatus, Report
from tests.factories import MemberFactory
from tests.moderation.test_views import LOGIN, PAYLOADS, ROLES, STATUS, _reported, _user
from tests.moderation.test_warnings import assert_inert

pytestmark = pytest.mark.django_db

QUEUE = "queue"
QUEUE_URL = "/animation/signalements/"


@pytest.fixture
def room(moderator):
    return chat.room_create(actor=moderator, name="Tiers-lieux")


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _check(response, outcome) -> None:
    location = response.get("Location", "")
    if outcome == LOGIN:
        assert location.startswith(reverse("account_login") + "?next="), location
    elif outcome == STATUS:
        assert location == reverse("community:application_status")
    elif outcome == QUEUE:
        assert location == reverse("moderation:reports"), (response.status_code, location)
    else:
        assert response.status_code == outcome, (response.status_code, location)


def _send(client, method, url, data):
    return client.post(url, data or {}) if method == "POST" else client.get(url)


# --- Permission matrix: pages whatever the kinds registered ---------------------------------

CASES = [
    # (url name, args, method, data, expected per role); "report": the pk of a fresh report
    ("moderation:decide", ["chat.message", 1, "approve"], "GET", None,
     (LOGIN, STATUS, 403, 404, 404)),  # a kind without a status
    ("moderation:decide", ["nowhere.thing", 1, "approve"], "POST", None,
     (LOGIN, STATUS, 403, 404, 404)),
    ("moderation:item_warn", ["chat.message", 1], "GET", None, (LOGIN, STATUS, 403, 404, 404)),
    ("moderation:item_warn", ["nowhere.thing", 1], "POST", {"message": "Attention"},
     (LOGIN, STATUS, 403, 404, 404)),
    ("moderation:report_warn", ["report"], "GET", None, (LOGIN, STATUS, 403, 200, 200)),
    ("moderation:report_warn", ["report"], "POST", {"message": "Attention",
                                                    "settle_reports": "on"},
     (LOGIN, STATUS, 403, QUEUE, QUEUE)),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args", "method", "data", "expected"), CASES,
                         ids=[f"{c[2]}-{c[0]}-{c[1][0]}" for c in CASES])
def test_permission_matrix(request, as_user, other_member, room, role, name, args, method,
                           data, expected):
    report = _reported(room, other_member)[1] if "report" in args else None
    url = reverse(name, args=[report.pk if arg == "report" else arg for arg in args])
    outcome = dict(zip(ROLES, expected, strict=True))[role]
    _check(_send(as_user(_user(request, role)), method, url, data), outcome)
    warned = AuditEntry.objects.filter(action=AuditEntry.Action.AUTHOR_WARNED).exists()
    assert warned == (outcome == QUEUE)
    if report is not None and method == "POST":
        report.refresh_from_db()
        assert (report.status == Report.Status.ACTIONED) == (outcome == QUEUE)


# --- Permission matrix: on an item of each kind with a status -------------------------------

ITEM_CASES = [
    # (url name, decision, method, data, status after a moderator's request)
    ("moderation:decide", "approve", "GET", None, (LOGIN, STATUS, 403, 200, 200)),
    ("moderation:decide", "approve", "POST", None, (LOGIN, STATUS, 403, QUEUE, QUEUE)),
    ("moderation:decide", "reject", "GET", None, (LOGIN, STATUS, 403, 200, 200)),
    ("moderation:decide", "reject", "POST", {"reason": "Hors sujet"},
     (LOGIN, STATUS, 403, QUEUE, QUEUE)),
    ("moderation:decide", "delete", "GET", None, (LOGIN, STATUS, 403, 404, 404)),
    ("moderation:decide", "delete", "POST", None, (LOGIN, STATUS, 403, 404, 404)),
    ("moderation:item_warn", None, "GET", None, (LOGIN, STATUS, 403, 200, 200)),
    ("moderation:item_warn", None, "POST", {"message": "Attention"},
     (LOGIN, STATUS, 403, QUEUE, QUEUE)),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "decision", "method", "data", "expected"), ITEM_CASES,
                         ids=[f"{c[2]}-{c[0]}-{c[1]}" for c in ITEM_CASES])
def test_item_permission_matrix(request, as_user, status_kind, make_item, role, name, decision,
                                method, data, expected):
    item = make_item("pending")
    args = [status_kind.label, item.pk] + ([decision] if decision else [])
    outcome = dict(zip(ROLES, expected, strict=True))[role]
    _check(_send(as_user(_user(request, role)), method, reverse(name, args=args), data), outcome)
    item.refresh_from_db()
    decided = item.moderation_status != ModerationStatus.PENDING
    warned = AuditEntry.objects.filter(action=AuditEntry.Action.AUTHOR_WARNED).exists()
    assert (decided or warned) == (outcome == QUEUE)


def test_unknown_items_are_not_found(as_user, status_kind, make_item, moderator):
    item = make_item("pending")
    client = as_user(moderator)
    for args in ([status_kind.label, item.pk + 1000, "approve"],
                 [status_kind.label.upper(), item.pk, "approve"]):
        assert client.get(reverse("moderation:decide", args=args)).status_code == 404
    assert client.get(reverse("moderation:item_warn", args=[status_kind.label, item.pk + 1000])
                      ).status_code == 404


# --- The queue and the decisions ------------------------------------------------------------


def test_the_queue_shows_what_waits(as_user, status_kind, make_item, moderator):
    waiting, published = make_item("pending"), make_item("published")
    page = _english(as_user(moderator)).get(QUEUE_URL).content.decode()
    assert "Moderation queue" in page and "Waiting for a decision (1)" in page
    assert html.escape(status_kind.name_of(waiting)) in page
    assert html.escape(status_kind.name_of(published)) not in page
    author = status_kind.author(waiting)
    assert html.escape(author.display_name) in page
    approve = reverse("moderation:decide", args=[status_kind.label, waiting.pk, "approve"])
    assert f'action="{approve}"' in page
    reject = reverse("moderation:decide", args=[status_kind.label, waiting.pk, "reject"])
    assert f'href="{reject}?next=/animation/signalements/"' in page
    warn = reverse("moderation:item_warn", args=[status_kind.label, waiting.pk])
    assert f'href="{warn}?next=/animation/signalements/"' in page


def test_the_queue_when_nothing_waits(as_user, moderator):
    page = _english(as_user(moderator)).get(QUEUE_URL).content.decode()
    assert "Nothing is waiting for a decision." in page and "No open report." in page


def test_approve_from_the_queue(as_user, status_kind, make_item, moderator):
    item = make_item("pending")
    client = _english(as_user(moderator))
    url = reverse("moderation:decide", args=[status_kind.label, item.pk, "approve"])
    assert 'name="reason"' not in client.get(url).content.decode()
    response = client.post(url, {"next": QUEUE_URL + "?page=1"}, follow=True)
    assert response.redirect_chain == [(QUEUE_URL + "?page=1", 302)]
    assert "is published." in response.content.decode()
    item.refresh_from_db()
    assert (item.moderation_status, item.decided_by) == (ModerationStatus.PUBLISHED, moderator)


def test_reject_needs_a_reason(as_user, status_kind, make_item, moderator):
    item = make_item("pending")
    client = as_user(moderator)  # French
    url = reverse("moderation:decide", args=[status_kind.label, item.pk, "reject"])
    assert 'name="reason"' in client.get(url).content.decode()
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    item.refresh_from_db()
    assert item.moderation_status == ModerationStatus.PENDING
    assert not AuditEntry.objects.exists()
    response = client.post(url, {"reason": "Hors sujet", "next": "https://ailleurs.example/"})
    assert response["Location"] == QUEUE_URL  # not somewhere else
    item.refresh_from_db()
    assert (item.moderation_status, item.decision_reason) == (ModerationStatus.REJECTED,
                                                              "Hors sujet")


def test_a_decision_taken_meanwhile(as_user, status_kind, make_item, moderator, admin_user):
    item = make_item("pending")
    url = reverse("moderation:decide", args=[status_kind.label, item.pk, "approve"])
    client = _english(as_user(moderator))
    assert "Approve and publish" in client.get(url).content.decode()
    services.decide(actor=admin_user, item=item, decision="reject", reason="Doublon")
    page = client.get(url).content.decode()
    assert "This decision is no longer possible" in page and "Approve and publish" not in page
    assert "Doublon" in page and admin_user.display_name in page
    response = client.post(url)
    assert response.status_code == 200
    assert "This decision is no longer possible" in response.content.decode()
    item.refresh_from_db()
    assert (item.moderation_status, item.decided_by) == (ModerationStatus.REJECTED, admin_user)
    assert AuditEntry.objects.count() == 1


def test_a_reported_item_can_be_hidden_from_the_queue(as_user, status_kind, make_item,
                                                      moderator, member):
    item = make_item("published")
    report = services.report_create(actor=member, target=item, reason="Injurieux",
                                    excerpt="…", target_author=status_kind.author(item))
    client = as_user(moderator)
    hide = reverse("moderation:decide", args=[status_kind.label, item.pk, "hide"])
    assert f'href="{hide}?next=/animation/signalements/"' in client.get(
        QUEUE_URL).content.decode()
    response = client.post(hide, {"reason": "Injurieux", "next": QUEUE_URL})
    assert response["Location"] == QUEUE_URL
    item.refresh_from_db()
    report.refresh_from_db()
    assert item.moderation_status == ModerationStatus.HIDDEN
    assert report.status == Report.Status.ACTIONED
    restore = reverse("moderation:decide", args=[status_kind.label, item.pk, "restore"])
    assert client.post(restore)["Location"] == QUEUE_URL
    item.refresh_from_db()
    assert item.moderation_status == ModerationStatus.PUBLISHED


def _hidden_repr() -> str:
    """The snapshot, in the language that was active when it was written."""
    return AuditEntry.objects.get(action=AuditEntry.Action.HIDDEN).target_repr


def test_the_journal_shows_every_decision_and_warning(as_user, status_kind, make_item,
                                                     moderator):
    rejected, hidden = make_item("pending"), make_item("published")
    services.decide(actor=moderator, item=make_item("pending"), decision="approve")
    services.decide(actor=moderator, item=rejected, decision="reject", reason="Hors sujet")
    services.decide(actor=moderator, item=hidden, decision="hide", reason="Injurieux")
    services.decide(actor=moderator, item=hidden, decision="restore")
    services.author_warn(actor=moderator, author=status_kind.author(rejected), target=rejected,
                         message="Relisez la charte")
    page = _english(as_user(moderator)).get(reverse("moderation:journal")).content.decode()
    for text in ("Approved", "Rejected", "Hidden", "Restored", "Author warned", "Hors sujet",
                 "Injurieux", "Relisez la charte", html.escape(_hidden_repr())):
        assert text in page, text


# --- Navigation -------------------------------------------------------------------------------


def test_header_badge_counts_what_waits_for_a_decision(as_user, status_kind, make_item,
                                                       moderator, other_member, room):
    make_item("pending")
    make_item("pending")
    make_item("published")
    _reported(room, other_member)
    page = _english(as_user(moderator)).get(reverse("community:home")).content.decode()
    badge = re.search(r'<span class="badge" data-moderation-count>(.*?)</span></span>', page, re.S)
    assert badge, page
    assert '<span aria-hidden="true">3</span>' in badge.group(1)
    assert "1 open report, 2 waiting for a decision" in badge.group(1)


# --- Constant query counts --------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_queue_query_count_does_not_grow_with_waiting_items(
        as_user, status_kind, make_item, moderator, member, other_member, room,
        django_assert_max_num_queries):
    client = as_user(moderator)
    make_item("pending")
    reported = make_item("published")
    services.report_create(actor=member, target=reported, reason="Spam", excerpt="…",
                           target_author=status_kind.author(reported))
    _reported(room, other_member)
    small = _count(client, QUEUE_URL)
    for n in range(30):  # more than a page of them
        make_item("pending")
        item = make_item("published")
        services.report_create(actor=MemberFactory(), target=item, reason=f"Spam {n}",
                               excerpt="…", target_author=status_kind.author(item))
        _reported(room, MemberFactory(), body=f"Message {n}")
    with django_assert_max_num_queries(small + 1):  # + the count of a kind beyond a page
        page = client.get(QUEUE_URL).content.decode()
    assert "Waiting for a decision (31)" in page or "(31)" in page


# --- Inert output -----------------------------------------------------------------------------


def test_xss_payloads_in_reasons_render_inert(as_user, status_kind, make_item, moderator):
    item = make_item("pending")
    client = as_user(moderator)
    url = reverse("moderation:decide", args=[status_kind.label, item.pk, "reject"])
    refused = client.post(url, {"reason": PAYLOADS * 10})  # too long: shown again
    assert refused.status_code == 200
    assert_inert(refused.content.decode(), "decision form")
    assert client.post(url, {"reason": PAYLOADS}).status_code == 302
    assert_inert(client.get(reverse("moderation:journal")).content.decode(), "journal")
    assert_inert(client.get(url).content.decode(), "decision page, with the reason given")
    author = status_kind.author(item)
    assert_inert(as_user(author).get(reverse("notifications:index")).content.decode(),
                 "notifications")
