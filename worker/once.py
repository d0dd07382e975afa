"""Side effects that happen at most once although their task may run twice.

A task is taken up again when its worker dies (``worker.leases``), so a task may run twice: one
whose effect cannot be repeated harmlessly (an e-mail) claims a unique key first, in a write of
its own that commits before the effect. A second run finds the key and skips the effect. If the
effect raises, the key is released so that a later run may try again; if the process dies
during the effect itself (the few milliseconds of an SMTP exchange), the key stays and the
effect is not repeated: at most once, never twice.
"""

import logging
from collections.abc import Callable

from django.db import DatabaseError, IntegrityError, transaction

from worker.models import TaskMark

logger = logging.getLogger(__name__)


def claim(key: str) -> bool:
    """Take ``key``; False when an earlier run took it."""
    try:
        with transaction.atomic():
            TaskMark.objects.create(key=key)
    except IntegrityError:
        return False
    return True


def release(key: str) -> None:
    TaskMark.objects.filter(key=key).delete()


def run_once(key: str, effect: Callable[[], object]) -> bool:
    """Run ``effect`` unless a run with the same ``key`` already did; whether it ran now."""
    if not claim(key):
        logger.info("Skipped %s: an earlier run of its task already did it", key)
        return False
    try:
        effect()
    except BaseException:
        try:
            release(key)
        except DatabaseError:
            logger.exception("Could not release %s: a later run will not retry it", key)
        raise
    return True
