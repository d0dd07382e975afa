"""Every bad upload of issue 6 is refused with a clear French message and a code."""

import pytest
from django.core.exceptions import ValidationError

from documents.safety import check_quota, check_upload, check_uploads
from tests.documents import samples

PNG = samples.image_bytes("PNG")


def refusal(name: str, data: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_upload(samples.upload(name, data, "application/pdf"))
    return caught.value


@pytest.mark.parametrize(("name", "data", "code", "french"), [
    ("rapport.pdf", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
     "html", "« rapport.pdf » contient du HTML ou un script"),
    ("rapport.pdf", b"\n  <html><p>bonjour</p></html>", "html", "contient du HTML"),
    ("notes.txt", b"Bonjour\n<script>alert(1)</script>\n", "html", "contient du HTML"),
    ("lien.md", b"[clic](javascript:alert(1))", "html", "contient du HTML"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
     "svg", "« logo.svg » est une image SVG"),
    ("logo.png", b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
     "svg", "est une image SVG"),
    ("image.png", PNG + b"<html><script>alert(1)</script></html>", "image_polyglot",
     "« image.png » n'est pas une simple image"),
    ("image.png", PNG[:33] + b"<html><script>alert(1)</script></html>", "image_polyglot",
     "n'est pas une simple image"),
    ("image.png", PNG + b"PK\x03\x04 a zip glued after the end", "image_polyglot",
     "n'est pas une simple image"),
    ("image.png", PNG[:60], "image_invalid", "« image.png » n'est pas une image lisible"),
    ("polyglotte.pdf", samples.pdf_with_javascript(), "pdf_active_content",
     "« polyglotte.pdf » contient du contenu actif"),
    ("cache.pdf", samples.pdf_with_hidden_javascript(), "pdf_active_content",
     "contient du contenu actif"),
    ("compresse.pdf", samples.pdf_with_javascript_in_object_stream(), "pdf_active_content",
     "contient du contenu actif"),
    ("lance.pdf", samples.pdf_with_launch_action(), "pdf_active_content",
     "contient du contenu actif"),
    ("joint.pdf", samples.pdf_with_embedded_file(), "pdf_active_content",
     "contient du contenu actif"),
    ("html.pdf", samples.pdf_with_html(), "pdf_active_content", "contient du contenu actif"),
    ("lien.pdf", samples.pdf_with_link(b"javascript:alert(1)"), "pdf_active_content",
     "contient du contenu actif"),
    ("casse.pdf", b"%PDF-1.7\nnothing else here", "pdf_invalid",
     "« casse.pdf » n'est pas un fichier PDF lisible"),
    ("macros.docm", samples.ooxml_bytes("docm"), "macros",
     "« macros.docm » contient des macros"),
    ("macros.docx", samples.ooxml_bytes("docx", extra={"word/vbaProject.bin": b"\xd0\xcf"}),
     "macros", "contient des macros"),
    ("macros.odt", samples.odf_bytes(extra={"Basic/Standard/Module1.xml": b"<module/>"}),
     "macros", "contient des macros"),
    ("evenement.odt", samples.odf_bytes(body_extra="<office:event-listeners><script:event-"
                                        "listener/></office:event-listeners>"),
     "macros", "contient des macros"),
    ("bombe.docx", samples.zip_bomb(), "zip_bomb", "« bombe zip »"),
    ("archive.zip", samples._zip({"a.txt": b"hello"}), "unsupported_type",
     "n'est pas un document accepté"),
    ("programme.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "unsupported_type",
     "Le type de « programme.exe » n'est pas accepté"),
    ("anim.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image_format",
     "est une image dans un format non accepté"),
    ("vide.txt", b"", "empty", "« vide.txt » est vide"),
])
def test_bad_upload_is_refused_in_french(name, data, code, french):
    error = refusal(name, data)
    assert error.code == code
    assert french in error.messages[0]


def test_zero_byte_file():
    error = refusal("vide.pdf", b"")
    assert error.messages == ["« vide.pdf » est vide : choisissez un fichier qui a un contenu."]


def test_file_over_the_limit_is_refused_before_reading(settings):
    settings.DOCUMENTS_MAX_UPLOAD_BYTES = 1000
    upload = samples.upload("gros.pdf", b"%PDF-" + b"x" * 2000)

    class Unreadable:
        def read(self, *args):
            raise AssertionError("the file was read")

        seek = read

    upload.file = Unreadable()
    with pytest.raises(ValidationError) as caught:
        check_upload(upload)
    assert caught.value.code == "too_large"
    assert caught.value.messages == [
        "« gros.pdf » est trop volumineux (2,0\xa0Kio) : un fichier ne peut pas dépasser "
        "1000\xa0octets."
    ]


def test_image_with_too_many_pixels(settings):
    settings.DOCUMENTS_MAX_IMAGE_PIXELS = 1_000_000
    error = refusal("grand.png", samples.image_bytes("PNG", (2000, 1000)))
    assert error.code == "image_too_big"
    assert "(2000 × 1000 pixels)" in error.messages[0]


def test_encrypted_pdf_is_refused():
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(samples.pdf_bytes())))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    error = refusal("secret.pdf", out.getvalue())
    assert error.code == "pdf_encrypted"
    assert "protégé par un mot de passe" in error.messages[0]


def test_too_many_files_in_one_request(settings):
    settings.DOCUMENTS_MAX_FILES_PER_REQUEST = 3
    uploads = [samples.upload(f"{n}.txt", b"texte") for n in range(4)]
    with pytest.raises(ValidationError) as caught:
        check_uploads(uploads)
    assert caught.value.messages == [
        "Vous avez envoyé 4 fichiers : 3 fichiers au plus peuvent être envoyés à la fois."
    ]


def test_one_bad_file_refuses_them_all_and_every_error_is_listed():
    with pytest.raises(ValidationError) as caught:
        check_uploads([
            samples.upload("bon.pdf", samples.pdf_bytes()),
            samples.upload("vide.txt", b""),
            samples.upload("page.pdf", b"<html></html>"),
        ])
    messages = caught.value.messages
    assert len(messages) == 2
    assert messages[0].startswith("« vide.txt » est vide")
    assert messages[1].startswith("« page.pdf » contient du HTML")


def test_quota(settings):
    settings.DOCUMENTS_MEMBER_QUOTA_BYTES = 10 * 1024 * 1024
    check_quota(used_bytes=9 * 1024 * 1024, incoming_bytes=1024 * 1024)
    with pytest.raises(ValidationError) as caught:
        check_quota(used_bytes=9 * 1024 * 1024, incoming_bytes=2 * 1024 * 1024)
    assert caught.value.code == "quota"
    assert caught.value.messages == [
        "Espace de stockage insuffisant : ces fichiers occupent 2,0\xa0Mio et vous utilisez déjà "
        "9,0\xa0Mio sur vos 10,0\xa0Mio. Supprimez des fichiers dont vous n'avez plus besoin, ou "
        "envoyez-en moins."
    ]


def test_no_quota_when_set_to_zero(settings):
    settings.DOCUMENTS_MEMBER_QUOTA_BYTES = 0
    check_quota(used_bytes=10**12, incoming_bytes=10**12)


def test_a_file_longer_than_it_claims_is_refused(settings):
    settings.DOCUMENTS_MAX_UPLOAD_BYTES = 100
    upload = samples.upload("menteur.txt", b"x" * 500)
    upload.size = 50
    with pytest.raises(ValidationError) as caught:
        check_upload(upload)
    assert caught.value.code == "too_large"
    assert caught.value.messages == [
        "« menteur.txt » est trop volumineux : un fichier ne peut pas dépasser 100\xa0octets."
    ]
