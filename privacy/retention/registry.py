"""Who forgets what: each app attaches a purge to the written policies that cover its data.

In the app's ``data_retention.py`` (found at start-up by ``privacy.apps``)::

    from privacy.retention.registry import register
    from notifications import services

    register("notifications", services.notifications_purge)

A purge is the app's own service, called as ``purge(older_than=cutoff, dry_run=False)``: it
removes (or blanks) what the policy says of the rows older than ``older_than`` and returns how
many rows it changed; with ``dry_run=True`` it only counts them and writes nothing. It must be
idempotent (a second run finds nothing left), work in batches on large tables
(``config.purging``), and never touch another app's tables: privacy only calls it.
"""

from collections.abc import Callable
from datetime import datetime

from privacy.retention.policies import POLICIES_BY_KEY

Purge = Callable[..., int]

_purges: dict[str, list[Purge]] = {}


class UnknownPolicy(KeyError):
    pass


def register(key: str, purge: Purge) -> Purge:
    """Attach ``purge`` to the written policy ``key`` (several apps may share one policy)."""
    if key not in POLICIES_BY_KEY:
        raise UnknownPolicy(f"no retention policy {key!r} in privacy/retention/policies.py")
    if not POLICIES_BY_KEY[key].nightly:
        raise ValueError(f"the policy {key!r} is not applied nightly: nothing to register")
    purges = _purges.setdefault(key, [])
    if purge not in purges:
        purges.append(purge)
    return purge


def purges_for(key: str) -> list[Purge]:
    return list(_purges.get(key, ()))


def run_purges(key: str, *, older_than: datetime, dry_run: bool) -> int:
    return sum(purge(older_than=older_than, dry_run=dry_run) for purge in purges_for(key))
