"""Tasks for the fault drills, run by real worker processes (importable by path)."""

import time
from pathlib import Path

from django.tasks import TaskContext, task

from worker.once import run_once

WAIT_SECONDS = 60  # a drill never waits longer than this for its release file


@task(takes_context=True)
def effect_then_wait(context: TaskContext, folder: str) -> int:
    """Does its effect once (an e-mail's way: ``worker.once``), says which attempt started,
    then waits for the drill to release it: the window in which a worker is killed."""
    path = Path(folder)
    attempt = len(context.task_result.worker_ids)
    run_once(f"drill:{context.task_result.id}",
             lambda: (path / "effects").open("a").write(f"effect by attempt {attempt}\n"))
    (path / f"started-{attempt}").touch()
    deadline = time.monotonic() + WAIT_SECONDS
    while not (path / "release").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return attempt


@task
def append_line(path: str, line: str) -> None:
    with Path(path).open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
