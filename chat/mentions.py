"""@mentions in chat messages: "@" then a member's display name ("@Anouk Martin").

Resolved on the server when the message is stored, against the members of its room: case and
accents do not matter, the longest name wins ("@Marc Membre" is not "@Marc" followed by
"Membre"), and a name must end where a word ends ("@Anne" does not match "@Annette"). Two
members with the same name are both mentioned. chat/rendering.py finds the mentions while
rendering (not in code, not inside a link's text) and turns each into a link.
"""

import unicodedata
from bisect import bisect_right

# What may not come right before the "@" (an email address) or right after a name (a longer
# word): letters, digits and these.
_WORD_JOINERS = frozenset("_-")
_SPACES = frozenset(" \t\u00a0\u202f")


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in _WORD_JOINERS


def _fold_char(char: str) -> str:
    """One character lower-cased and without its accents: "É" -> "e", "ß" -> "ss"."""
    if char in _SPACES:
        return " "
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalise(text: str) -> str:
    """How names are compared: "  Élise   DUPRÉ " -> "elise dupre"."""
    return " ".join("".join(_fold_char(c) for c in text).split())


class MentionIndex:
    """The names that can be mentioned in one room, longest first."""

    def __init__(self, people) -> None:
        by_name: dict[str, list] = {}
        for person in people:
            name = normalise(person.display_name)
            if name:
                by_name.setdefault(name, []).append(person)
        self._names = sorted(by_name.items(), key=lambda item: (-len(item[0]), item[0]))
        self._longest = len(self._names[0][0]) if self._names else 0

    def __bool__(self) -> bool:
        return bool(self._names)

    def match(self, text: str, at: int) -> tuple[int, list] | None:
        """With ``text[at] == "@"``: ``(end, people)`` for the longest name written right after
        it (``text[at:end]`` is the whole mention), or None."""
        if not self._names or text[at : at + 1] != "@":
            return None
        if at > 0 and _is_word_char(text[at - 1]):
            return None  # marc@exemple.fr is an address, not a mention
        # Fold the text after the "@" one character at a time, remembering where each original
        # character ends in the folded text: folding may change lengths ("ß", combining accents).
        folded: list[str] = []
        ends: list[int] = []
        length = 0
        for char in text[at + 1 :]:
            part = _fold_char(char)
            if length >= self._longest and part:
                break
            folded.append(part)
            length += len(part)
            ends.append(length)
        window = "".join(folded)
        for name, people in self._names:
            if not window.startswith(name):
                continue
            # The last original character that ends exactly where the name does (so that
            # combining accents written after a letter belong to the mention).
            count = bisect_right(ends, len(name))
            if count == 0 or ends[count - 1] != len(name):
                continue
            end = at + 1 + count
            if end < len(text) and _is_word_char(text[end]):
                continue
            return end, people
        return None


def suggest(people, query: str, limit: int = 8) -> list:
    """The composer's suggestions for "@query": names starting with it first, then names with a
    word starting with it, then names containing it; accents and case ignored."""
    wanted = normalise(query)
    ranked = []
    for person in people:
        name = normalise(person.display_name)
        if not wanted or name.startswith(wanted):
            rank = 0
        elif any(word.startswith(wanted) for word in name.split()):
            rank = 1
        elif wanted in name:
            rank = 2
        else:
            continue
        ranked.append((rank, name, person.pk, person))
    ranked.sort(key=lambda item: item[:3])
    return [person for *_key, person in ranked[:limit]]
