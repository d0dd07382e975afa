"""What each app does when an account closes. An app registers, in its ``data_erasure.py``::

    register(Eraser(name="walls", order=40, close=close_walls, summary=summarise_walls))

``close(closure)`` calls that app's own services (privacy never writes another app's tables);
``summary(member, closure)`` counts what will happen, for the page the member confirms on.
``order`` matters: what points at files (documents) goes before the files, withdrawn event
registrations before the account turns inactive, and ``community`` (the profile, the e-mail
address, the sessions) last, since the others still read the member as they were.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ANONYMISE = "anonymise"
DELETE = "delete"
MODES = (ANONYMISE, DELETE)


@dataclass
class Closure:
    """One closing, as every eraser sees it.

    ``names`` are the strings that identified the person (full name, e-mail address), to be
    replaced by ``label`` ("Ancien membre #a1b2c3") wherever others' records quoted them.
    ``keep_library``: in the "delete" mode, documents shared in the library pass to the network
    (signed "Ancien membre") unless the member asked for them to go too.
    """

    member: Any
    actor: Any
    mode: str
    pseudonym: str
    label: str
    names: list[str]
    reason: str = ""
    keep_library: bool = True
    # First and last name on their own: replaced only in records by or about the member.
    name_parts: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    # What the "delete" mode removed, by model: the audit log's lines about these things lose
    # their description (a copy of the member's words) too.
    erased: list[tuple[type, list[int]]] = field(default_factory=list)

    @property
    def deletes_content(self) -> bool:
        return self.mode == DELETE

    def forget(self, model: type, ids) -> None:
        ids = list(ids)
        if ids:
            self.erased.append((model, ids))

    def count(self, key: str, value: int) -> None:
        self.counts[key] = self.counts.get(key, 0) + int(value)


@dataclass(frozen=True)
class SummaryLine:
    """One line of "what will happen": a sentence already counted and translated."""

    text: str


@dataclass(frozen=True)
class Eraser:
    name: str
    order: int
    close: Callable[[Closure], None]
    summary: Callable[[Any, Closure], list[SummaryLine]] | None = None


_erasers: dict[str, Eraser] = {}


def register(eraser: Eraser) -> Eraser:
    _erasers[eraser.name] = eraser
    return eraser


def all_erasers() -> list[Eraser]:
    return sorted(_erasers.values(), key=lambda eraser: (eraser.order, eraser.name))
