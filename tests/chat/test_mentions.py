"""@mentions in chat messages: parsing (accents, case, longest name, unknown names, the author,
people outside a private room), the rendered links, the notifications they cause (once per
message, on edit only the new ones), and the composer's suggestions endpoint."""

import re

import pytest
from django.urls import reverse

from chat import services
from chat.mentions import MentionIndex, normalise, suggest
from chat.models import Room, RoomMembership
from chat.rendering import render_message
from community.models import UserStatus
from notifications.models import Notification
from tests.chat.inert import assert_inert
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def anouk(db):
    return MemberFactory(first_name="Anouk", last_name="Martin")


@pytest.fixture
def elise(db):
    return MemberFactory(first_name="Élise", last_name="Dupré")


@pytest.fixture
def marc_short(db):
    """Somebody called just "Marc", next to ``member`` (Marc Membre)."""
    return MemberFactory(first_name="Marc", last_name="")


@pytest.fixture
def room(member, anouk, elise, marc_short):
    """A private room of ``member``'s; other_member is not in it."""
    return services.room_create(actor=member, name="Projet vallée", kind=Room.Kind.PRIVATE,
                                members=[anouk, elise, marc_short])


def mentioned(message) -> set:
    return set(message.mentions.values_list("pk", flat=True))


def notified(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=Notification.Kind.MENTION))


class Person:
    def __init__(self, pk, name):
        self.pk = pk
        self.display_name = name


# --- Parsing ---------------------------------------------------------------------------------


def test_normalise_ignores_case_accents_and_spacing():
    assert normalise("  Élise   DUPRÉ ") == "elise dupre"
    assert normalise("Ægir Straße") == "ægir strasse"
    assert normalise("Zoé") == normalise("Zoe\u0301") == "zoe"


def test_index_longest_name_wins_and_names_end_with_a_word():
    index = MentionIndex([Person(1, "Marc"), Person(2, "Marc Membre"), Person(3, "Anne")])
    text = "@Marc Membre, @marc. @Annette @Anne-Sophie @Anne"
    found = [(text[at:end], [p.pk for p in people]) for at in range(len(text))
             if (match := index.match(text, at)) for end, people in [match]]
    assert found == [("@Marc Membre", [2]), ("@marc", [1]), ("@Anne", [3])]


def test_index_needs_an_at_sign_not_inside_an_address():
    index = MentionIndex([Person(1, "Marc")])
    assert index.match("marc@Marc", 4) is None
    assert index.match("Marc", 0) is None
    end, people = index.match("(@Marc)", 1)
    assert end == 6 and [p.pk for p in people] == [1]


def test_homonyms_are_both_mentioned():
    first, second = Person(1, "Marie Dupont"), Person(2, "Marie  dupont")
    _html, people = render_message("Bonjour @Marie Dupont", [first, second])
    assert people == [first, second]


def test_accents_and_case_are_ignored(member, room, anouk, elise):
    message = services.message_send(actor=member, room=room,
                                    body="Bonjour @elise dupre et @ANOUK MARTIN !")
    assert mentioned(message) == {elise.pk, anouk.pk}
    assert re.search(f'data-mention="{elise.pk}"[^>]*>@elise dupre</a>', message.html)


def test_longest_name_wins(anouk, room, member, marc_short):
    message = services.message_send(actor=anouk, room=room, body="@Marc Membre tu viens ?")
    assert mentioned(message) == {member.pk}
    message = services.message_send(actor=anouk, room=room, body="@Marc, tu viens ?")
    assert mentioned(message) == {marc_short.pk}
    message = services.message_send(actor=anouk, room=room, body="@Marcel tu viens ?")
    assert mentioned(message) == set()


def test_unknown_names_addresses_code_and_link_texts_are_not_mentions(member, room):
    body = ("@Personne Inconnue, écris à anouk@exemple.fr, `@Anouk Martin`, "
            "[@Anouk Martin](https://exemple.fr) et\n```\n@Élise Dupré\n```")
    message = services.message_send(actor=member, room=room, body=body)
    assert mentioned(message) == set()
    assert 'class="mention"' not in message.html
    assert not Notification.objects.exists()


def test_the_author_is_not_notified_of_their_own_name(member, room):
    message = services.message_send(actor=member, room=room, body="Moi, @Marc Membre.")
    assert 'class="mention"' in message.html  # shown as a mention, like any other
    assert notified(member) == []


def test_people_outside_a_private_room_are_not_mentioned(member, room, other_member):
    message = services.message_send(actor=member, room=room, body="@Odile Autre, tu vois ?")
    assert mentioned(message) == set()
    assert notified(other_member) == []


def test_public_room_mentions_its_members_only(moderator, member, other_member):
    public = services.room_create(actor=moderator, name="Tiers-lieux")
    services.room_join(actor=member, room=public)
    message = services.message_send(actor=moderator, room=public,
                                    body="@Marc Membre et @Odile Autre")
    assert mentioned(message) == {member.pk}
    assert len(notified(member)) == 1
    assert notified(other_member) == []


def test_suspended_members_are_not_mentioned(member, room, anouk):
    anouk.status = UserStatus.SUSPENDED
    anouk.save(update_fields=["status"])
    message = services.message_send(actor=member, room=room, body="@Anouk Martin ?")
    assert mentioned(message) == set()


# --- Rendering -------------------------------------------------------------------------------


def test_mentions_are_links_to_profiles(member, room, anouk):
    message = services.message_send(actor=member, room=room, body="**Salut** @Anouk Martin")
    link = re.search(r'<a [^>]*class="mention"[^>]*>@Anouk Martin</a>', message.html).group(0)
    assert f'href="{reverse("community:member_detail", args=[anouk.pk])}"' in link
    assert f'data-mention="{anouk.pk}"' in link
    assert_inert(message.html)


def test_a_hostile_name_renders_inert(member):
    evil = MemberFactory(first_name='<img src=x onerror="alert(1)">', last_name="<script>x")
    room = services.room_create(actor=member, name="Salle", kind=Room.Kind.PRIVATE,
                                members=[evil])
    body = '@<img src=x onerror="alert(1)"> <script>x <a class="mention" href="/x">faux</a>'
    message = services.message_send(actor=member, room=room, body=body)
    assert mentioned(message) == {evil.pk}
    assert_inert(message.html)
    assert "<script" not in message.html and "<img" not in message.html
    assert len(re.findall(r'<a [^>]*class="mention"', message.html)) == 1


def test_the_room_page_shows_mentions_and_the_mentions_script(as_user, member, room, anouk):
    services.message_send(actor=member, room=room, body="Coucou @Anouk Martin")
    html = as_user(anouk).get(room.get_absolute_url()).content.decode()
    assert f'class="mention" data-mention="{anouk.pk}"' in html
    assert "js/mentions.js" in html
    assert f'data-members-url="{reverse("chat:room_members_json", args=[room.pk])}"' in html


# --- Notifications ---------------------------------------------------------------------------


def test_each_mentioned_member_is_notified_once_per_message(member, room, anouk, elise):
    message = services.message_send(
        actor=member, room=room, body="@Anouk Martin, @anouk martin et @Élise Dupré : jeudi ?"
    )
    [for_anouk] = notified(anouk)
    [for_elise] = notified(elise)
    assert for_anouk.actor == member
    assert for_anouk.url == f"{room.get_absolute_url()}#m-{message.seq}"
    assert for_anouk.text.startswith("Marc Membre — ")
    # French typography (config/typography.py): no-break spaces before : and ?.
    assert "@Anouk Martin, @anouk martin et @Élise Dupré\u00a0: jeudi\u00a0?" in for_anouk.text
    assert for_anouk.read_at is None
    assert for_elise.key == for_anouk.key == f"chat.message:{message.pk}"


def test_a_resent_message_does_not_notify_again(member, room, anouk):
    for _attempt in range(2):
        services.message_send(actor=member, room=room, body="@Anouk Martin", client_id="abc")
    assert len(notified(anouk)) == 1


def test_an_edit_notifies_only_the_new_mentions(member, room, anouk, elise, marc_short):
    message = services.message_send(actor=member, room=room, body="@Anouk Martin jeudi ?")
    services.message_edit(actor=member, message=message, body="@Anouk Martin et @Élise Dupré ?")
    assert len(notified(anouk)) == 1
    assert len(notified(elise)) == 1
    assert mentioned(message) == {anouk.pk, elise.pk}
    # Taken out, then back: still once.
    services.message_edit(actor=member, message=message, body="Personne finalement")
    assert mentioned(message) == set()
    services.message_edit(actor=member, message=message, body="@Élise Dupré et @Marc")
    assert len(notified(elise)) == 1
    assert len(notified(marc_short)) == 1
    assert Notification.objects.count() == 3


def test_deleting_a_message_withdraws_its_notifications(member, moderator, anouk, elise):
    """Its excerpt must not outlive it: by its author, or by a moderator (an abusive one)."""
    public = services.room_create(actor=moderator, name="Salon")
    for person in (member, anouk, elise):
        services.room_join(actor=person, room=public)
    first = services.message_send(actor=member, room=public, body="@Anouk Martin, ça va ?")
    second = services.message_send(actor=member, room=public, body="@Élise Dupré, injure")
    services.message_send(actor=member, room=public, body="@Élise Dupré, pardon")
    services.message_delete(actor=member, message=first)
    services.message_delete(actor=moderator, message=second, reason="Injure")
    assert notified(anouk) == []
    assert [n.text for n in notified(elise)] == ["Marc Membre — @Élise Dupré, pardon"]


def test_the_excerpt_is_plain_text(member, room, anouk):
    services.message_send(actor=member, room=room,
                          body="**Important** @Anouk Martin <b>x</b> & " + "long " * 60)
    [notification] = notified(anouk)
    assert notification.text.startswith("Marc Membre — Important @Anouk Martin <b>x</b> & long")
    assert notification.text.endswith("…")
    assert len(notification.text) <= 140


# --- Suggestions for the composer ------------------------------------------------------------


def test_suggest_ranks_prefixes_first_and_ignores_accents():
    people = [Person(1, "Zoé Élan"), Person(2, "Éloïse Martin"), Person(3, "Noël Bel"),
              Person(4, "Rémi Durand")]
    assert [p.pk for p in suggest(people, "el")] == [2, 1, 3]
    assert [p.pk for p in suggest(people, "ÉLO")] == [2]
    assert len(suggest([Person(n, f"Anne {n}") for n in range(20)], "an")) == 8


def test_members_endpoint_suggests_members_of_the_room(as_user, member, room, anouk, elise):
    url = reverse("chat:room_members_json", args=[room.pk])
    response = as_user(member).get(url, {"q": "ELI"})
    assert response.status_code == 200
    assert response.json() == {"members": [{"id": elise.pk, "name": "Élise Dupré"}]}
    assert "no-store" in response["Cache-Control"]
    names = [m["name"] for m in as_user(member).get(url, {"q": "ma"}).json()["members"]]
    assert names == ["Marc", "Anouk Martin"]  # not the person asking
    RoomMembership.objects.bulk_create([
        RoomMembership(room=room, user=MemberFactory(first_name="Anne", last_name=f"Nom{n}"))
        for n in range(10)
    ])
    assert len(as_user(member).get(url, {"q": "anne"}).json()["members"]) == 8


def test_members_endpoint_refuses_outsiders(as_user, room, other_member, moderator, applicant):
    url = reverse("chat:room_members_json", args=[room.pk])
    assert as_user(other_member).get(url, {"q": "a"}).status_code == 404
    assert as_user(moderator).get(url, {"q": "a"}).status_code == 404
    anonymous = as_user(None).get(url, {"q": "a"})
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    assert as_user(applicant).get(url)["Location"] == reverse("community:application_status")
    assert as_user(other_member).get(
        reverse("chat:room_members_json", args=[999_999])).status_code == 404
    assert as_user(room.created_by).post(url).status_code == 405


def test_members_endpoint_of_a_public_room(as_user, moderator, member, other_member):
    public = services.room_create(actor=moderator, name="Tiers-lieux")
    services.room_join(actor=member, room=public)
    url = reverse("chat:room_members_json", args=[public.pk])
    # Anyone who can read the public room sees who joined it, as on the room page.
    response = as_user(other_member).get(url, {"q": "MEMB"})
    assert {m["id"] for m in response.json()["members"]} == {member.pk}
