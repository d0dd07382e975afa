"""What the open sockets of every server process share through the cache: the socket slots
behind presence and the per-member cap, the send rate limit and the typing throttle.

Each open socket holds one of its member's ``MAX_SOCKETS_PER_MEMBER`` slots: a cache key with
a short lifetime that the socket renews whenever its tab pings (every 25 s, static/js/
realtime.js). A member is online while one of their slots is held. A process that dies
without closing its sockets leaves slots that expire by themselves within ``SLOT_SECONDS``:
there is no counter to leak.
"""

import logging
import threading

from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

MAX_SOCKETS_PER_MEMBER = 10
SLOT_SECONDS = 75  # three missed pings
MAX_PRESENCE_USERS = 500
RATE_LIMIT_MESSAGES = 20
RATE_LIMIT_SECONDS = 10
# Every other frame has its budget, in the same window. Those that read a lot (presence: up
# to 5,000 cache keys; replay: up to 200 messages), which a tab sends every 30 s or after a
# fault: per member, all sockets together, counted in the cache. The light ones (ping,
# subscribe, typing...; a visible tab pings every second): per socket, counted in the
# socket's memory at no cost, which bounds a member's to MAX_SOCKETS_PER_MEMBER times as many.
RATE_LIMIT_HEAVY_FRAMES = 20
RATE_LIMIT_LIGHT_FRAMES_PER_SOCKET = 50
TYPING_EVERY_SECONDS = 3

_shared = None
_lock = threading.Lock()


def shared_cache():
    """One cache client for the process. ``django.core.cache.cache`` is per asyncio context:
    every socket would build its own client, and its own connection pool to Redis."""
    global _shared
    if _shared is None:
        with _lock:
            if _shared is None:
                _shared = caches.create_connection("default")
    return _shared


@receiver(setting_changed)
def _forget_shared_cache(*, setting, **kwargs) -> None:
    global _shared
    if setting == "CACHES":
        _shared = None


def _slot_key(user_id: int, slot: int) -> str:
    return f"chat:socket:{user_id}:{slot}"


def take_slot(user_id: int, token: str) -> int | None:
    """A free slot for a new socket (``token`` names it), or None when all are held."""
    cache = shared_cache()
    for slot in range(MAX_SOCKETS_PER_MEMBER):
        if cache.add(_slot_key(user_id, slot), token, timeout=SLOT_SECONDS):
            return slot
    return None


def renew_slot(user_id: int, slot: int | None, token: str) -> int | None:
    """Keep the socket's slot alive; take one again if it expired (a tab that slept)."""
    cache = shared_cache()
    if slot is not None:
        key = _slot_key(user_id, slot)
        if cache.get(key) == token and cache.touch(key, SLOT_SECONDS):
            return slot
    return take_slot(user_id, token)


def release_slot(user_id: int, slot: int | None, token: str) -> None:
    if slot is None:
        return
    cache = shared_cache()
    key = _slot_key(user_id, slot)
    if cache.get(key) == token:
        cache.delete(key)


def online_user_ids(user_ids) -> set[int] | None:
    """Which of these members have a tab open now (at most MAX_PRESENCE_USERS asked); None
    when nobody can know, the cache being unreachable (Redis down): pages then show presence
    as unknown instead of failing."""
    wanted = list(dict.fromkeys(user_ids))[:MAX_PRESENCE_USERS]
    keys = {_slot_key(user_id, slot): user_id
            for user_id in wanted for slot in range(MAX_SOCKETS_PER_MEMBER)}
    if not keys:
        return set()
    try:
        found = shared_cache().get_many(list(keys))
    except (RedisError, OSError) as error:
        logger.warning("Presence unknown: the cache did not answer (%s)", type(error).__name__)
        return None
    return {keys[key] for key in found}


def within_send_rate(user_id: int) -> bool:
    """At most RATE_LIMIT_MESSAGES writes per member in a fixed window of RATE_LIMIT_SECONDS."""
    return within_rate(user_id, "", RATE_LIMIT_MESSAGES)


def within_heavy_rate(user_id: int) -> bool:
    """The budget of the frames that read a lot (presence, replay)."""
    return within_rate(user_id, "heavy:", RATE_LIMIT_HEAVY_FRAMES)


def within_rate(user_id: int, budget: str, limit: int) -> bool:
    """At most ``limit`` frames of a budget per member in a fixed window of
    RATE_LIMIT_SECONDS. Open when the cache is unreachable (Redis down): a limit that cannot
    be counted must not stop the pings that tell the tabs what they missed."""
    cache = shared_cache()
    key = f"chat:rate:{budget}{user_id}"
    try:
        cache.add(key, 0, timeout=RATE_LIMIT_SECONDS)
        try:
            return cache.incr(key) <= limit
        except ValueError:  # the window ended between add and incr
            cache.set(key, 1, timeout=RATE_LIMIT_SECONDS)
            return True
    except (RedisError, OSError) as error:
        logger.warning("Rate limit not counted: the cache did not answer (%s)",
                       type(error).__name__)
        return True


def typing_allowed(user_id: int, room_id: int) -> bool:
    """One typing notice per member and room every TYPING_EVERY_SECONDS."""
    return shared_cache().add(f"chat:typing:{user_id}:{room_id}", 1, TYPING_EVERY_SECONDS)
