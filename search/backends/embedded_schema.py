"""The tantivy schema of an embedded index, and the documents stored in it.

Fields, by position in the settings lists (attribute names never become field names):

- ``_id`` (raw, for replace/delete) and ``_doc`` (stored bytes: the document as JSON);
- searchable attribute i: ``s{i}`` French-stemmed tokens with positions (exact and phrase
  matching) and ``f{i}`` folded unstemmed tokens (exact, prefix and typo matching);
- filterable attribute j: ``k{j}``, each value as one raw fast token (exact filters, facet counts
  by tantivy's terms aggregation, which handles multi-valued fields);
- sortable attribute m: ``t{m}`` (text, lowercased and folded) and ``n{m}`` (numbers), fast
  fields for ``order_by_field``; documents without a value come last either way;
- ``_tie``: a number that orders the document among equal scores (its ``tie_breaker``
  attribute, or primary key: numbers as they are, text by its first ten folded characters).
"""

import json
from typing import Any

import tantivy

from search.backends.base import IndexSettings
from search.backends.embedded_text import FOLD, SORT, STEM, clean, sort_text, utf8


def values_at(document: dict[str, Any], path: str) -> list[Any]:
    """Leaf values at a dotted path, lists flattened, None dropped."""
    values: list[Any] = [document]
    for key in path.split("."):
        found: list[Any] = []
        for value in values:
            if isinstance(value, dict) and key in value:
                found.append(value[key])
        values = []
        for value in found:
            values.extend(_flatten(value))
    return values


def _flatten(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [leaf for item in value for leaf in _flatten(item)]
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _flatten(item)]
    return [value]


def keyword(value: Any) -> str:
    """A filterable value as stored and as compared: exact, booleans and numbers as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return utf8(str(value))


def dumps(source: dict[str, Any]) -> bytes:
    return json.dumps(source, ensure_ascii=False).encode("utf-8", "surrogatepass")


def loads(stored: bytes) -> dict[str, Any]:
    return json.loads(stored.decode("utf-8", "surrogatepass"))


def layout(settings: IndexSettings) -> tuple:
    """What the schema depends on; the other settings apply at query time."""
    return (
        settings.primary_key,
        tuple(settings.searchable),
        tuple(settings.filterable),
        tuple(settings.sortable),
    )


def build_schema(settings: IndexSettings) -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("_id", tokenizer_name="raw", index_option="basic")
    builder.add_bytes_field("_doc", stored=True)
    builder.add_float_field("_tie", fast=True)
    for i in range(len(settings.searchable)):
        builder.add_text_field(f"s{i}", tokenizer_name=STEM)
        builder.add_text_field(f"f{i}", tokenizer_name=FOLD, index_option="basic")
    for j in range(len(settings.filterable)):
        builder.add_text_field(f"k{j}", tokenizer_name="raw", fast=True, index_option="basic")
    for m in range(len(settings.sortable)):
        builder.add_text_field(f"t{m}", tokenizer_name=SORT, fast=True, index_option="basic")
        builder.add_float_field(f"n{m}", fast=True)
    return builder.build()


def build_document(settings: IndexSettings, source: dict[str, Any]) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_text("_id", utf8(str(source[settings.primary_key])))
    doc.add_bytes("_doc", dumps(source))
    doc.add_float("_tie", tie_value(settings, source))
    for i, attribute in enumerate(settings.searchable):
        for value in values_at(source, attribute):
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                text = clean(str(value))
                doc.add_text(f"s{i}", text)
                doc.add_text(f"f{i}", text)
    for j, attribute in enumerate(settings.filterable):
        for value in dict.fromkeys(map(keyword, values_at(source, attribute))):
            doc.add_text(f"k{j}", value)
    for m, attribute in enumerate(settings.sortable):
        values = values_at(source, attribute)
        if values and isinstance(values[0], int | float):
            doc.add_float(f"n{m}", float(values[0]))
        elif values and isinstance(values[0], str):
            doc.add_text(f"t{m}", utf8(values[0]))
    return doc


TIE_LAST = float(37**10)  # after every text key: documents without a tie-breaker value
_TIE_DIGITS = {c: i + 1 for i, c in enumerate("0123456789abcdefghijklmnopqrstuvwxyz")}


def tie_value(settings: IndexSettings, source: dict[str, Any]) -> float:
    """The ``_tie`` number of a document: ascending order among equal scores."""
    values = values_at(source, settings.tie_breaker or settings.primary_key)
    if not values:
        return TIE_LAST
    value = values[0]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    key = 0
    for char in sort_text(str(value)).ljust(10)[:10]:  # base 37: exact in a float64
        key = key * 37 + _TIE_DIGITS.get(char, 0)
    return float(key)
