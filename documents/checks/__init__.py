"""Content checks behind documents.safety.check_upload, one module per family of formats.

Each module has ``looks_like(head: bytes) -> bool`` (magic bytes) and
``check(data: bytes, name: str) -> tuple[FileKind, bytes | None]``: the detected kind and the
bytes to store instead of the original (None: store the original), or a ``ValidationError``.
"""
