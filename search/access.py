"""Who may find a document: the ``audience`` access attribute shared by the content indexes
(wall posts now; news items, projects and documents later).

Each document carries ``audience``, a list of keys: whoever holds any one of them may find it.
A person's access filter is ``{"audience": <the keys they hold>}`` (``search.query.restrict``
makes it narrow every search); holding none (an applicant, a suspended member) finds nothing,
without even asking the engine.

Every member reads everything members publish under the key ``members``. A private project
indexes its documents with its own key (``audience_key("project", 12)`` -> ``"project:12"``),
which ``audience_keys`` gives to the people who belong to it (projects/permissions.py).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from search.backends.base import Filters

AUDIENCE = "audience"  # the filterable attribute, in every index that uses this module
MEMBERS = "members"  # every approved member


def audience_key(kind: str, pk: Any) -> str:
    """The key of a closed circle (a private wall, a project): ``"project:12"``."""
    return f"{kind}:{pk}"


# The keys of the person a multi-index search is for (``one_audience``): read once, not once
# per index.
_remembered: ContextVar[tuple[Any, list[str]] | None] = ContextVar("audience_keys", default=None)


@contextmanager
def one_audience(user: Any) -> Iterator[None]:
    """Within this block, ``audience_keys(user)`` is read from the database once: the global
    search asks four indexes for the same person in one request."""
    token = _remembered.set((getattr(user, "pk", None), audience_keys(user)))
    try:
        yield
    finally:
        _remembered.reset(token)


def audience_keys(user: Any) -> list[str]:
    """The keys ``user`` holds: ``members`` for an approved member, plus the key of each
    private project they belong to (one query); none for anybody else."""
    if not getattr(user, "is_member", False):
        return []
    remembered = _remembered.get()
    if remembered is not None and remembered[0] == user.pk:
        return list(remembered[1])
    from projects.models import Project, ProjectMembership  # apps import this module

    private_projects = ProjectMembership.objects.filter(
        member=user.pk, state=ProjectMembership.State.MEMBER,
        project__visibility=Project.Visibility.PRIVATE,
    ).values_list("project_id", flat=True)
    return [MEMBERS, *(audience_key("project", pk) for pk in private_projects)]


def audience_filter(user: Any) -> Filters:
    """The access filter of an index whose documents carry ``audience``."""
    return {AUDIENCE: audience_keys(user)}
