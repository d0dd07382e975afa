"""The news item pages: proposing, publishing and scheduling, deciding from the item, editing,
withdrawing, pinning, "My proposals", the home page's block; bad input, inert output and
constant query counts. New strings are not translated yet: assertions read structure."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from moderation.links import decision_url
from moderation.models import ModerationStatus
from moderation.services import decide
from news import services
from news.forms import NewsForm
from news.models import NewsItem
from tests.chat.inert import assert_inert
from tests.factories import MemberFactory
from tests.news.helpers import (
    FEED,
    count_queries,
    fill,
    main_of,
    many,
    publish,
    section,
    stream_ids,
)

pytestmark = pytest.mark.django_db


# --- Proposing, publishing, deciding -------------------------------------------------------------


def test_a_member_proposes_and_a_moderator_approves_from_the_item(as_user, member, moderator):
    client = as_user(member)
    assert 'name="when"' not in client.get(reverse("news:propose")).content.decode()
    response = client.post(reverse("news:propose"), {
        "title": "Forum ESS", "summary": "Retour sur le forum.", "body": "Mes **notes**",
        "link": "exemple.fr/forum", "when": "later", "pin": "on",  # ignored: not a moderator
    })
    item = NewsItem.objects.get()
    assert response["Location"] == item.get_absolute_url()
    assert (item.moderation_status, item.link, item.pinned_at) == (
        ModerationStatus.PENDING, "https://exemple.fr/forum", None)
    page = client.get(item.get_absolute_url()).content.decode()
    assert 'data-status="pending"' in page and "data-state" in page
    assert reverse("news:edit", args=[item.pk]) in page
    assert reverse("news:withdraw", args=[item.pk]) in page
    assert decision_url(item, "approve") not in page
    mine = client.get(reverse("news:mine")).content.decode()
    assert f'data-news-item="{item.pk}" data-status="pending"' in mine

    moderator_client = as_user(moderator)
    page = moderator_client.get(item.get_absolute_url()).content.decode()
    approve = decision_url(item, "approve", next_url=item.get_absolute_url())
    assert f'action="{approve}"' in page
    assert decision_url(item, "reject", next_url=item.get_absolute_url()) in page
    assert moderator_client.post(approve)["Location"] == item.get_absolute_url()
    item.refresh_from_db()
    assert item.is_visible()
    assert stream_ids(as_user(MemberFactory()).get(FEED).content.decode()) == [f"n{item.pk}"]


def test_a_rejected_proposal_shows_its_reason_to_its_author(as_user, member, other_member,
                                                           moderator):
    item = services.news_propose(actor=member, title="Formation", summary="Promo")
    decide(actor=moderator, item=item, decision="reject", reason="Annonce commerciale")
    mine = as_user(member).get(reverse("news:mine")).content.decode()
    row = mine.split(f'data-news-item="{item.pk}"', 1)[1].split("</li>", 1)[0]
    assert 'data-status="rejected"' in row and "Annonce commerciale" in row
    assert reverse("news:edit", args=[item.pk]) not in row
    page = as_user(member).get(item.get_absolute_url()).content.decode()
    assert "data-reason" in page and "Annonce commerciale" in page
    assert reverse("news:edit", args=[item.pk]) not in page
    assert as_user(other_member).get(item.get_absolute_url()).status_code == 404


def test_a_moderator_publishes_schedules_and_pins(as_user, moderator, member):
    client = as_user(moderator)
    form = client.get(reverse("news:propose")).content.decode()
    assert 'name="when"' in form and 'type="datetime-local"' in form and 'name="pin"' in form
    refused = client.post(reverse("news:propose"),
                          {"title": "Webinaire", "summary": "Bientôt", "when": "later"})
    assert refused.status_code == 200 and not NewsItem.objects.exists()
    past = timezone.localtime() - timedelta(days=1)
    refused = client.post(reverse("news:propose"), {
        "title": "Webinaire", "summary": "Bientôt", "when": "later",
        "scheduled_for": past.strftime("%Y-%m-%dT%H:%M")})
    assert refused.status_code == 200 and not NewsItem.objects.exists()
    later = (timezone.localtime() + timedelta(days=2)).replace(second=0, microsecond=0)
    response = client.post(reverse("news:propose"), {
        "title": "Webinaire", "summary": "Bientôt", "when": "later", "pin": "on",
        "scheduled_for": later.strftime("%Y-%m-%dT%H:%M")})
    item = NewsItem.objects.get()
    assert response["Location"] == item.get_absolute_url()
    assert item.published_at == later and item.is_scheduled and item.is_pinned
    assert "data-state" in client.get(item.get_absolute_url()).content.decode()
    edit = client.get(reverse("news:edit", args=[item.pk])).content.decode()
    assert f'value="{later.strftime("%Y-%m-%dT%H:%M")}"' in edit
    assert "Webinaire" not in as_user(member).get(FEED).content.decode()

    now = client.post(reverse("news:propose"), {"title": "Tout de suite", "summary": "Oui",
                                                "when": "now"})
    published = NewsItem.objects.get(title="Tout de suite")
    assert now["Location"] == published.get_absolute_url() and published.is_visible()


def test_edit_withdraw_pin_and_hide_pages(as_user, member, moderator):
    item = services.news_propose(actor=member, title="Premier jet", summary="…")
    client = as_user(member)
    edit_url = reverse("news:edit", args=[item.pk])
    assert 'name="scheduled_for"' not in client.get(edit_url).content.decode()
    response = client.post(edit_url, {"title": "Version finale", "summary": "Précis."})
    assert response["Location"] == item.get_absolute_url()
    assert NewsItem.objects.get().title == "Version finale"
    moderator_edit = as_user(moderator).get(edit_url).content.decode()
    assert 'name="scheduled_for"' in moderator_edit  # pending: its time may be chosen

    withdraw = reverse("news:withdraw", args=[item.pk])
    assert client.get(withdraw).status_code == 200
    assert client.post(withdraw)["Location"] == reverse("news:mine")
    assert not NewsItem.objects.exists()

    published = publish(moderator, "À épingler")
    mod = as_user(moderator)
    page = mod.get(published.get_absolute_url()).content.decode()
    assert reverse("news:pin", args=[published.pk]) in page
    assert decision_url(published, "hide", next_url=published.get_absolute_url()) in page
    assert mod.post(reverse("news:pin", args=[published.pk]),
                    {"next": "https://ailleurs.example/"})["Location"] \
        == published.get_absolute_url()
    assert NewsItem.objects.get(pk=published.pk).is_pinned
    assert 'name="scheduled_for"' not in mod.get(
        reverse("news:edit", args=[published.pk])).content.decode()  # out already
    mod.post(reverse("news:unpin", args=[published.pk]), {"next": FEED})
    assert not NewsItem.objects.get(pk=published.pk).is_pinned


# --- The home page ------------------------------------------------------------------------------


def test_the_home_page_shows_the_three_latest_news(as_user, member, moderator):
    items = many(moderator, 4)
    services.news_propose(actor=member, title="En attente", summary="…")
    publish(moderator, "Plus tard", scheduled_for=timezone.now() + timedelta(days=1))
    html = as_user(member).get("/").content.decode()
    block = section(html, "data-latest-news")
    assert re.findall(r'data-news-item="(\d+)"', block) == [str(i.pk) for i in items[:3]]
    assert f'href="{FEED}"' in block


# --- Bad input and inert output ------------------------------------------------------------------

PAYLOADS = ('<script>alert("xss")</script> <img src=x onerror=alert(2)> '
            '[clic](javascript:alert(3)) <a href="javascript:alert(4)">a</a>')


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _assert_page_inert(page: str, where: str) -> None:
    """The page's main part, parsed: no script, image or event handler, no javascript: link;
    the payload is shown as text."""
    main = main_of(page)
    parser = _Tags()
    parser.feed(main)
    for tag, attrs in parser.tags:
        assert tag not in {"script", "img", "iframe", "object"}, (where, tag, attrs)
        assert not any(name.startswith("on") for name in attrs), (where, tag, attrs)
        for name in ("href", "src", "action", "formaction"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:")), (where, tag, attrs)
    assert "&lt;script&gt;" in main, where  # shown as text


def test_a_javascript_link_is_refused_by_the_form(as_user, member, moderator):
    for user in (member, moderator):
        for link in ("javascript:alert(1)", "JavaScript://%0aalert(1)", "data:text/html,x"):
            response = as_user(user).post(reverse("news:propose"), {
                "title": "Titre", "summary": "Résumé", "link": link, "when": "now"})
            assert response.status_code == 200
            assert 'id="id_link_error"' in response.content.decode() or \
                'aria-invalid="true"' in response.content.decode()
    assert not NewsItem.objects.exists()


def test_xss_payloads_render_inert(as_user, member, moderator):
    evil = MemberFactory(first_name='<img src=x onerror="alert(1)">', last_name="<script>x")
    item = services.news_propose(actor=evil, title=PAYLOADS[:150], summary=PAYLOADS,
                                 body=PAYLOADS)
    assert_inert(item.html)
    decide(actor=moderator, item=item, decision="approve")
    services.news_pin(actor=moderator, item=item)
    services.member_welcomed(member=evil, actor=moderator)
    item.refresh_from_db()
    for client, url in ((as_user(member), FEED), (as_user(member), item.get_absolute_url()),
                        (as_user(member), "/"), (as_user(evil), reverse("news:mine")),
                        (as_user(moderator), reverse("news:edit", args=[item.pk])),
                        (as_user(moderator), reverse("moderation:journal"))):
        _assert_page_inert(client.get(url).content.decode(), url)
    refused = as_user(member).post(reverse("news:propose"), {
        "title": PAYLOADS, "summary": PAYLOADS * 10, "body": PAYLOADS})  # too long
    assert refused.status_code == 200
    _assert_page_inert(refused.content.decode(), "refused form")

def test_home_and_my_proposals_query_counts_do_not_grow(as_user, member, moderator):
    client = as_user(member)
    for n in range(3):
        services.news_propose(actor=member, title=f"Proposition {n}", summary="…")
    fill(moderator, 3)
    home, mine = count_queries(client, "/"), count_queries(client, reverse("news:mine"))
    for n in range(20):
        item = services.news_propose(actor=member, title=f"Encore {n}", summary="…")
        if n % 2:
            decide(actor=moderator, item=item, decision="reject", reason="Doublon")
    fill(moderator, 10)
    assert count_queries(client, "/") == home
    assert count_queries(client, reverse("news:mine")) == mine


@pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://exemple.fr/fichier", "pas une url"])
def test_the_form_refuses_what_is_not_a_web_link_once(link):
    form = NewsForm(data={"title": "Titre", "summary": "Résumé", "link": link})
    assert not form.is_valid()
    assert len(form.errors["link"]) == 1, form.errors["link"]


def test_the_form_takes_a_web_link_without_its_scheme():
    form = NewsForm(data={"title": "Titre", "summary": "Résumé", "link": "exemple.fr/forum"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["link"] == "https://exemple.fr/forum"
