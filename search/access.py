"""Who may find a document: the ``audience`` access attribute shared by the content indexes
(wall posts now; news items, projects and documents later).

Each document carries ``audience``, a list of keys: whoever holds any one of them may find it.
A person's access filter is ``{"audience": <the keys they hold>}`` (``search.query.restrict``
makes it narrow every search); holding none (an applicant, a suspended member) finds nothing,
without even asking the engine.

Today every member reads everything members publish: the only key is ``members``. A private
wall or a project would index its documents with its own key (``audience_key("project", 12)``
-> ``"project:12"``) and add to ``audience_keys`` the keys of the people who belong to it.
"""

from typing import Any

from search.backends.base import Filters

AUDIENCE = "audience"  # the filterable attribute, in every index that uses this module
MEMBERS = "members"  # every approved member


def audience_key(kind: str, pk: Any) -> str:
    """The key of a closed circle (a private wall, a project): ``"project:12"``."""
    return f"{kind}:{pk}"


def audience_keys(user: Any) -> list[str]:
    """The keys ``user`` holds: ``members`` for an approved member, none for anybody else."""
    return [MEMBERS] if getattr(user, "is_member", False) else []


def audience_filter(user: Any) -> Filters:
    """The access filter of an index whose documents carry ``audience``."""
    return {AUDIENCE: audience_keys(user)}
