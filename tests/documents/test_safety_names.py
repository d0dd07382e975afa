"""File names: made safe for display and download, never used to store the file."""

import pytest

from documents.safety import FileKind, check_upload, clean_display_name
from tests.documents import samples


@pytest.mark.parametrize(("given", "kind", "expected"), [
    ("../../etc/passwd", FileKind.TXT, "passwd.txt"),
    ("..\\..\\Windows\\system.ini", FileKind.TXT, "system.txt"),
    ("/absolute/path/rapport.pdf", FileKind.PDF, "rapport.pdf"),
    ("rap\x00port\x1b[31m.pdf", FileKind.PDF, "rapport[31m.pdf"),
    ("facture\u202efdp.exe", FileKind.PDF, "facturefdp.pdf"),
    ("  ..  caché.pdf  ", FileKind.PDF, "caché.pdf"),
    ('a<b>c:"d"|e?f*.pdf', FileKind.PDF, "a_b_c__d__e_f_.pdf"),
    ("Compte   rendu\tdu\nmardi.PDF", FileKind.PDF, "Compte rendu du mardi.pdf"),
    ("photo.JPEG", FileKind.JPEG, "photo.jpeg"),
    ("photo.png", FileKind.JPEG, "photo.jpg"),
    ("version 2.1 finale", FileKind.DOCX, "version 2.1 finale.docx"),
    ("../..", FileKind.PDF, "document.pdf"),
    ("\x01\x02\x03", FileKind.PNG, "document.png"),
    ("", FileKind.CSV, "document.csv"),
    (".bashrc", FileKind.TXT, "bashrc.txt"),
])
def test_names_are_cleaned(given, kind, expected):
    assert clean_display_name(given, kind=kind) == expected


def test_very_long_names_are_cut_and_keep_their_extension():
    name = clean_display_name("é" * 5000 + ".pdf", kind=FileKind.PDF)
    assert len(name) == 120
    assert name.endswith("é.pdf")


def test_an_upload_with_a_dangerous_name_is_accepted_under_a_safe_name():
    checked = check_upload(samples.upload("../../\x07" + "x" * 400 + ".pdf",
                                          samples.pdf_bytes()))
    assert checked.display_name == "x" * 116 + ".pdf"
    assert checked.content.name == checked.display_name
