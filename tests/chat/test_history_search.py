"""The chat history search (/chat/recherche/, chat/history_search.py) and its index
(chat/search_indexes.py): who finds what (the permission matrix), the sync on send, edit and
delete, the filters, and the page."""

import re
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from chat import services
from chat.models import Message, Room
from chat.search_indexes import MESSAGES_INDEX, message_document, period_keys
from search.models import PendingUpdate
from search.query import search_index
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

URL = "/chat/recherche/"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs what the services schedule on commit (the index flush)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def found(user, query: str = "", **filters) -> list[int]:
    results = search_index(MESSAGES_INDEX, user=user, query=query, filters=filters or None)
    return sorted(int(hit.id) for hit in results.hits)


def say(room, author, body, committed) -> Message:
    with committed():
        return services.message_send(actor=author, room=room, body=body)


@pytest.fixture
def world(db, member, other_member, moderator, admin_user, committed):
    """A public room (the moderator's, joined by ``member``), a private room of
    ``other_member`` with an insider, a direct conversation of member and other_member: one
    message about "compostage" in each."""
    insider = MemberFactory(first_name="Ina", last_name="Dedans")
    public = services.room_create(actor=moderator, name="Tiers-lieux")
    services.room_join(actor=member, room=public)
    private = services.room_create(actor=other_member, name="Groupe PTCE",
                                   kind=Room.Kind.PRIVATE, members=[insider])
    direct = services.direct_room(actor=member, others=[other_member])
    messages = {
        "public": say(public, moderator, "Le compostage collectif démarre lundi", committed),
        "private": say(private, insider, "Budget secret du compostage", committed),
        "direct": say(direct, other_member, "Ton avis sur le compostage ?", committed),
    }
    return {"insider": insider, "public": public, "private": private, "direct": direct,
            "messages": messages}


def ids(world, *names) -> list[int]:
    return sorted(world["messages"][name].pk for name in names)


# --- Who finds what -------------------------------------------------------------------------


def test_each_person_finds_only_the_messages_of_their_rooms(world, member, other_member,
                                                            moderator, admin_user, applicant):
    assert found(member, "compostage") == ids(world, "public", "direct")
    assert found(other_member, "compostage") == ids(world, "private", "direct")
    assert found(world["insider"], "compostage") == ids(world, "private")
    # The moderator created the public room: they belong to it, and to nothing else.
    assert found(moderator, "compostage") == ids(world, "public")
    # Neither moderators nor admins read private rooms or conversations they are not part of.
    assert found(admin_user, "compostage") == []
    assert found(applicant, "compostage") == []


def test_a_public_room_not_joined_is_not_searched(world, committed):
    outsider = MemberFactory()
    assert found(outsider, "compostage") == []
    services.room_join(actor=outsider, room=world["public"])
    assert found(outsider, "compostage") == ids(world, "public")  # nothing reindexed
    services.room_leave(actor=outsider, room=world["public"])
    assert found(outsider, "compostage") == []


def test_removal_from_a_private_room_stops_its_messages_at_once(world, other_member):
    insider = world["insider"]
    services.room_remove_member(actor=other_member, room=world["private"], member=insider)
    assert found(insider, "compostage") == []


def test_a_suspended_member_finds_nothing(world, member):
    member.status = "suspended"
    member.save(update_fields=["status"])
    member.refresh_from_db()
    assert found(member, "compostage") == []


@pytest.mark.parametrize("who, status, expected", [
    ("anonymous", 302, None), ("applicant", 302, None), ("member", 200, 2),
    ("other_member", 200, 2), ("insider", 200, 1), ("moderator", 200, 1),
    ("admin_user", 200, 0),
])
def test_the_page_counts_only_what_each_person_may_read(world, as_user, request, who, status,
                                                       expected):
    user = None if who == "anonymous" else world["insider"] if who == "insider" else (
        request.getfixturevalue(who))
    response = as_user(user).get(URL, {"q": "compostage"})
    assert response.status_code == status
    if expected is None:
        return
    html = response.content.decode()
    shown = {int(pk) for pk in re.findall(r'data-message="(\d+)"', html)}
    assert len(shown) == expected
    assert re.search(rf'id="results-title"[^>]*>{expected} messages?<', html)
    for message in world["messages"].values():
        if message.pk not in shown:
            assert message.body not in html and f"/messages/{message.pk}/" not in html


def test_a_room_not_mine_as_a_filter_reveals_nothing(world, as_user, member):
    private = world["private"]
    response = as_user(member).get(URL, {"q": "compostage", "salon": private.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-notice="ignored-filters"' in html
    assert "Groupe PTCE" not in html and "secret" not in html
    # The same answer as for a room that does not exist.
    missing = as_user(member).get(URL, {"q": "compostage", "salon": 999_999}).content.decode()
    assert 'data-notice="ignored-filters"' in missing
    assert re.findall(r'data-message="(\d+)"', html) == re.findall(r'data-message="(\d+)"',
                                                                     missing)


# --- Sync -----------------------------------------------------------------------------------


def test_send_edit_and_delete_reach_the_index(world, member, committed):
    direct = world["direct"]
    message = say(direct, member, "Parlons méthanisation", committed)
    assert found(member, "méthanisation") == [message.pk]
    with committed():
        services.message_edit(actor=member, message=message, body="Parlons lombricompost")
    assert found(member, "méthanisation") == []
    assert found(member, "lombricompost") == [message.pk]
    with committed():
        services.message_delete(actor=member, message=message)
    assert found(member, "lombricompost") == []
    assert not PendingUpdate.objects.exists()


def test_a_moderators_removal_takes_the_message_out(world, member, moderator, committed):
    message = world["messages"]["public"]
    with committed():
        services.message_delete(actor=moderator, message=message, reason="Hors charte")
    assert found(member, "compostage") == ids(world, "direct")


def test_an_engine_outage_loses_no_update(world, member, committed, monkeypatch):
    from search.backends.base import SearchUnavailable
    from search.sync import flush

    def down(*args, **kwargs):
        raise SearchUnavailable("down")

    backend = type(search_index.__globals__["get_backend"]())
    with monkeypatch.context() as patched:
        patched.setattr(backend, "index", down)
        message = say(world["direct"], member, "Réunion paillage jeudi", committed)
    assert PendingUpdate.objects.filter(index=MESSAGES_INDEX, object_id=str(message.pk)).exists()
    assert found(member, "paillage") == []
    PendingUpdate.objects.update(next_attempt_at=timezone.now())
    flush()
    assert found(member, "paillage") == [message.pk]


def test_reindex_rebuilds_the_messages_index(world, member):
    from search.backends import get_backend
    from search.indexing import rebuild

    get_backend().reset(MESSAGES_INDEX)
    assert found(member, "compostage") == []
    assert rebuild(MESSAGES_INDEX) == 3
    assert found(member, "compostage") == ids(world, "public", "direct")
    get_backend().reset(MESSAGES_INDEX)
    call_command("search_reindex", "messages", stdout=StringIO(), stderr=StringIO())
    assert found(member, "compostage") == ids(world, "public", "direct")


# --- Documents and filters ------------------------------------------------------------------


def test_the_document_carries_room_author_date_and_access(world):
    message = world["messages"]["private"]
    document = message_document(message)
    day = timezone.localtime(message.created_at).date()
    assert document["audience"] == [f"room:{world['private'].pk}"]
    assert document["room_id"] == world["private"].pk
    assert document["author_id"] == world["insider"].pk
    assert document["author"] == world["insider"].display_name
    assert document["period"] == [f"d:{day.isoformat()}", f"m:{day:%Y-%m}", f"y:{day:%Y}"]


def test_period_keys_cover_a_range_exactly_with_few_keys():
    assert period_keys(date(2026, 3, 30), date(2026, 3, 29)) == []
    assert period_keys(date(2026, 3, 5), date(2026, 3, 6)) == ["d:2026-03-05", "d:2026-03-06"]
    assert period_keys(date(2026, 2, 1), date(2026, 2, 28)) == ["m:2026-02"]
    assert period_keys(date(2024, 1, 1), date(2025, 12, 31)) == ["y:2024", "y:2025"]
    keys = period_keys(date(2023, 12, 30), date(2026, 2, 2))
    assert keys == ["d:2023-12-30", "d:2023-12-31", "y:2024", "y:2025", "m:2026-01",
                    "d:2026-02-01", "d:2026-02-02"]
    # Every day of a long range is covered once, never a day outside it.
    start, end = date(2019, 7, 17), date(2026, 11, 3)
    keys = set(period_keys(start, end))
    assert len(keys) < 100
    for offset in range(-3, (end - start).days + 4):
        day = start + timedelta(days=offset)
        covering = {f"d:{day.isoformat()}", f"m:{day:%Y-%m}", f"y:{day:%Y}"} & keys
        assert len(covering) == (1 if start <= day <= end else 0), day


def test_filters_by_room_author_and_dates(world, member, other_member, as_user, committed):
    direct = world["direct"]
    mine = say(direct, member, "Compostage : je note", committed)
    old = world["messages"]["direct"]
    Message.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    from search.sync import schedule

    with committed():
        schedule(MESSAGES_INDEX, [old.pk])
    client = as_user(member)

    def shown(**params):
        html = client.get(URL, {"q": "compostage", **params}).content.decode()
        assert 'data-notice="ignored-filters"' not in html, params
        return sorted(int(pk) for pk in re.findall(r'data-message="(\d+)"', html))

    assert shown(salon=direct.pk) == sorted([mine.pk, old.pk])
    assert shown(auteur=member.pk) == [mine.pk]
    assert shown(auteur=other_member.pk) == [old.pk]
    today = timezone.localdate()
    assert shown(du=today.isoformat()) == sorted([mine.pk, world["messages"]["public"].pk])
    last_month = (today - timedelta(days=40)).isoformat()
    assert shown(du=last_month, au=last_month) == [old.pk]
    # Filters without words: the messages, newest first.
    html = client.get(URL, {"salon": direct.pk}).content.decode()
    assert [int(pk) for pk in re.findall(r'data-message="(\d+)"', html)] == [mine.pk, old.pk]


# --- The page -------------------------------------------------------------------------------


def test_results_are_highlighted_escaped_and_link_to_the_message_in_its_room(world, member,
                                                                           as_user, committed):
    message = say(world["direct"], member, "<script>alert(1)</script> **compostage**",
                  committed)
    html = as_user(member).get(URL, {"q": "compostage", "tri": "recents"}).content.decode()
    assert "<mark>compostage</mark>" in html
    assert "<script>alert(1)" not in html
    link = reverse("chat:message", args=[world["direct"].pk, message.pk])
    assert f'href="{link}"' in html
    first = re.findall(r'data-message="(\d+)"', html)[0]
    assert int(first) == message.pk  # newest first


def test_the_rooms_pages_lead_to_the_search(world, member, as_user):
    client = as_user(member)
    for url in (reverse("chat:index"), world["public"].get_absolute_url()):
        html = client.get(url).content.decode()
        assert f'href="{URL}"' in html and 'data-action="chat-search"' in html


def test_htmx_gets_only_the_results(world, member, as_user):
    response = as_user(member).get(URL, {"q": "compostage"}, HTTP_HX_REQUEST="true",
                                   HTTP_HX_CURRENT_URL=f"http://testserver{URL}")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="message-results"')
    assert "<html" not in html and response["Vary"].count("HX-Request") == 1


def test_the_engine_down_falls_back_to_the_database(world, member, as_user, monkeypatch):
    from search.backends import get_backend
    from search.backends.base import SearchUnavailable

    def down(*args, **kwargs):
        raise SearchUnavailable("down")

    monkeypatch.setattr(type(get_backend()), "search", down)
    html = as_user(member).get(URL, {"q": "compostage"}).content.decode()
    assert 'data-notice="search-unavailable"' in html
    shown = sorted(int(pk) for pk in re.findall(r'data-message="(\d+)"', html))
    assert shown == ids(world, "public", "direct")
