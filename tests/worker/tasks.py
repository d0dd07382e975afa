"""Tasks for the worker's tests (importable by path, as the worker needs)."""

from pathlib import Path

from django.db import OperationalError
from django.tasks import task


@task
def append_line(path: str, line: str) -> None:
    with Path(path).open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


@task
def lose_database() -> None:
    raise OperationalError("server closed the connection unexpectedly")
