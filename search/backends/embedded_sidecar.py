"""The sidecar of an embedded index (``<name>/settings.json``): its IndexSettings and current
generation, switched atomically (see ``embedded.EmbeddedBackend``), and the open index it names."""

import json
import os
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

import tantivy

from search.backends.base import IndexSettings
from search.backends.embedded_text import Synonyms, build_synonyms, fold_tokens, register_analyzers
from search.backends.synonyms import applicable, phrase_keys

SIDECAR = "settings.json"
FORMAT = 2  # 2: the ``_tie`` field; an index of format 1 is rebuilt from its stored documents


@dataclass
class Handle:
    stamp: tuple[int, int, int]
    generation: str
    settings: IndexSettings
    index: tantivy.Index
    synonyms: Synonyms
    stop_words: frozenset[str]
    exact_words: frozenset[str]
    format: int
    # Values Meilisearch cannot match -> their keys, written in ``_synonyms`` (see synonyms)
    phrases: dict[tuple[str, ...], list[str]]
    # Sortable attributes found to hold numbers (embedded_results._sort_field)
    numeric_sorts: set[int] = field(default_factory=set)


def open_handle(sidecar: Path, stamp: tuple[int, int, int]) -> Handle:
    data = json.loads(sidecar.read_text("utf-8"))
    if data.get("format") not in (1, FORMAT):
        raise ValueError(f"unknown sidecar format {data.get('format')!r}")
    settings = IndexSettings(**data["settings"])
    path = sidecar.parent / data["generation"]
    if not tantivy.Index.exists(str(path)):
        raise ValueError(f"no index at {path}")
    index = tantivy.Index.open(str(path))
    register_analyzers(index)
    stop_words = frozenset(t for word in settings.stop_words for t in fold_tokens(word))
    exact_words = frozenset(t for word in settings.exact_words for t in fold_tokens(word))
    return Handle(
        stamp,
        data["generation"],
        settings,
        index,
        # What Meilisearch applies, no more (see ``synonyms``).
        build_synonyms(applicable(settings.synonyms, settings.stop_words)),
        stop_words,
        exact_words,
        data["format"],
        phrase_keys(settings.synonyms, settings.stop_words),
    )


def save_sidecar(directory: Path, generation: str, settings: IndexSettings) -> None:
    data = {"format": FORMAT, "generation": generation, "settings": asdict(settings)}
    temporary = directory / f".{SIDECAR}.{uuid.uuid4().hex}"
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    os.replace(temporary, directory / SIDECAR)
