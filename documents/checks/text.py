"""Plain text kinds: txt, csv and md.

Whatever is not a recognised binary format must be text to be accepted: UTF-8 (a byte order
mark is dropped), UTF-16 with its byte order mark or, failing both, Windows-1252, which French
spreadsheets still write; it is stored as UTF-8. No NUL and no control characters except tab,
line feed, carriage return and form feed (binary files fail there). Text is a kind a browser
might "sniff" as HTML and run: anything that starts like HTML, SVG or XML, or that carries a
script, frame or SVG tag near its start, is refused, whatever the downloads' headers say.

Text formats cannot be told apart by content, so the name's extension picks among the three
(plain text when it names none of them); this never lets a name make anything else acceptable.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from documents.kinds import TEXT_KINDS, FileKind

_BOM = b"\xef\xbb\xbf"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# The WHATWG MIME sniffing algorithm's HTML patterns (the first non-blank bytes), plus SVG/XML.
_SNIFFED_START = re.compile(
    r"<(!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p"
    r"|!--|\?xml|svg)[\s>/]",
    re.IGNORECASE,
)
_MARKUP_NEAR_START = re.compile(
    r"<\s*(script|html|body|iframe|svg|object|embed|frameset|meta|base|!doctype)\b"
    r"|javascript\s*:",
    re.IGNORECASE,
)
_SVG = re.compile(r"<\s*svg\b", re.IGNORECASE)
NEAR_START = 4096


def check(data: bytes, name: str, *, hint: FileKind | None) -> tuple[FileKind, bytes | None]:
    text, changed = _decode(data, name)
    start = text[:NEAR_START]
    stripped = start.lstrip()
    if _SVG.search(start):
        raise ValidationError(
            _("“%(name)s” is an SVG image, which can carry scripts: export it as PNG instead."),
            code="svg", params={"name": name},
        )
    if _SNIFFED_START.match(stripped) or _MARKUP_NEAR_START.search(start):
        raise ValidationError(
            _("“%(name)s” contains HTML or a script, which is not accepted: accepted types are "
              "PDF, office documents, text, CSV, Markdown and PNG, JPEG or WebP images."),
            code="html", params={"name": name},
        )
    kind = hint if hint in TEXT_KINDS else FileKind.TXT
    return kind, (text.encode("utf-8") if changed else None)


def _decode(data: bytes, name: str) -> tuple[str, bool]:
    """The text and whether its bytes must change to become plain UTF-8."""
    changed = False
    if data.startswith(_BOM):
        data, changed = data[len(_BOM):], True
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, as Windows' Notepad writes
        try:
            data, changed = data.decode("utf-16").encode("utf-8"), True
        except UnicodeDecodeError as error:
            raise _binary(name) from error
    if b"\x00" in data:
        raise _binary(name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text, changed = data.decode("cp1252"), True
        except UnicodeDecodeError as error:
            raise _binary(name) from error
    if _CONTROL.search(text) or not text.strip():
        raise _binary(name)
    return text, changed


def _binary(name: str) -> ValidationError:
    return ValidationError(
        _("The type of “%(name)s” is not accepted: accepted types are PDF, OpenDocument, Word, "
          "Excel, PowerPoint, text, CSV, Markdown, PNG, JPEG and WebP."),
        code="unsupported_type", params={"name": name},
    )
