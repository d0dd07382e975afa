"""The network's vocabulary for search: synonyms, acronyms and request words (issue 12).

Kept in ``search/vocabulary.json`` (curated, reviewed like code); admins extend or override it
without a deploy through ``VocabularyEntry`` rows (Django admin), merged over the file here.
The indexes that use it (``vocabulary_settings``) take it into their settings each time they
are configured; saving an entry reconfigures them (see ``search.signals``).

- ``groups``: forms of one thing; each form finds the others (Meilisearch's mutual synonyms).
- ``one_way``: a broad word also finds narrower ones and their forms, never the reverse
  ("collectivité" finds "EPCI"; "EPCI" does not find every "Mairie de ...").
- acronyms: every form written in capitals, 2 to 5 letters, matched whole (never a prefix,
  no typo): "ESS" does not rank "Essaimage", "AMI" does not find "Amiens".
- ``request_words``: the words of a request ("je cherche quelqu'un qui connaît...") that say
  nothing of the need; added to the index's stop words.
"""

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.db import DatabaseError

from search.backends.base import IndexSettings
from search.stop_words import FRENCH_STOP_WORDS

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.json")
ACRONYM = re.compile(r"^[A-Z]{2,5}$")
_WORDS = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_STOP_WORDS = frozenset(word.casefold() for word in FRENCH_STOP_WORDS)


@dataclass
class Vocabulary:
    groups: list[list[str]] = field(default_factory=list)
    one_way: dict[str, list[str]] = field(default_factory=dict)
    request_words: list[str] = field(default_factory=list)

    @classmethod
    def from_file(cls, path: Path = VOCABULARY_FILE) -> "Vocabulary":
        data = json.loads(path.read_text("utf-8"))
        return cls(
            groups=[list(group) for group in data.get("groups", [])],
            one_way={broad: list(narrow) for broad, narrow in data.get("one_way", {}).items()},
            request_words=list(data.get("request_words", [])),
        )

    def group_of(self, form: str) -> list[str]:
        """The forms meaning the same as ``form`` (itself included)."""
        key = form.casefold()
        for group in self.groups:
            if key in (f.casefold() for f in group):
                return group
        return [form]

    def synonyms(self) -> dict[str, list[str]]:
        """Meilisearch's shape: each key (lowercase) and what it also finds."""
        found: dict[str, list[str]] = {}

        def add(key: str, others: list[str]) -> None:
            bucket = found.setdefault(key.casefold(), [])
            for other in others:
                other = other.casefold()
                if other != key.casefold() and other not in bucket:
                    bucket.append(other)

        for group in self.groups:
            for form in group:
                add(form, group)
        for broad, narrower in self.one_way.items():
            reached = [form for narrow in narrower for form in self.group_of(narrow)]
            for form in self.group_of(broad):
                add(form, reached)
        # Meilisearch drops stop words from a query before matching synonym keys to its words
        # (1 to 3 of them): each key also without its stop words and elisions.
        for key, values in list(found.items()):
            bare = " ".join(w for w in _WORDS.findall(key) if w not in _STOP_WORDS)
            if bare and bare != key and bare not in found:
                found[bare] = values
        return {key: values for key, values in found.items() if values}

    def acronyms(self) -> list[str]:
        forms = [form for group in self.groups for form in group]
        forms += list(self.one_way)
        forms += [form for narrower in self.one_way.values() for form in narrower]
        return sorted({form.casefold() for form in forms if ACRONYM.match(form)})


def current_vocabulary() -> Vocabulary:
    """The file, with the admins' entries merged over it (when the database is ready)."""
    vocabulary = Vocabulary.from_file()
    try:
        from search.models import VocabularyEntry

        VocabularyEntry.merge_into(vocabulary)
    except (DatabaseError, RuntimeError):  # no table yet, or no database access: the file
        pass
    return vocabulary


def vocabulary_settings(settings: IndexSettings, vocabulary: Vocabulary) -> IndexSettings:
    """``settings`` with the vocabulary's synonyms, acronyms and request words added."""
    synonyms = dict(settings.synonyms)
    for key, values in vocabulary.synonyms().items():
        synonyms[key] = list(dict.fromkeys([*synonyms.get(key, []), *values]))
    stop_words = list(dict.fromkeys([*settings.stop_words, *vocabulary.request_words]))
    exact = list(dict.fromkeys([*settings.exact_words, *vocabulary.acronyms()]))
    return replace(settings, synonyms=synonyms, stop_words=stop_words, exact_words=exact)
