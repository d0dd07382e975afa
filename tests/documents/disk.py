"""A disk that fills up: writes go through, byte for byte, until ``room`` bytes, then fail with
ENOSPC as a real full file system does (after writing what fitted). Used by the unit tests
and the fault suite (tests/faults/test_upload_faults.py)."""

import errno
import os
from contextlib import contextmanager
from unittest import mock

from django.core.files.storage import filesystem


class FillingFile:
    """A file object whose ``write`` fails with ENOSPC once the shared budget is spent."""

    def __init__(self, real, budget: list[int]) -> None:
        self._real = real
        self._budget = budget

    def write(self, data):
        room = self._budget[0]
        if len(data) > room:
            if room:
                self._real.write(data[:room])
                self._real.flush()
            self._budget[0] = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._budget[0] -= len(data)
        return self._real.write(data)

    def __getattr__(self, name):
        return getattr(self._real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._real.close()


@contextmanager
def storage_disk_full(room: int = 100):
    """Files written by the storage (``FileSystemStorage._save``) hit a full disk."""
    budget = [room]
    real_fdopen = os.fdopen
    with mock.patch.object(filesystem.os, "fdopen",
                           lambda *a, **k: FillingFile(real_fdopen(*a, **k), budget)):
        yield


@contextmanager
def temporary_uploads_disk_full(room: int = 100):
    """Temporary upload files (``TemporaryFileUploadHandler``) hit a full disk."""
    from django.core.files import uploadedfile

    budget = [room]
    real = uploadedfile.tempfile.NamedTemporaryFile

    def filling(*args, **kwargs):
        return FillingFile(real(*args, **kwargs), budget)

    with mock.patch.object(uploadedfile.tempfile, "NamedTemporaryFile", filling):
        yield
