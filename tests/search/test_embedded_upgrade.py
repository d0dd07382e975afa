"""An embedded index written before the tie-breaker field (sidecar format 1) is rebuilt with
its documents on the next configure, not emptied."""

import json

import tantivy

from search.backends import embedded
from search.backends.base import IndexSettings
from search.backends.embedded import EmbeddedBackend
from search.backends.embedded_schema import build_document, build_schema
from search.backends.embedded_text import FOLD, SORT, STEM

SETTINGS = IndexSettings(searchable=["name"], sortable=["name"], tie_breaker="name")
DOCS = [{"id": "b", "name": "Bruno Marin"}, {"id": "a", "name": "Alice Marin"}]


def _without_tie(build):
    def schema(settings):
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("_id", tokenizer_name="raw", index_option="basic")
        builder.add_bytes_field("_doc", stored=True)
        for i in range(len(settings.searchable)):
            builder.add_text_field(f"s{i}", tokenizer_name=STEM)
            builder.add_text_field(f"f{i}", tokenizer_name=FOLD, index_option="basic")
        for m in range(len(settings.sortable)):
            builder.add_text_field(f"t{m}", tokenizer_name=SORT, fast=True,
                                   index_option="basic")
            builder.add_float_field(f"n{m}", fast=True)
        return builder.build()

    def document(settings, source):
        doc = tantivy.Document()
        doc.add_text("_id", str(source["id"]))
        doc.add_bytes("_doc", json.dumps(source).encode())
        for value in [source["name"]]:
            doc.add_text("s0", value)
            doc.add_text("f0", value)
        return doc

    return schema if build is build_schema else document


def test_a_format_1_index_keeps_its_documents(tmp_path, monkeypatch):
    old = EmbeddedBackend({"path": str(tmp_path)})
    monkeypatch.setattr(embedded, "build_schema", _without_tie(build_schema))
    monkeypatch.setattr(embedded, "build_document", _without_tie(build_document))
    old.configure("people", SETTINGS)
    old.index("people", DOCS)
    sidecar = tmp_path / "people" / "settings.json"
    data = json.loads(sidecar.read_text())
    data["format"] = 1
    sidecar.write_text(json.dumps(data))
    monkeypatch.undo()

    new = EmbeddedBackend({"path": str(tmp_path)})
    new.configure("people", SETTINGS)
    assert json.loads(sidecar.read_text())["format"] == embedded.FORMAT
    assert new.count("people") == 2
    assert [hit.id for hit in new.search("people", "marin").hits] == ["a", "b"]
