"""Uploads against faults: a disk that fills up in the middle of a file (ENOSPC at the write,
tests/documents/disk.py) leaves nothing behind, on PostgreSQL; an anonymous 300 MB body is
refused from its headers, before Daphne reads it (config/request_limits.py)."""

import select
import socket
import time

import pytest
from django.urls import reverse

from documents.models import Document, DocumentFile, DocumentVersion
from tests.documents.disk import storage_disk_full, temporary_uploads_disk_full
from tests.documents.helpers import card, stored_files
from tests.documents.samples import upload
from tests.faults.conftest import server_env

MESSAGE = "Le serveur n’a pas pu enregistrer le fichier (espace disque insuffisant)."
BIG = ("Coopération territoriale. " * 40_000).encode()  # ~1 MB: past the memory handler


def _nothing_left(temp_dir) -> None:
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists() and not DocumentFile.objects.exists()
    assert stored_files() == []
    assert list(temp_dir.iterdir()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("fault", ["storage", "temporary file"])
def test_a_disk_that_fills_up_during_an_upload(as_user, member, settings, tmp_path, fault):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000  # to a temporary file, as a large file goes
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "tmp")
    (tmp_path / "tmp").mkdir()
    disk_full = storage_disk_full if fault == "storage" else temporary_uploads_disk_full
    started = time.monotonic()
    with disk_full(room=64 * 1024):
        response = as_user(member).post(reverse("documents:propose"), {
            **card(tags="coopération"), "note": "",
            "files": [upload("rapport.txt", BIG, "text/plain")]})
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    _nothing_left(tmp_path / "tmp")
    print(f"\nfull disk ({fault}): form shown again with the message in "
          f"{time.monotonic() - started:.2f} s, nothing left behind")


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_300_mb_body_is_refused_before_it_is_read(processes, tmp_path):
    _, base = processes.daphne("web", server_env(tmp_path))
    port = int(base.rsplit(":", 1)[1])
    length = 300 * 1024 * 1024
    sent = 0
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(
            f"POST {reverse('account_signup')} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: multipart/form-data; boundary=x\r\n"
            f"Content-Length: {length}\r\n\r\n".encode())
        chunk = b"x" * 65536
        answer = b""
        # Send the body as fast as the server takes it, until it answers (or 30 s pass).
        while sent < length and time.monotonic() - started < 30:
            readable, writable, _ = select.select([connection], [connection], [], 1)
            if readable:
                answer = connection.recv(65536)
                break
            if writable:
                try:
                    sent += connection.send(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    break
        connection.settimeout(5)
        while not answer.endswith(b"</html>"):
            more = connection.recv(65536)
            if not more:
                break
            answer += more
    elapsed = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert "Requête trop volumineuse".encode() in answer
    assert sent < 8 * 1024 * 1024  # what the kernel's buffers took, not 300 MB
    assert elapsed < 2
    print(f"\nanonymous 300 MB POST: 413 after {elapsed * 1000:.0f} ms, "
          f"{sent / 1024:.0f} KB sent of {length // 2**20} MB")
