"""Files held between two submits of a document form.

A member who chose a file and forgot the title should not have to choose the file again. When a
document form comes back with an error, the files it received, once they passed the checks
(documents.safety and the quota), are held here for ``HOLD_SECONDS`` under a random token; the
form carries the token in a hidden field and says "Fichier déjà reçu : nom.pdf (remplacer)".
The next submit without a new file takes them back, and the service checks them once more like
any upload.

A token is bound to the session that received the files: it is only ever looked up in that
session, so another member (or another browser) cannot use it. The bytes live under
``MEDIA_ROOT/holding/<timestamp>-<token>/`` through the default storage; ``purge_expired``
deletes what is older than ``HOLD_SECONDS`` (run by each new hold and by the
``documents_sweep`` command).
"""

import contextlib
import re
import secrets
import time
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _

HOLD_SECONDS = 3600
ROOT = "holding"
SESSION_KEY = "documents_held"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class HeldFilesGone(Exception):
    """The token is unknown to this session, or its files expired: ``message`` says it in
    French, to be shown next to the files field."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Held:
    token: str
    names: list[str]


def _folder(entry: dict, token: str) -> str:
    return f"{ROOT}/{entry['at']}-{token}"


def hold(request, uploads) -> Held:
    """Keep ``uploads`` (already checked) for this session; returns their token and names."""
    purge_expired()
    token = secrets.token_urlsafe(24)
    now = int(time.time())
    files = []
    for number, upload in enumerate(uploads):
        upload.seek(0)
        path = default_storage.save(f"{ROOT}/{now}-{token}/{number}", ContentFile(upload.read()))
        files.append({"path": path, "name": upload.name,
                      "type": getattr(upload, "content_type", "") or ""})
    held = dict(request.session.get(SESSION_KEY) or {})
    # Tokens of this session whose time is over are forgotten here (their files by the purge).
    held = {key: entry for key, entry in held.items() if now - entry["at"] < HOLD_SECONDS}
    held[token] = {"at": now, "files": files}
    request.session[SESSION_KEY] = held
    return Held(token=token, names=[item["name"] for item in files])


def _entry(request, token: str) -> dict:
    entry = (request.session.get(SESSION_KEY) or {}).get(token) if _TOKEN.match(token) else None
    if entry is None:
        raise HeldFilesGone(_("The file received earlier is not available any more: choose "
                              "it again."))
    if time.time() - entry["at"] >= HOLD_SECONDS:
        release(request, token)
        raise HeldFilesGone(_("The file received earlier was kept for one hour only and has "
                              "expired: choose it again."))
    return entry


def names(request, token: str) -> list[str]:
    """The names of the files held under ``token`` (HeldFilesGone if none)."""
    return [item["name"] for item in _entry(request, token)["files"]]


def take(request, token: str) -> list[SimpleUploadedFile]:
    """The files held under ``token`` as uploads again, to be checked like any upload."""
    uploads = []
    for item in _entry(request, token)["files"]:
        try:
            with default_storage.open(item["path"], "rb") as stored:
                data = stored.read()
        except FileNotFoundError:
            release(request, token)
            raise HeldFilesGone(_("The file received earlier is not available any more: "
                                  "choose it again.")) from None
        uploads.append(SimpleUploadedFile(item["name"], data, item["type"] or None))
    return uploads


def release(request, token: str) -> None:
    """Forget ``token`` and delete its files (the document is made, or they expired)."""
    held = dict(request.session.get(SESSION_KEY) or {})
    entry = held.pop(token, None)
    if entry is None:
        return
    request.session[SESSION_KEY] = held
    _delete_folder(_folder(entry, token))


def _delete_folder(folder: str) -> None:
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        default_storage.delete(f"{folder}/{name}")
    with contextlib.suppress(OSError):
        default_storage.delete(folder)  # the empty directory, on a file system


def purge_expired(*, now: float | None = None) -> int:
    """Delete the held files older than ``HOLD_SECONDS``; returns how many folders went."""
    now = time.time() if now is None else now
    try:
        folders, _files = default_storage.listdir(ROOT)
    except FileNotFoundError:
        return 0
    purged = 0
    for folder in folders:
        stamp = folder.split("-", 1)[0]
        if stamp.isdigit() and now - int(stamp) >= HOLD_SECONDS:
            _delete_folder(f"{ROOT}/{folder}")
            purged += 1
    return purged
