"""Presence: socket slots in the cache (chat/sockets.py), the presence frame, and the online
marks on the room's member list and on profiles."""

import time

import pytest
from channels.db import database_sync_to_async
from django.core.cache import cache

from chat import consumers, services, sockets
from chat.models import Room
from tests.chat.sockets import (  # noqa: F401  (fixtures)
    _fresh_realtime_state,
    assert_error_frame,
    recv,
)
from tests.chat.sockets import sockets as open_sockets  # noqa: F401
from tests.factories import MemberFactory

sync = database_sync_to_async

LOCAL_MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                            "LOCATION": "presence-tests"}}


@pytest.fixture
def local_cache(settings):
    settings.CACHES = LOCAL_MEMORY
    sockets.shared_cache().clear()
    yield sockets.shared_cache()
    sockets.shared_cache().clear()


# --- Slots ---------------------------------------------------------------------------------


def test_slots_cap_the_sockets_and_free_on_release(local_cache):
    taken = [sockets.take_slot(7, f"socket-{n}") for n in range(sockets.MAX_SOCKETS_PER_MEMBER)]
    assert taken == list(range(sockets.MAX_SOCKETS_PER_MEMBER))
    assert sockets.take_slot(7, "one-too-many") is None
    assert sockets.take_slot(8, "another-member") == 0
    sockets.release_slot(7, 3, "socket-3")
    assert sockets.take_slot(7, "new-tab") == 3
    # Releasing with another socket's name frees nothing.
    sockets.release_slot(7, 4, "socket-3")
    assert sockets.take_slot(7, "again") is None


def test_slots_expire_without_a_ping(local_cache):
    """A process killed with its sockets open leaves nothing that lasts: slots expire."""
    slot = sockets.take_slot(7, "socket")
    key = local_cache.make_key(f"chat:socket:7:{slot}")
    expires_in = local_cache._expire_info[key] - time.time()
    assert 0 < expires_in <= sockets.SLOT_SECONDS


def test_renewing_keeps_the_slot_or_takes_one_again(local_cache):
    slot = sockets.take_slot(7, "socket")
    assert sockets.renew_slot(7, slot, "socket") == slot
    local_cache.delete(f"chat:socket:7:{slot}")  # expired while the laptop slept
    assert sockets.online_user_ids([7]) == set()
    assert sockets.renew_slot(7, slot, "socket") == slot
    assert sockets.online_user_ids([7]) == {7}


def test_online_user_ids(local_cache):
    sockets.take_slot(1, "a")
    sockets.take_slot(3, "b")
    sockets.take_slot(3, "c")
    assert sockets.online_user_ids([1, 2, 3, 3]) == {1, 3}
    assert sockets.online_user_ids([]) == set()
    sockets.release_slot(1, 0, "a")
    assert sockets.online_user_ids([1, 2, 3]) == {3}


def test_the_shared_cache_follows_the_settings(settings):
    first = sockets.shared_cache()
    assert sockets.shared_cache() is first
    settings.CACHES = LOCAL_MEMORY
    assert sockets.shared_cache() is not first


# --- The presence frame --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_presence_frame_says_who_has_a_tab_open(open_sockets, member, other_member):  # noqa: F811 (a fixture)
    offline = await sync(MemberFactory)()
    watcher = await open_sockets.open(member)
    other = await open_sockets.open(other_member)
    await watcher.send_json_to({"type": "presence",
                                "users": [member.pk, other_member.pk, offline.pk]})
    assert await recv(watcher) == {"type": "presence",
                                   "online": sorted([member.pk, other_member.pk])}
    await other.disconnect()
    await watcher.send_json_to({"type": "presence", "users": [other_member.pk]})
    assert await recv(watcher) == {"type": "presence", "online": []}


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_a_ping_brings_back_an_expired_slot(open_sockets, member, monkeypatch):  # noqa: F811
    """(A Redis restart, a tab that slept): the first ping past the renewal interval."""
    monkeypatch.setattr(consumers, "SLOT_RENEW_SECONDS", 0)
    socket = await open_sockets.open(member)
    await sync(cache.delete_many)([f"chat:socket:{member.pk}:{n}" for n in range(10)])
    await socket.send_json_to({"type": "presence", "users": [member.pk]})
    assert await recv(socket) == {"type": "presence", "online": []}
    await socket.send_json_to({"type": "ping"})
    assert await recv(socket) == {"type": "pong"}
    await socket.send_json_to({"type": "presence", "users": [member.pk]})
    assert await recv(socket) == {"type": "presence", "online": [member.pk]}


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
@pytest.mark.parametrize("users", [None, "1,2", [1, "2"], [True], [1.5],
                                   list(range(sockets.MAX_PRESENCE_USERS + 1))])
async def test_bad_presence_frames(open_sockets, member, users):  # noqa: F811 (a fixture)
    socket = await open_sockets.open(member)
    frame = {"type": "presence"} if users is None else {"type": "presence", "users": users}
    await assert_error_frame(socket, frame, "invalid_frame")


# --- Pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_room_member_list_marks_who_is_online(as_user, member, other_member, moderator):
    room = services.room_create(actor=member, name="Projet", kind=Room.Kind.PRIVATE,
                                members=[other_member, moderator])
    sockets.take_slot(other_member.pk, "a-tab")
    page = as_user(member).get(room.get_absolute_url()).content.decode()
    assert f'class="presence presence--online" data-presence="{other_member.pk}"' in page
    assert f'class="presence" data-presence="{moderator.pk}"' in page
    assert '<span data-presence-count>1</span>' in page
    assert "js/presence.js" in page


@pytest.mark.django_db
def test_profile_says_online_or_offline(as_user, member, other_member):
    url = f"/membres/{other_member.pk}/"
    page = as_user(member).get(url).content.decode()
    assert f'data-presence="{other_member.pk}"' in page
    assert "<span data-when-online hidden>" in page
    sockets.take_slot(other_member.pk, "a-tab")
    page = as_user(member).get(url).content.decode()
    assert "presence--online" in page
    assert "<span data-when-offline hidden>" in page
