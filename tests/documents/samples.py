"""Files built in the tests, good and bad, for the upload checks (documents/safety.py).

Nothing is read from disk: every sample is generated here, so what each one contains is plain.
"""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

WORDS = "Bonjour catalyseurs territoriaux coopération"


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# --- PDF --------------------------------------------------------------------------------------
def build_pdf(objects: list[bytes], *, root: int = 1) -> bytes:
    """A PDF from numbered object bodies (object i+1 is ``objects[i]``), with a correct xref."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, root, xref))
    return out.getvalue()


def pdf_bytes(text: str = WORDS, *, catalog_extra: bytes = b"", extra_objects=()) -> bytes:
    stream = b"BT /F1 18 Tf 40 700 Td (" + text.encode("latin-1") + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *extra_objects,
    ]
    return build_pdf(objects)


def pdf_with_javascript() -> bytes:
    """The PDF/JS polyglot: a JavaScript action run when the document opens."""
    return pdf_bytes(catalog_extra=b"/OpenAction 6 0 R",
                     extra_objects=[b"<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>"])


def pdf_with_hidden_javascript() -> bytes:
    """The same, with the names written in #xx escapes that a byte search would miss."""
    return pdf_bytes(catalog_extra=b"/OpenAction 6 0 R",
                     extra_objects=[b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>"])


def pdf_with_launch_action() -> bytes:
    return pdf_bytes(catalog_extra=b"/OpenAction << /S /Launch /F (cmd.exe) >>")


def pdf_with_embedded_file() -> bytes:
    data = b"MZ fake executable"
    return pdf_bytes(
        catalog_extra=b"/Names << /EmbeddedFiles << /Names [(run.exe) 6 0 R] >> >>",
        extra_objects=[
            b"<< /Type /Filespec /F (run.exe) /EF << /F 7 0 R >> >>",
            b"<< /Type /EmbeddedFile /Length %d >>\nstream\n" % len(data) + data
            + b"\nendstream",
        ],
    )


def pdf_with_html() -> bytes:
    """A PDF that a browser sniffing the bytes could also read as HTML."""
    return pdf_bytes().replace(b"%\xe2\xe3\xcf\xd3\n",
                               b"%<html><script>alert(1)</script></html>\n", 1)


def pdf_with_link(uri: bytes) -> bytes:
    """A page with a link annotation to ``uri``."""
    return pdf_bytes(extra_objects=[
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /URI /URI (" + uri
        + b") >> >>",
    ]).replace(b"/Contents 4 0 R", b"/Contents 4 0 R /Annots [6 0 R]")


def pdf_with_goto_open_action() -> bytes:
    """An ``OpenAction`` that only opens the first page: harmless, and common."""
    return pdf_bytes(catalog_extra=b"/OpenAction [3 0 R /Fit]")


# --- Images -----------------------------------------------------------------------------------
def image_bytes(fmt: str = "PNG", size=(64, 48), *, color="teal", exif=None) -> bytes:
    image = Image.new("RGB", size, color)
    out = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    image.save(out, fmt, **options)
    return out.getvalue()


def gps_exif(orientation: int = 1):
    """EXIF with a GPS position (Paris) and an orientation."""
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x010F] = "Catalyse Test Camera"  # Make
    gps = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    exif[0x8825] = gps
    return exif


# --- Office documents -------------------------------------------------------------------------
def _zip(members: dict[str, bytes], *, first: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if first:
            archive.writestr(zipfile.ZipInfo(first), members[first],
                             compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            if name != first:
                archive.writestr(name, data)
    return out.getvalue()


OOXML_MAIN = {
    "docx": ("word/document.xml",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "docm": ("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"),
    "xlsx": ("xl/workbook.xml",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml",
             "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
}


def ooxml_bytes(kind: str = "docx", text: str = WORDS, *, extra: dict | None = None) -> bytes:
    part, content_type = OOXML_MAIN[kind]
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Override PartName="/{part}" ContentType="{content_type}"/>'
        "</Types>"
    )
    members = {"[Content_Types].xml": types.encode(), "_rels/.rels": b"<Relationships/>"}
    if kind in ("docx", "docm"):
        members[part] = (
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
            "<w:p><w:r><w:t>Deuxième paragraphe</w:t></w:r></w:p></w:body></w:document>"
        ).encode()
    elif kind == "xlsx":
        members[part] = b"<workbook/>"
        members["xl/sharedStrings.xml"] = (
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<si><t>{text}</t></si><si><t>Région</t></si></sst>"
        ).encode()
    else:
        members[part] = b"<presentation/>"
        for number, words in ((2, "Deuxième diapositive"), (1, text)):
            members[f"ppt/slides/slide{number}.xml"] = (
                '<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
                'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
                f"<a:p><a:r><a:t>{words}</a:t></a:r></a:p></p:sld>"
            ).encode()
    members.update(extra or {})
    return _zip(members)


ODF_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}


def odf_bytes(kind: str = "odt", text: str = WORDS, *, extra: dict | None = None,
              body_extra: str = "") -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0">'
        f"{body_extra}<office:body><office:text><text:h>Titre</text:h>"
        f"<text:p>{text}</text:p></office:text></office:body></office:document-content>"
    )
    members = {
        "mimetype": ODF_MIMETYPES[kind].encode(),
        "content.xml": content.encode(),
        "META-INF/manifest.xml": b"<manifest/>",
    }
    members.update(extra or {})
    return _zip(members, first="mimetype")


def zip_bomb() -> bytes:
    """A docx whose one member inflates from a few dozen kilobytes to 64 MB of zeros."""
    return ooxml_bytes("docx", extra={"word/media/zeros.bin": b"\0" * (64 * 1024 * 1024)})


def pdf_with_javascript_in_object_stream() -> bytes:
    """The JavaScript action stored inside a compressed object stream (PDF 1.5), where a search
    of the file's bytes cannot see it; found through an xref stream."""
    stream = b"BT /F1 18 Tf 40 700 Td (Bonjour) Tj ET"
    action = b"<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>"
    header = b"6 0 "
    import zlib

    packed = zlib.compress(header + action)
    bodies = {
        1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> >> >>",
        4: b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        7: b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
           % (len(header), len(packed)) + packed + b"\nendstream",
    }
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in bodies.items():
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref_offset = out.tell()
    offsets[8] = xref_offset
    rows = [struct_pack(0, 0, 65535)]
    for number in range(1, 9):
        if number == 6:
            rows.append(struct_pack(2, 7, 0))
        else:
            rows.append(struct_pack(1, offsets[number], 0))
    data = b"".join(rows)
    out.write(b"8 0 obj\n<< /Type /XRef /Size 9 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
              % len(data) + data + b"\nendstream\nendobj\n")
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref_offset)
    return out.getvalue()


def struct_pack(kind: int, field2: int, field3: int) -> bytes:
    import struct

    return struct.pack(">BIH", kind, field2, field3)
