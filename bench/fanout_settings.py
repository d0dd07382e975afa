"""Settings of the Daphne process started by bench/chat_fanout.py: the platform's settings with
the Redis channel layer chosen by BENCH_CHANNEL_LAYER (``core`` or ``pubsub``) and extra
redis-py connection options from BENCH_REDIS_OPTIONS (JSON), so that the channels_redis layers
can be measured without touching config/settings.py."""

import json
import os

from config.settings import *  # noqa: F403
from config.settings import LOGGING, REDIS_URL

LAYERS = {
    "core": "channels_redis.core.RedisChannelLayer",
    "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
}
BENCH_CHANNEL_LAYER = os.environ.get("BENCH_CHANNEL_LAYER", "core")
BENCH_REDIS_OPTIONS = json.loads(os.environ.get("BENCH_REDIS_OPTIONS") or "{}")

if not REDIS_URL:
    raise RuntimeError("bench/fanout_settings.py needs REDIS_URL")
CHANNEL_LAYERS = {
    "default": {
        "BACKEND": LAYERS[BENCH_CHANNEL_LAYER],
        "CONFIG": {
            "hosts": [{"address": REDIS_URL, **BENCH_REDIS_OPTIONS}] if BENCH_REDIS_OPTIONS
            else [REDIS_URL],
            "prefix": "catalyse",
        },
    }
}

# Timestamps in the server log, to line problems up with the benchmark's phases.
LOGGING["formatters"] = {"timed": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}}
LOGGING["handlers"]["console"]["formatter"] = "timed"
