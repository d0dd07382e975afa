"""Members report a news item (*Signaler*) with a reason, once; the report waits in the one
moderation queue (/animation/signalements/), where a moderator hides the item, which settles
the report. The link is where walls put theirs: on the item's page and its card in the feed,
for every member who reads it but its author."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from community.models import UserStatus
from moderation.models import AuditEntry, Report
from moderation.services import decide
from news import services
from news.models import NewsItem
from tests.factories import MemberFactory
from tests.news.helpers import FEED

pytestmark = pytest.mark.django_db

FIELDS = {"title": "Formation payante à -30 %", "summary": "Code promo CATALYSE."}
REASON = "Publicité commerciale : le fil refuse les promotions."


@pytest.fixture
def item(member, moderator) -> NewsItem:
    proposal = services.news_propose(actor=member, **FIELDS)
    return decide(actor=moderator, item=proposal, decision="approve")


def report_url(item: NewsItem) -> str:
    return reverse("news:report", args=[item.pk])


def test_a_member_reports_once_and_the_queue_shows_it(as_user, item, other_member, moderator):
    client = as_user(other_member)
    page = client.get(report_url(item))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Signaler une actualité" in html and FIELDS["title"] in html
    response = client.post(report_url(item), {"reason": REASON})
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    report = Report.objects.get()
    assert report.reporter == other_member and report.target == item
    assert report.target_author == item.author and report.reason == REASON
    assert FIELDS["summary"] in report.excerpt and report.context_label == "Fil d'actualité"
    # A second report by the same member changes nothing.
    client.post(report_url(item), {"reason": "Encore"})
    assert Report.objects.get().reason == REASON
    assert services.news_report(actor=other_member, item=item, reason="Encore") == report
    queue = as_user(moderator).get("/animation/signalements/").content.decode()
    assert REASON in queue and FIELDS["title"] in queue
    assert f"/animation/decision/news.newsitem/{item.pk}/hide/" in queue


def test_the_moderator_hides_it_from_the_queue_which_settles_the_report(
    as_user, item, other_member, moderator
):
    services.news_report(actor=other_member, item=item, reason=REASON)
    client = as_user(moderator)
    url = f"/animation/decision/news.newsitem/{item.pk}/hide/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Publicité"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.is_hidden
    assert Report.objects.get().status == Report.Status.ACTIONED
    assert AuditEntry.objects.filter(action="hidden", object_id=item.pk).exists()
    assert "Aucun signalement ouvert" in client.get("/animation/signalements/").content.decode()
    assert as_user(other_member).get(item.get_absolute_url()).status_code == 404


def test_the_report_link_is_on_the_page_and_the_card_but_not_for_the_author(
    as_user, item, member, other_member, moderator
):
    link = f'href="{report_url(item)}"'
    for page in (item.get_absolute_url(), FEED):
        assert link in as_user(other_member).get(page).content.decode()
        assert link in as_user(moderator).get(page).content.decode()  # as on the walls
        assert link not in as_user(member).get(page).content.decode()  # its author


@pytest.mark.parametrize("who, status", [
    ("anonymous", 302), ("applicant", 302), ("suspended", 302), ("author", 403),
    ("member", 200), ("moderator", 200),
])
def test_who_may_open_the_report_page(as_user, item, applicant, member, other_member,
                                      moderator, who, status):
    """Applicants go to their application, a suspended member is logged out (middleware); its
    author may not report it."""
    user = {"anonymous": None, "applicant": applicant, "author": member,
            "suspended": MemberFactory(status=UserStatus.SUSPENDED),
            "member": other_member, "moderator": moderator}[who]
    assert as_user(user).get(report_url(item)).status_code == status
    sent = as_user(user).post(report_url(item), {"reason": REASON})
    assert sent.status_code == (302 if status == 200 else status)
    assert Report.objects.count() == (1 if status == 200 else 0)
    Report.objects.all().delete()


@pytest.mark.parametrize("state", ["pending", "rejected", "hidden", "scheduled"])
def test_only_a_visible_item_is_reported(as_user, member, other_member, moderator, state):
    if state == "scheduled":
        target = services.news_publish(actor=moderator, **FIELDS,
                                       scheduled_for=timezone.now() + timedelta(days=1))
        reporter = MemberFactory(role="moderator")  # who may see it
    else:
        target = services.news_propose(actor=member, **FIELDS)
        if state == "rejected":
            decide(actor=moderator, item=target, decision="reject", reason="Non")
        elif state == "hidden":
            decide(actor=moderator, item=target, decision="approve")
            decide(actor=moderator, item=target, decision="hide", reason="Non")
        reporter = moderator
    assert as_user(reporter).get(report_url(target)).status_code == 403
    assert as_user(reporter).post(report_url(target), {"reason": REASON}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.news_report(actor=reporter, item=target, reason=REASON)
    assert not Report.objects.exists()


def test_a_report_without_reason_is_refused_with_a_message(as_user, item, other_member):
    response = as_user(other_member).post(report_url(item), {"reason": "   "})
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.content.decode()
    assert not Report.objects.exists()
    too_long = as_user(other_member).post(report_url(item), {"reason": "x" * 1001})
    assert too_long.status_code == 200 and not Report.objects.exists()


def test_a_reported_reason_is_inert_in_the_queue(as_user, item, other_member, moderator):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    services.news_report(actor=other_member, item=item, reason=payload)
    html = as_user(moderator).get("/animation/signalements/").content.decode()
    assert payload not in html
    assert "&lt;script&gt;" in html
