"""Reporting the same thing again (issue 10, item 3): while the member's report is open they are
told plainly that the moderators are looking into it; once the moderators have handled it, a new
report is a new report and reaches the queue."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from chat import services as chat
from moderation import services
from moderation.models import Report
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

THANKS = "Merci\u00a0: votre signalement a été transmis aux animateurs."
ALREADY = "Vous avez déjà signalé ce contenu\u00a0; les animateurs l'examinent."


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


@pytest.fixture
def message(moderator, other_member):
    room = chat.room_create(actor=moderator, name="Tiers-lieux")
    return chat.message_send(actor=other_member, room=room, body="Achetez ma formation miracle")


def _report_url(message) -> str:
    return reverse("chat:message_report", args=[message.room_id, message.pk])


def _said(response) -> str:
    """The last thing the member was told (the test client keeps earlier messages until a page
    shows them)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def _queue(client) -> str:
    return client.get(reverse("moderation:reports")).content.decode()


def test_reporting_again_while_open_says_so_and_files_nothing(as_user, member, message):
    client = as_user(member)
    first = client.post(_report_url(message), {"reason": "Publicité"})
    assert first.status_code == 302
    assert _said(first) == THANKS
    again = client.post(_report_url(message), {"reason": "Encore de la publicité"})
    assert again.status_code == 302
    assert _said(again) == ALREADY
    [report] = Report.objects.all()
    assert report.reason == "Publicité" and report.is_open


def test_a_report_after_a_dismissal_is_a_new_report_in_the_queue(as_user, member, moderator,
                                                                message):
    reporter, mod = as_user(member), as_user(moderator)
    reporter.post(_report_url(message), {"reason": "Publicité"})
    first = Report.objects.get()
    assert "signalement précédent" not in _queue(mod)  # a first report is just a report
    mod.post(reverse("moderation:report_dismiss", args=[first.pk]), {"note": "Rien d'anormal"})
    assert reverse("moderation:report_dismiss", args=[first.pk]) not in _queue(mod)

    response = reporter.post(_report_url(message), {"reason": "Il recommence en privé"})
    assert _said(response) == THANKS
    second = Report.objects.get(status=Report.Status.OPEN)
    assert second.pk != first.pk and second.reason == "Il recommence en privé"
    first.refresh_from_db()
    assert first.status == Report.Status.DISMISSED  # the earlier decision stays as it was
    queue = _queue(mod)
    assert "Il recommence en privé" in queue
    assert reverse("moderation:report_dismiss", args=[second.pk]) in queue
    assert "Rien d&#x27;anormal" not in queue
    # The moderator sees that the thing was reported and handled before.
    assert "1 signalement précédent a déjà été traité\u00a0: celui-ci est nouveau." in queue


def test_a_report_after_it_was_acted_upon_reaches_the_queue_again(as_user, member, moderator,
                                                                  other_member):
    """The moderator warned the author and closed the report as acted upon; the post is still
    there and the member reports it again."""
    post = PostFactory(author=other_member, body="Un billet douteux")
    url = reverse("walls:post_report", args=[post.pk])
    reporter, mod = as_user(member), as_user(moderator)
    reporter.post(url, {"reason": "Propos blessants"})
    first = Report.objects.get()
    services.report_author_warn(actor=moderator, report=first, message="Merci de reformuler.",
                                settle_reports=True)
    first.refresh_from_db()
    assert first.status == Report.Status.ACTIONED

    response = reporter.post(url, {"reason": "Toujours blessant après l'avertissement"})
    assert _said(response) == THANKS
    assert Report.objects.filter(status=Report.Status.OPEN).count() == 1
    queue = _queue(mod)
    assert "Toujours blessant après l" in queue and "signalement précédent" in queue


def test_the_service_marks_a_repeat_and_only_an_open_one(member, moderator, other_member,
                                                         message):
    def report(reason):
        return services.report_create(actor=member, target=message, reason=reason,
                                      excerpt=message.body, target_author=other_member)

    first = report("Un")
    assert not first.already_open
    repeat = report("Deux")
    assert repeat.pk == first.pk and repeat.already_open
    services.report_dismiss(actor=moderator, report=first)
    fresh = report("Trois")
    assert fresh.pk != first.pk and not fresh.already_open and fresh.is_open
    assert Report.objects.filter(reporter=member).count() == 2
