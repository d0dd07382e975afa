"""The chat search against bad input (quotes, filter syntax, 10,000 characters, control
characters, rooms not mine, bad dates, unknown authors, odd pages): never a 500, and nothing of
a room the member does not belong to, not even a count. Plus its cost: a constant number of
queries, and the chat group of the global search under the same rules."""

import re

import pytest

from chat import services
from chat.models import Room
from search.everywhere import get_section, run_section
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

URL = "/chat/recherche/"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def rooms(db, member, other_member, committed):
    """``member`` and ``other_member`` talk directly; ``other_member`` has a private room with
    someone else, where the word "confidentiel" is said."""
    outsider = MemberFactory(first_name="Paul", last_name="Dehors")
    direct = services.direct_room(actor=member, others=[other_member])
    private = services.room_create(actor=other_member, name="Cercle fermé",
                                   kind=Room.Kind.PRIVATE, members=[outsider])
    with committed():
        mine = services.message_send(actor=other_member, room=direct,
                                     body="Le dossier \"compostage\" avance : room_id = 5")
        secret = services.message_send(actor=outsider, room=private,
                                       body=f"Compostage confidentiel, room:{private.pk}")
    return {"direct": direct, "private": private, "mine": mine, "secret": secret,
            "outsider": outsider}


def shown(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-message="(\d+)"', html)]


HOSTILE_QUERIES = [
    '"compostage', "compostage\"'", "room_id = 5 OR audience = room:1", "audience:room:1",
    "room_id IN [1, 2, 3]", "*", "()", "compostage AND NOT x", "\\", "%", "_", "' OR 1=1 --",
    "compostage\x00\x01\x1f\u200b\u202e", "\ue000compostage\ue001", "x" * 10_000,
    "compostage " * 2_000, "<script>alert(1)</script>", "{{ 7*7 }}",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_words_never_fail_nor_reveal(rooms, member, as_user, query):
    response = as_user(member).get(URL, {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert rooms["secret"].pk not in shown(html)
    assert "confidentiel" not in html and "Cercle fermé" not in html
    assert "<script>alert(1)" not in html
    if len(query) > 200:
        assert 'data-notice="query-shortened"' in html


@pytest.mark.parametrize("params", [
    {"salon": "abc"}, {"salon": "-1"}, {"salon": "1e9"}, {"salon": "9" * 40},
    {"salon": "0x1"}, {"salon": " 1"}, {"auteur": "x"}, {"auteur": "9" * 40},
    {"auteur": "123456"}, {"du": "2026-13-45"}, {"du": "hier"}, {"au": "9999-99-99"},
    {"du": "2026-12-07", "au": "2026-01-01"}, {"du": "0001-01-01"}, {"au": "9999-12-31"},
    {"du": "2026-12-07T10:00"}, {"page": "-1"}, {"page": "abc"}, {"page": "9" * 30},
    {"page": "²"}, {"tri": "bad"}, {"tri": "created_at:asc"}, {"q": ["compostage", "avance"]},
])
def test_odd_parameters_are_ignored_with_a_notice_never_a_failure(rooms, member, as_user,
                                                                    params):
    response = as_user(member).get(URL, {"q": "compostage", **params})
    assert response.status_code == 200
    html = response.content.decode()
    assert rooms["secret"].pk not in shown(html)
    assert "confidentiel" not in html


def test_a_room_or_author_not_mine_is_treated_like_one_that_does_not_exist(rooms, member,
                                                                           as_user):
    client = as_user(member)
    private, outsider = rooms["private"], rooms["outsider"]
    for key, value, missing in (("salon", private.pk, 987_654), ("auteur", outsider.pk, 987_654)):
        theirs = client.get(URL, {"q": "compostage", key: value}).content.decode()
        nobody = client.get(URL, {"q": "compostage", key: missing}).content.decode()
        notice = 'data-notice="ignored-filters"'
        assert notice in theirs and notice in nobody
        assert shown(theirs) == shown(nobody) == [rooms["mine"].pk]
        assert "Cercle fermé" not in theirs and "Dehors" not in theirs


def test_the_room_and_author_choices_are_only_mine(rooms, member, as_user):
    html = as_user(member).get(URL).content.decode()
    salon = html.split('id="id_salon"', 1)[1].split("</select>", 1)[0]
    auteur = html.split('id="id_auteur"', 1)[1].split("</select>", 1)[0]
    assert f'value="{rooms["direct"].pk}"' in salon
    assert f'value="{rooms["private"].pk}"' not in salon
    assert f'value="{rooms["outsider"].pk}"' not in auteur


def test_a_bad_date_range_says_so(rooms, member, as_user):
    html = as_user(member).get(URL, {"q": "compostage", "du": "2026-12-07",
                                     "au": "2026-01-01"}).content.decode()
    assert 'data-notice="ignored-filters"' in html
    assert shown(html) == [rooms["mine"].pk]


def test_applicants_and_anonymous_never_reach_the_page(rooms, applicant, as_user):
    assert as_user(None).get(URL, {"q": "compostage"}).status_code == 302
    response = as_user(applicant).get(URL, {"q": "compostage"})
    assert response.status_code == 302 and "compostage" not in response.content.decode()


# --- Cost -----------------------------------------------------------------------------------


def _talk(room, people, count, committed):
    with committed():
        for number in range(count):
            services.message_send(actor=people[number % len(people)], room=room,
                                  body=f"Compostage numéro {number}")


@pytest.mark.parametrize("htmx", [False, True])
def test_the_page_costs_the_same_queries_with_2_or_40_results(
        member, other_member, as_user, committed, django_assert_max_num_queries, htmx):
    client = as_user(member)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    direct = services.direct_room(actor=member, others=[other_member])
    _talk(direct, [member, other_member], 2, committed)
    client.get(URL, {"q": "compostage"}, **headers)  # sessions, caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(URL, {"q": "compostage"}, **headers)
    people = [member, other_member, *MemberFactory.create_batch(6)]
    for number in range(6):
        room = services.room_create(actor=member, name=f"Salon {number}",
                                    kind=Room.Kind.PRIVATE, members=people[1:])
        _talk(room, people, 6, committed)
        _talk(services.direct_room(actor=member, others=[people[2 + number]]),
              [member, people[2 + number]], 2, committed)
    with django_assert_max_num_queries(len(small)):
        response = client.get(URL, {"q": "compostage", "tri": "recents"}, **headers)
    assert len(shown(response.content.decode())) == 20


# --- The global search ----------------------------------------------------------------------


def test_the_global_search_shows_my_messages_only(rooms, member, other_member, moderator,
                                                  admin_user, applicant):
    section = get_section("discussions")
    assert section is not None and not section.allowed(applicant)

    def group(user):
        return run_section(section, user, "compostage", limit=5)

    mine = group(member)
    assert mine.total == 1 and [hit.url for hit in mine.hits] == [
        f"/chat/{rooms['direct'].pk}/messages/{rooms['mine'].pk}/"]
    assert mine.hits[0].context == other_member.display_name  # the conversation's name
    assert group(other_member).total == 2
    assert group(rooms["outsider"]).total == 1
    assert group(moderator).total == 0 and group(admin_user).total == 0


def test_the_global_results_page_never_shows_a_room_not_mine(rooms, member, as_user):
    html = as_user(member).get("/recherche/", {"q": "compostage"}).content.decode()
    assert "confidentiel" not in html and f"/messages/{rooms['secret'].pk}/" not in html
    assert f"/messages/{rooms['mine'].pk}/" in html
