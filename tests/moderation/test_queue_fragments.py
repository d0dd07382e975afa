"""The queue's report cards kept rendered (moderation/queue_fragments.py).

The same queue is not rendered twice; what a card shows (the reporter's name, whether its author
may be suspended) shows at once when it changes.
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from community.models import Role
from config.fragments import csrf_marker
from moderation import queue_fragments
from moderation.models import Report
from tests.factories import ModeratorFactory, PostFactory
from walls import selectors
from walls import services as wall_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def renders(monkeypatch):
    rendered: list[int] = []
    original = queue_fragments._render

    def counting(report, here):
        rendered.append(report.pk)
        return original(report, here)

    monkeypatch.setattr(queue_fragments, "_render", counting)
    return rendered


@pytest.fixture
def reported(member, other_member):
    post = PostFactory(wall=selectors.group_wall(), author=other_member, body="Un message vif",
                       html="<p>Un message vif</p>")
    wall_services.post_report(actor=member, post=post, reason="Propos désobligeants")
    return post


def queue(client) -> str:
    response = client.get("/animation/signalements/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_same_queue_is_not_rendered_twice(as_user, moderator, reported, renders):
    client = as_user(moderator)
    first = queue(client)
    assert "Propos désobligeants" in first and len(renders) == 1
    assert "Propos désobligeants" in queue(client)
    assert len(renders) == 1


def test_what_a_card_shows_changes_at_once(as_user, moderator, member, other_member, reported,
                                           renders):
    client = as_user(moderator)
    page = queue(client)
    suspend = f"/animation/membres/{other_member.pk}/suspendre/"
    assert member.display_name in page and suspend in page
    member.first_name = "Maxime"
    member.save()
    other_member.role = Role.MODERATOR
    other_member.save()
    page = queue(client)
    assert "Maxime" in page and suspend not in page
    assert len(renders) == 2


def test_a_kept_card_builds_no_decision_link_and_a_decision_changes_it(
        as_user, moderator, reported, renders, monkeypatch):
    """The decision links' addresses are built for a card rendered anew only; the decisions
    they stand for are in the key, so hiding the post changes the card at once."""
    from moderation import selectors as moderation_selectors
    from moderation.links import decision_url
    from moderation.services import decide

    built: list[str] = []

    def counting(item, decision, **kwargs):
        built.append(decision)
        return decision_url(item, decision, **kwargs)

    monkeypatch.setattr(moderation_selectors, "decision_url", counting)
    client = as_user(moderator)
    hide = f'href="{decision_url(reported, "hide", next_url="/animation/signalements/")}"'
    assert hide in queue(client) and built == ["hide"]
    assert hide in queue(client)
    assert built == ["hide"] and len(renders) == 1  # kept: no address built again
    # Hidden (which settles the report), the report opened again: "Restore…", rendered anew.
    decide(actor=moderator, item=reported, decision="hide", reason="Hors charte")
    Report.objects.update(status=Report.Status.OPEN)
    page = queue(client)
    assert hide not in page and "restore" in built and len(renders) == 2


# --- The things waiting for a decision ------------------------------------------------------


@pytest.fixture
def waiting_renders(monkeypatch):
    """The waiting cards rendered (not taken from the cache), by item."""
    rendered: list[int] = []
    original = queue_fragments.get_template

    class Counting:
        def __init__(self, template):
            self.template = self
            self._template = template

        def render(self, context):
            rendered.append(context["pending"].item.pk)
            return self._template.render(context)

        @property
        def source(self):
            return self._template.source

    def counting(name):
        found = original(name)
        return Counting(found.template) if name == queue_fragments.WAITING_TEMPLATE else found

    monkeypatch.setattr(queue_fragments, "get_template", counting)
    return rendered


@pytest.fixture
def pending(other_member):
    return PostFactory(wall=selectors.group_wall(), author=other_member, body="Billet à valider",
                       moderation_status="pending")


def test_a_waiting_card_is_kept_and_changes_at_once(as_user, moderator, other_member, pending,
                                                    waiting_renders):
    client = as_user(moderator)
    assert "Billet à valider" in queue(client)
    assert "Billet à valider" in queue(client)
    assert waiting_renders == [pending.pk]
    other_member.first_name = "Gaëlle"
    other_member.save()
    assert "Gaëlle" in queue(client)
    assert waiting_renders == [pending.pk, pending.pk]
    pending.body = "Billet corrigé"
    pending.save()
    page = queue(client)
    assert "Billet corrigé" in page and "Billet à valider" not in page


def test_a_kept_waiting_card_carries_this_requests_csrf_token(moderator, pending,
                                                              waiting_renders):
    warm = Client()
    warm.force_login(ModeratorFactory())
    queue(warm)  # kept by another moderator
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    page = queue(client)
    assert waiting_renders == [pending.pk]
    form = re.search(r'<form method="post" action="(/animation/decision/walls\.post/'
                     rf'{pending.pk}/approve/)">\s*<input type="hidden" '
                     r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert form, page
    assert form.group(2) != csrf_marker()
    response = client.post(form.group(1), {"csrfmiddlewaretoken": form.group(2)})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.moderation_status == "published"
    assert "Billet à valider" not in queue(client)
