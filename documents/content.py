"""Small helpers shared by previews, text extraction and scanning."""

import contextlib
import threading

# PDFium is not thread-safe: every use of pypdfium2 in the process holds this lock.
PDFIUM_LOCK = threading.Lock()

DEFAULT_READ_LIMIT = 64 * 1024 * 1024
_SEEK_ERRORS = (AttributeError, OSError, ValueError)


def as_bytes(content, limit: int = DEFAULT_READ_LIMIT) -> bytes:
    """The bytes of ``content``: bytes, a Django ``File``/``FieldFile`` or a binary file object
    (read from the start, at most ``limit`` bytes, position restored where possible)."""
    if isinstance(content, (bytes, bytearray, memoryview)):
        return bytes(content[:limit])
    if hasattr(content, "open") and getattr(content, "closed", False):
        content.open("rb")
    position = None
    with contextlib.suppress(*_SEEK_ERRORS):
        position = content.tell()
    with contextlib.suppress(*_SEEK_ERRORS):
        content.seek(0)
    data = content.read(limit)
    if position is not None:
        with contextlib.suppress(*_SEEK_ERRORS):
            content.seek(position)
    if isinstance(data, str):
        data = data.encode("utf-8")
    return data
